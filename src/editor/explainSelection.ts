// grok.explainSelection: the selection (with its path, language and a few lines around it) goes to the
// chat as a new turn of the current conversation, and the answer streams there. The chat owns the
// conversation; this only builds the turn and hands it over through grok.ask.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { contextFromEditor } from '../platform/editorContext';
import type { ContextItem } from '../conversation/conversation';
import { info } from '../platform/log';
import { documentPath } from './codeContext';
import { EXPLAIN_SURROUNDING_LINES, explainQuestion, surroundingText } from './prompts';

/** What grok.ask resolves with (the chat's AskResult), or why nothing was asked. */
export type ExplainResult = { status: 'noSelection' } | { text?: string; status?: string; error?: { kind: string; message: string } };

export async function explainSelection(): Promise<ExplainResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage(
      editor ? 'Grok: select the code to explain first, then run Explain Selection.' : 'Grok: open a file and select the code to explain, then run Explain Selection.',
    );
    return { status: 'noSelection' };
  }
  const selection = contextFromEditor(editor, 'selection');
  if ('error' in selection) {
    void vscode.window.showInformationMessage(`Grok: ${selection.error}`);
    return { status: 'noSelection' };
  }
  const items = [selection, surroundings(editor, selection)];
  const question = explainQuestion(selection.path, selection.startLine ?? 1, selection.endLine ?? selection.startLine ?? 1);
  info(`explainSelection: ${editor.document.languageId}, ${selection.content.length} chars`);
  // The chat shows the question with the selection and its surroundings as chips: exactly what is sent.
  return vscode.commands.executeCommand<ExplainResult | undefined>('grok.ask', question, { context: items });
}

/** A few lines before and after the selection, the selection itself marked, not repeated. */
function surroundings(editor: vscode.TextEditor, selection: ContextItem): ContextItem {
  const doc = editor.document;
  const first = (selection.startLine ?? 1) - 1;
  const last = (selection.endLine ?? selection.startLine ?? 1) - 1;
  const from = Math.max(0, first - EXPLAIN_SURROUNDING_LINES);
  const to = Math.min(doc.lineCount - 1, last + EXPLAIN_SURROUNDING_LINES);
  const lines = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => doc.lineAt(a + i).text);
  const selected = first === last ? `line ${first + 1}` : `lines ${first + 1}-${last + 1}`;
  const content = surroundingText(lines(from, first - 1), lines(last + 1, to), selected);
  const path = documentPath(doc);
  return {
    chip: { id: randomUUID(), kind: 'selection', label: `${path}:${from + 1}-${to + 1} (around the selection)`, language: doc.languageId, chars: content.length },
    content,
    path,
    startLine: from + 1,
    endLine: to + 1,
  };
}
