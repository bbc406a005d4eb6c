// The conversation list with a long history: the host sends it a page at a time (the newest first), the
// page builds rows for the view and more as the list scrolls, asks for the next page before it runs out, a list sent again
// (after a rename, a delete, another window's save) keeps the rows the user scrolled to, and a delete in
// the middle skips no conversation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryItem } from '../../src/protocol';
import { closePage, snapshot, useChatPages, type ChatPage } from './harness';

const pages = useChatPages();

/** 1,000 conversations, the newest first, as the store lists them. */
const all: HistoryItem[] = Array.from({ length: 1000 }, (_, i) => ({ id: `c${i}`, title: `Conversation ${i}`, updatedAt: Date.UTC(2026, 0, 1) - i * 60_000, messageCount: 2 + (i % 5) }));

function rowIds(chat: ChatPage): Promise<string[]> {
  return chat.page.locator('.history-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id ?? ''));
}

/** Scrolls the last row into view until the page has `rows` rows or stops adding them. */
async function scrollUntil(chat: ChatPage, rows: number): Promise<number> {
  let count = await chat.page.locator('.history-item').count();
  for (let round = 0; round < 20 && count < rows; round++) {
    await chat.page.locator('.history-item').last().scrollIntoViewIfNeeded();
    await chat.frames(2);
    const now = await chat.page.locator('.history-item').count();
    if (now === count && round > 2) break;
    count = now;
  }
  return count;
}

test('a long history arrives a page at a time: rows for the newest first, the next page asked for as the list scrolls, none twice', async () => {
  const chat = await pages.open();
  await chat.post(snapshot(), { type: 'showHistory' });
  assert.deepEqual(await chat.postedOf('listHistory'), [{ type: 'listHistory', query: '' }]);
  await chat.post({ type: 'history', query: '', items: all.slice(0, 200), total: 1000 });
  const first = await rowIds(chat);
  assert.ok(first.length >= 40 && first.length < 200, `rows for the view at first, not all 200 (${first.length})`);
  assert.deepEqual(first, all.slice(0, first.length).map((i) => i.id), 'the newest first');
  // Up to 100 rows follow in idle time, without scrolling; nothing more is asked for before the list scrolls.
  await chat.page.waitForFunction(() => document.querySelectorAll('.history-item').length === 100);
  await chat.frames(4);
  assert.equal(await chat.page.locator('.history-item').count(), 100);
  assert.deepEqual(await chat.postedOf('listHistory'), [{ type: 'listHistory', query: '' }], 'nothing more asked for before the list scrolls');

  // Scrolled to the end: the page builds the rest of what it has and asks for the next page.
  assert.equal(await scrollUntil(chat, 200), 200);
  await chat.page.waitForFunction(() => window.__posted.some((m) => m.type === 'listHistory' && m.from === 200));
  assert.deepEqual((await chat.postedOf('listHistory')).slice(1), [{ type: 'listHistory', query: '', from: 200 }], 'asked once');

  // Meanwhile another window saved conversation 250, which moved to the top: the next page starts with
  // conversation 199, which the page has already.
  const moved = { ...all[250], updatedAt: Date.UTC(2026, 0, 2) };
  const reordered = [moved, ...all.filter((i) => i.id !== moved.id)];
  await chat.post({ type: 'history', query: '', items: reordered.slice(200, 400), from: 200, total: 1000 });
  assert.equal(await scrollUntil(chat, 400), 399);
  assert.deepEqual(
    await rowIds(chat),
    all.slice(0, 400).map((i) => i.id).filter((id) => id !== 'c250'),
    'every conversation once, in order (the moved one shows at the top when the list is sent again)',
  );
  await chat.page.waitForFunction(() => window.__posted.some((m) => m.type === 'listHistory' && m.from === 399));
  await chat.assertClean();
  await closePage(chat);
});

test('a list sent again keeps the rows the user scrolled to; a delete in the middle skips no conversation', async () => {
  const chat = await pages.open();
  await chat.post(snapshot(), { type: 'showHistory' });
  await chat.post({ type: 'history', query: '', items: all.slice(0, 200), total: 1000 });
  assert.equal(await scrollUntil(chat, 200), 200);
  await chat.page.waitForFunction(() => window.__posted.some((m) => m.type === 'listHistory' && m.from === 200));
  await chat.post({ type: 'history', query: '', items: all.slice(200, 400), from: 200, total: 1000 });
  assert.ok((await scrollUntil(chat, 300)) >= 300);

  // Delete conversation 10 (confirmed): its row goes, and the rows built later start where they should.
  await chat.page.locator('.history-item[data-id="c10"]').scrollIntoViewIfNeeded();
  await chat.page.locator('.history-item[data-id="c10"]').hover();
  await chat.page.getByRole('button', { name: 'Delete “Conversation 10”' }).click();
  await chat.page.getByRole('button', { name: 'Confirm delete “Conversation 10”' }).click();
  assert.deepEqual(await chat.postedOf('deleteConversation'), [{ type: 'deleteConversation', id: 'c10' }]);
  assert.equal(await scrollUntil(chat, 399), 399);
  const ids = await rowIds(chat);
  assert.deepEqual(ids, all.slice(0, 400).map((i) => i.id).filter((id) => id !== 'c10'), 'every conversation but the deleted one, in order');

  // The host sends the list again after the delete (as far as the page had it): the rows stay as many, and the view where it was.
  const top = await chat.page.locator('.history-list').evaluate((el) => el.getBoundingClientRect().top);
  const rest = all.filter((i) => i.id !== 'c10');
  await chat.post({ type: 'history', query: '', items: rest.slice(0, 399), total: 999 });
  assert.equal(await chat.page.locator('.history-item').count(), 399);
  assert.equal(await chat.page.locator('.history-list').evaluate((el) => el.getBoundingClientRect().top), top, 'the list did not jump');
  await chat.assertClean();
  await closePage(chat);
});

test('a search with many hits pages too, and a page for an older query is dropped', async () => {
  const chat = await pages.open();
  await chat.post(snapshot(), { type: 'showHistory' });
  await chat.post({ type: 'history', query: '', items: all.slice(0, 200), total: 1000 });
  const search = chat.page.getByRole('searchbox', { name: 'Search conversations' });
  await search.fill('conversation');
  await chat.page.waitForFunction(() => window.__posted.some((m) => m.type === 'listHistory' && m.query === 'conversation'));
  // A late next page of the unfiltered list is not mixed into the search's hits.
  await chat.post({ type: 'history', query: '', items: all.slice(200, 400), from: 200, total: 1000 });
  const hits = all.filter((i) => i.id.endsWith('7'));
  await chat.post({ type: 'history', query: 'conversation', items: hits.slice(0, 50), total: hits.length });
  const first = await rowIds(chat);
  assert.deepEqual(first, hits.slice(0, first.length).map((i) => i.id));
  // Once all 50 rows are built, the next 50 hits are asked for with the query.
  assert.equal(await scrollUntil(chat, 50), 50);
  await chat.page.waitForFunction(() => window.__posted.some((m) => m.type === 'listHistory' && m.query === 'conversation' && m.from === 50));
  await chat.post({ type: 'history', query: 'conversation', items: hits.slice(50), from: 50, total: hits.length });
  assert.equal(await scrollUntil(chat, hits.length), hits.length);
  assert.deepEqual(await rowIds(chat), hits.map((i) => i.id));
  await chat.assertClean();
  await closePage(chat);
});

test('a tall view is filled with rows at once, not left with an empty end until the user scrolls', async () => {
  // Taller than two batches of rows: the list's end stays near the view after the second batch too.
  const chat = await pages.open({}, { width: 420, height: 4000 });
  await chat.post(snapshot(), { type: 'showHistory' });
  await chat.post({ type: 'history', query: '', items: all.slice(0, 200), total: 1000 });
  await chat.frames(4);
  const { lastBottom, viewBottom, rows } = await chat.page.evaluate(() => {
    const items = document.querySelectorAll('.history-item');
    return { lastBottom: items[items.length - 1].getBoundingClientRect().bottom, viewBottom: document.querySelector('.history-view')!.getBoundingClientRect().bottom, rows: items.length };
  });
  assert.ok(lastBottom > viewBottom, `${rows} rows end at ${lastBottom} px, above the view's end at ${viewBottom} px`);
  await chat.assertClean();
  await closePage(chat);
});
