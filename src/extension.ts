import type * as vscode from 'vscode';
import { registerLog } from './log';
import { registerSecrets } from './secrets';
import { registerKeyCommands } from './keyCommands';
import { registerChatView } from './chat/chatViewProvider';
import { registerEditorCommands } from './editor/editorCommands';

export function activate(context: vscode.ExtensionContext): void {
  registerLog(context);
  registerSecrets(context);
  registerKeyCommands(context);
  registerChatView(context);
  registerEditorCommands(context);
}

export function deactivate(): void {}
