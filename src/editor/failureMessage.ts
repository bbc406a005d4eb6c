// A failed editor request, shown once: the client's readable message plus the buttons that fix it (the
// chat's mapping, plus Open Settings on a timeout: failureActions.ts). Never awaited by the commands: a
// scripted caller gets its result while the message waits for the user.
import * as vscode from 'vscode';
import { SHOW_LOG } from '../platform/keyCommands';
import { error as logError, showLog } from '../platform/log';
import { actionForLabel, actionLabel, runErrorAction } from '../platform/errorActions';
import type { XaiErrorInfo } from '../xai/types';
import { failureActions } from './failureActions';

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
  const buttons = [...(options.extra ?? []).map((e) => e.label), ...actions.map((a) => actionLabel(a))];
  const text = options.aftermath ? vscode.l10n.t('Grok: {0} {1}', view.message, options.aftermath) : vscode.l10n.t('Grok: {0}', view.message);
  void vscode.window.showErrorMessage(text, ...buttons).then((pick) => {
    if (!pick) return;
    const extra = options.extra?.find((e) => e.label === pick);
    if (extra) return void extra.run();
    const action = actionForLabel(actions, pick);
    if (action) void runErrorAction(action, { retry: options.retry, settingsQuery: view.settingsQuery });
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
