import type * as vscode from 'vscode';
import { registerLog } from './platform/log';
import { registerLocalisation } from './platform/l10n';
import { registerSecrets } from './platform/secrets';
import { registerKeyCommands } from './platform/keyCommands';
import { registerChatView } from './chat/chatViewProvider';
import { registerEditorCommands } from './editor/editorCommands';
import { runShutdownHooks } from './platform/shutdown';
import { registerLanguageModels } from './lm/registerLanguageModels';
import { registerStatusBar } from './platform/statusBar';
import { registerWalkthrough } from './platform/walkthrough';
import { registerAgentDiff } from './agent/changeDiff';

export function activate(context: vscode.ExtensionContext): void {
  registerLog(context);
  registerLocalisation(context);
  registerSecrets(context);
  registerKeyCommands(context);
  registerChatView(context);
  registerEditorCommands(context);
  registerLanguageModels(context);
  registerStatusBar(context);
  registerWalkthrough(context);
  registerAgentDiff(context);
}

/** Waits for what must reach the disk: an answer streaming when the window closes is kept, as stopped. */
export function deactivate(): Promise<void> {
  return runShutdownHooks();
}
