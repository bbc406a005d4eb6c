// What a failed editor request offers: the chat's message and actions for the error kind, without Retry
// where the caller cannot retry, and which settings Open Settings shows. Pure (no vscode), so each
// kind's buttons are unit-tested.
import { errorView } from '../platform/errorView';
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
  // The chat's mapping already offers Open Settings beside Retry for a timeout; here it opens just the limits.
  // A new chat does not shorten an editor request (its context is the selection and the file around it).
  const actions = view.actions.filter((a) => (a !== 'retry' || canRetry) && a !== 'newChat');
  return { message: view.message, actions, settingsQuery: view.kind === 'timeout' ? TIMEOUT_SETTINGS_QUERY : 'grok.' };
}
