// Where a compaction cuts, pure. Compacting replaces, in the API input, the turns up to a message with
// one compaction item (responsesInput.ts); the user still sees every turn. A conversation whose last
// answer failed as too long is compacted without its last question (that request would be too long to
// compact too), and the question is asked again on top of the compacted window.
import type { Conversation } from './conversation';
import { compactedThrough } from './responsesInput';

export type CompactionPlan =
  /** Compact messages[0..through]; `retryFrom`: afterwards, cut from there and answer the last question again. */
  | { ok: true; through: number; retryFrom?: number }
  | { ok: false; reason: string };

export function compactionPlan(conv: Conversation): CompactionPlan {
  const messages = conv.messages;
  if (messages.some((m) => m.status === 'streaming')) return { ok: false, reason: 'Wait for the answer to finish (or stop it), then compact.' };
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') {
      lastUser = i;
      break;
    }
  }
  const last = messages[messages.length - 1];
  // The last question is still unanswered (it failed, or nothing came): compact before it, then ask again.
  const retry = lastUser >= 0 && (lastUser === messages.length - 1 || last.status === 'error' || !messages.slice(lastUser + 1).some((m) => m.status === 'done'));
  const through = retry ? lastUser - 1 : messages.length - 1;
  if (through < 0) {
    return { ok: false, reason: retry ? 'The question alone is too long for the model: remove attached files and selections, or shorten it.' : 'There is nothing to compact yet.' };
  }
  if (compactedThrough(conv) >= through) {
    return { ok: false, reason: retry ? 'The turns before the last question are already compacted, and it is still too long: start a new chat, or remove attached files and selections.' : 'The conversation is already compacted up to its last answer.' };
  }
  return retry ? { ok: true, through, retryFrom: lastUser + 1 } : { ok: true, through };
}
