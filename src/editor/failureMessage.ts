// A failed editor request, shown once: the client's readable message plus the buttons that fix it (the
// chat's mapping, plus Open Settings on a timeout: failureActions.ts). Never awaited by the commands: a
// scripted caller gets its result while the message waits for the user.
import * as vscode from 'vscode';
import { SET_KEY, SHOW_LOG } from '../platform/keyCommands';
import { error as logError, showLog } from '../platform/log';
import type { ErrorAction } from '../protocol';
import type { XaiErrorInfo } from '../xai/types';
import { failureActions } from './failureActions';

const LABELS: Record<ErrorAction, string> = {
  setApiKey: SET_KEY,
  chooseModel: 'Choose Model',
  retry: 'Retry',
  showLog: SHOW_LOG,
  openSettings: 'Open Settings',
  newChat: 'New Chat',
};

/** An extra button, e.g. "Remove Inserted Code". */
export interface ExtraAction {
  label: string;
  run: () => unknown;
}

export interface FailureOptions {
  /** Said after the error, e.g. "The code inserted so far was kept: one Undo removes it." */
  aftermath?: string;
  retry?: () => unknown;
  extra?: ExtraAction[];
}

export function showFailure(where: string, info: XaiErrorInfo, options: FailureOptions = {}): void {
  const view = failureActions(info, options.retry !== undefined);
  logError(`${where}: ${info.kind}${info.status ? ` (HTTP ${info.status})` : ''}: ${info.message}${info.requestId ? ` request-id ${info.requestId}` : ''}`);
  const actions = view.actions;
  const buttons = [...(options.extra ?? []).map((e) => e.label), ...actions.map((a) => LABELS[a])];
  const text = `Grok: ${view.message}${options.aftermath ? ` ${options.aftermath}` : ''}`;
  void vscode.window.showErrorMessage(text, ...buttons).then((pick) => {
    if (!pick) return;
    const extra = options.extra?.find((e) => e.label === pick);
    if (extra) return void extra.run();
    const action = actions.find((a) => LABELS[a] === pick);
    if (action) runAction(action, options.retry, view.settingsQuery);
  });
}

/** A bug or an unexpected exception at a command boundary: logged with its stack, shown once. */
export function showUnexpected(where: string, e: unknown): XaiErrorInfo {
  const message = e instanceof Error ? e.message : String(e);
  logError(`${where}: ${e instanceof Error && e.stack ? e.stack : message}`);
  void vscode.window.showErrorMessage(`Grok: ${message}`, SHOW_LOG).then((pick) => {
    if (pick === SHOW_LOG) showLog();
  });
  return { kind: 'malformed', message };
}

function runAction(action: ErrorAction, retry: (() => unknown) | undefined, settingsQuery: string): void {
  switch (action) {
    case 'setApiKey':
      void vscode.commands.executeCommand('grok.setApiKey');
      return;
    case 'chooseModel':
      void vscode.commands.executeCommand('grok.chooseModel');
      return;
    case 'retry':
      void retry?.();
      return;
    case 'showLog':
      showLog();
      return;
    case 'openSettings':
      void vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery);
      return;
    case 'newChat':
      void vscode.commands.executeCommand('grok.newChat');
      return;
  }
}
