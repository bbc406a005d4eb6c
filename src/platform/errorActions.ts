// The buttons that fix a failure, run the same way wherever they are shown (the chat's error boxes and
// notices, the editor's notifications). The labels are shared with the page (shared/messageParts.ts).
import * as vscode from 'vscode';
import { ACTION_LABELS, type ErrorAction } from '../shared/messageParts';
import { XAI_BILLING_URL } from '../xai/errors';
import { showLog } from './log';

export { ACTION_LABELS };

export interface ActionContext {
  /** What Retry does here; without it Retry does nothing (callers that cannot retry do not offer it). */
  retry?: () => unknown;
  /** What Compact and Retry does (the chat); without it the action does nothing (only the chat offers it). */
  compact?: () => unknown;
  /** What Open Settings searches for, e.g. "grok.timeouts" or "@ext:<id>". */
  settingsQuery: string;
}

export async function runErrorAction(action: ErrorAction, context: ActionContext): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand('grok.setApiKey');
      return;
    case 'chooseModel':
      await vscode.commands.executeCommand('grok.chooseModel');
      return;
    case 'retry':
      await context.retry?.();
      return;
    case 'showLog':
      showLog();
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', context.settingsQuery);
      return;
    case 'newChat':
      await vscode.commands.executeCommand('grok.newChat');
      return;
    case 'compact':
      await context.compact?.();
      return;
    case 'openBilling':
      // The user's browser opens xAI's console; the extension itself fetches nothing.
      await vscode.env.openExternal(vscode.Uri.parse(XAI_BILLING_URL));
      return;
    default:
      assertNever(action);
  }
}

/** An action's button label in the user's language. */
export function actionLabel(action: ErrorAction): string {
  return vscode.l10n.t(ACTION_LABELS[action]);
}

/** The action a notification button's label stands for, among those offered. */
export function actionForLabel(actions: readonly ErrorAction[], label: string): ErrorAction | undefined {
  return actions.find((a) => actionLabel(a) === label);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled error action: ${JSON.stringify(value)}`);
}
