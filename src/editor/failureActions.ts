// What a failed editor request offers: the chat's message and actions for the error kind, narrowed and
// extended for the editor. Pure (no vscode), so each kind's buttons are unit-tested.
import { errorView } from '../chat/errorView';
import type { ErrorAction } from '../protocol';
import type { XaiErrorInfo } from '../xai/types';

/** The settings a timeout is about: Open Settings shows just these. */
export const TIMEOUT_SETTINGS_QUERY = 'grok.timeouts';

export interface FailureActions {
  message: string;
  /** In the order the buttons are shown. */
  actions: ErrorAction[];
  /** What Open Settings searches for. */
  settingsQuery: string;
}

export function failureActions(info: XaiErrorInfo, canRetry: boolean): FailureActions {
  const view = errorView(info);
  let actions = view.actions.filter((a) => a !== 'retry' || canRetry);
  // A timeout is fixed either by trying again or by a longer limit: offer the limits beside Retry.
  if (view.kind === 'timeout' && !actions.includes('openSettings')) {
    const at = actions.indexOf('retry') + 1;
    actions = [...actions.slice(0, at), 'openSettings', ...actions.slice(at)];
  }
  return { message: view.message, actions, settingsQuery: view.kind === 'timeout' ? TIMEOUT_SETTINGS_QUERY : 'grok.' };
}
