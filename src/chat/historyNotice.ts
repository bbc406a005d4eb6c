// What the chat panel says when the history cannot be written: why, in a user's words (the error itself,
// with the file, goes to the Grok log), and that nothing is lost: the conversation stays open and the
// store writes it by itself once the disk takes writes again (conversation/historyStore.ts retries).
import * as vscode from 'vscode';
import type { HistoryProblem } from '../conversation/historyStore';

/** The notices of one outage share this key: the news that it is over takes the failure's place. */
export const SAVE_NOTICE_KEY = 'historySave';

export function savedAgainNotice(): string {
  return vscode.l10n.t('The history is saved again: everything kept open meanwhile is on the disk.');
}

export function saveFailedNotice(problem: HistoryProblem): string {
  const why = reason(problem);
  return problem.title !== undefined
    ? vscode.l10n.t('Could not save the conversation "{0}": {1}. It stays open here and is saved by itself once the disk takes writes again.', problem.title, why)
    : vscode.l10n.t('Could not save the history list: {0}. It is saved by itself once the disk takes writes again.', why);
}

function reason(problem: HistoryProblem): string {
  switch (problem.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return vscode.l10n.t('the disk is full');
    case 'EROFS':
      return vscode.l10n.t('the history folder is on a read-only disk');
    case 'EACCES':
    case 'EPERM':
      return vscode.l10n.t('the history folder may not be written to');
    default:
      return problem.cause ?? problem.message;
  }
}
