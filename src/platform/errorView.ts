// A client failure as the chat shows it: the client's readable message plus the actions that fix it.
// Pure, so every kind's mapping is unit-tested. 'cancelled' is not an error: the answer is 'stopped'.
import type { ErrorAction, ErrorView } from '../protocol';
import { XAI_BILLING_URL } from '../xai/errors';
import { redact } from '../xai/redact';
import type { XaiErrorInfo, XaiErrorKind } from '../xai/types';
import { localised, t } from './localise';

const ACTIONS: Record<Exclude<XaiErrorKind, 'cancelled'>, ErrorAction[]> = {
  badKey: ['setApiKey', 'showLog'],
  noPermission: ['setApiKey', 'showLog'],
  modelNotFound: ['chooseModel', 'showLog'],
  rateLimited: ['retry', 'showLog'],
  unavailable: ['retry', 'showLog'],
  network: ['retry', 'showLog'],
  timeout: ['retry', 'openSettings', 'showLog'],
  // Retrying cannot help until the account has credits: xAI's Billing page, where that is the server.
  outOfCredits: ['showLog'],
  badRequest: ['retry', 'showLog'],
  // The conversation itself is too long: a new chat is the way on (the hint also names the chips).
  contextTooLong: ['newChat', 'showLog'],
  malformed: ['showLog'],
};

/** What the user can do next, said after the client's message where the action alone does not say it. */
const HINTS: Partial<Record<XaiErrorKind, () => string>> = {
  contextTooLong: () => t('Start a new chat, or remove attached files and selections.'),
  timeout: () => t('Reasoning models can think for minutes: the limits are the {0} settings.', 'grok.timeouts'),
};

export interface ErrorViewOptions {
  /** The chat is on the Responses API, whose server can compact the conversation: offer that first. */
  canCompact?: boolean;
}

export function errorView(info: XaiErrorInfo, options: ErrorViewOptions = {}): ErrorView {
  const kind = info.kind === 'cancelled' ? 'network' : info.kind;
  const hint = HINTS[kind]?.();
  // The client's message in the user's language where it has a template (the log keeps its English).
  const message = info.text ? redact(localised(info.text)) : info.message;
  if (kind === 'outOfCredits' && info.xaiBilling) {
    return { kind, message: t('{0} {1}', message, t('Add credits or raise the spending limit under Billing at {0}.', XAI_BILLING_URL)), actions: ['openBilling', 'showLog'] };
  }
  if (kind === 'contextTooLong' && options.canCompact) {
    return { kind, message: t('{0} {1}', message, compactHint()), actions: ['compact', ...ACTIONS[kind]] };
  }
  return {
    kind,
    message: hint ? t('{0} {1}', message, hint) : message,
    actions: [...ACTIONS[kind]],
  };
}

const compactHint = () => t('Compact the earlier turns and ask again, start a new chat, or remove attached files and selections.');

/** The kinds after which the key itself is the problem: the panel re-checks whether one is set. */
export function isKeyProblem(kind: string): boolean {
  return kind === 'badKey' || kind === 'noPermission';
}
