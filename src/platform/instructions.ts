// The conversation's instructions, for every request of the chat in every mode (the agent loop takes
// them from here too): grok.chat.instructions and the workspace's AGENTS.md and .grok/rules/*.md,
// minus what the user removed for the conversation. Read fresh for each request: an edited rules file
// or setting applies from the next request on, and nothing else changes the bytes between turns.
import * as vscode from 'vscode';
import { composeInstructions, instructionChips, instructionSources, type InstructionSource } from '../conversation/instructions';
import type { InstructionChip } from '../protocol';
import { readChatInstructions } from './config';
import { loadProjectRules } from './projectRules';

export async function loadInstructionSources(): Promise<InstructionSource[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath }));
  const rules = await loadProjectRules(folders).catch(() => []);
  return instructionSources(readChatInstructions(), rules);
}

/** The one function that says what a conversation's requests carry as instructions ('' for none). */
export async function conversationInstructions(conversation: { removedInstructions?: string[] }): Promise<string> {
  return composeInstructions(await loadInstructionSources(), conversation.removedInstructions);
}

export async function conversationInstructionChips(conversation: { removedInstructions?: string[] }): Promise<InstructionChip[]> {
  return instructionChips(await loadInstructionSources(), conversation.removedInstructions);
}

/** Fires when the setting or a rules file at a workspace folder's root changes. */
export function onInstructionsChanged(listener: () => void): vscode.Disposable {
  const disposables: vscode.Disposable[] = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('grok.chat.instructions')) listener();
    }),
  ];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{AGENTS.md,.grok/rules/*.md}'));
    disposables.push(watcher, watcher.onDidCreate(listener), watcher.onDidChange(listener), watcher.onDidDelete(listener));
  }
  return vscode.Disposable.from(...disposables);
}
