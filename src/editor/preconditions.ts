// Checks made before a request is sent: each failure is one clear message with the action that fixes
// it, and no request.
import * as vscode from 'vscode';
import { SET_KEY } from '../platform/keyCommands';
import { info } from '../platform/log';

export const NO_KEY_MESSAGE = 'No xAI API key is set.';

/** Read-only documents (a git revision, output) cannot take generated code. */
export function writable(doc: vscode.TextDocument): boolean {
  if (vscode.workspace.fs.isWritableFileSystem(doc.uri.scheme) !== false) return true;
  void vscode.window.showInformationMessage(vscode.l10n.t('Grok: this document is read-only. Open a file you can edit.'));
  return false;
}

/** Says that a key is needed (`shown`, translated), with the button that sets one; the caller returns this as its result. */
export function noKey(what: string, shown: string): { status: 'error'; error: { kind: 'badKey'; message: string } } {
  info(`${what}: no API key, nothing sent`);
  void vscode.window.showWarningMessage(shown, SET_KEY).then((pick) => {
    if (pick === SET_KEY) void vscode.commands.executeCommand('grok.setApiKey');
  });
  return { status: 'error', error: { kind: 'badKey', message: NO_KEY_MESSAGE } };
}
