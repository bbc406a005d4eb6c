// The conversation list as the page gets it: one page of items at a time. With 10,000 conversations the
// whole list is about 1.4 MB of JSON for every opening (serialised by the host, copied by VS Code, parsed
// by the page); a page is about 30 KB, and the page asks for the next one as its list scrolls near the end.
import type { HostMessage } from '../protocol';
import type { IndexEntry } from './historyIndexFile';

/** Items per `history` message: the page builds 40 rows at once and up to 100 in idle time, so one message covers them with room to scroll. */
export const HISTORY_PAGE = 200;

export type HistoryMessage = Extract<HostMessage, { type: 'history' }>;

/**
 * Items `from` .. `from + count` of the list (store.list() or store.search()), with the list's length;
 * `total` when `entries` is only the start of the list (store.firstPage()).
 */
export function historyMessage(entries: readonly IndexEntry[], query: string, from = 0, count = HISTORY_PAGE, total = entries.length): HistoryMessage {
  const start = Math.max(0, Math.min(from, entries.length));
  const items = entries.slice(start, start + Math.max(1, count)).map(({ id, title, updatedAt, messageCount }) => ({ id, title, updatedAt, messageCount }));
  return start ? { type: 'history', query, items, from: start, total } : { type: 'history', query, items, total };
}
