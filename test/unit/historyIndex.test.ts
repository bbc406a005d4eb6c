// The history index (index.json): the list opens from it without reading any conversation, and it never
// hides or misstates one: another window's changes show (through its index, or the files themselves), an
// index left behind by a crash is corrected from the files, an index of the earlier version or a damaged
// one opens or is rebuilt, a new window reads only the head of the index for the first page, and the page
// gets the list a page at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore, type HistoryProblem, type HistoryStoreOptions } from '../../src/conversation/historyStore';
import { HISTORY_PAGE, historyMessage } from '../../src/conversation/historyPage';
import { readIndexHead, serialiseIndex } from '../../src/conversation/historyIndexFile';
import { addAssistantMessage, addUserMessage, newConversation, type Conversation } from '../../src/conversation/conversation';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'grok-history-index-'));
}

function conversation(question: string, updatedAt: number): Conversation {
  const conv = newConversation(updatedAt);
  addUserMessage(conv, question, [], updatedAt);
  const a = addAssistantMessage(conv, 'grok-4', updatedAt);
  a.parts = [{ type: 'text', text: `About ${question}` }];
  a.status = 'done';
  conv.updatedAt = updatedAt;
  return conv;
}

/** A store whose background check runs only when a test calls it. */
function store(dir: string, problems: HistoryProblem[] = [], options: HistoryStoreOptions = {}): HistoryStore {
  return new HistoryStore(dir, { onProblem: (p) => problems.push(p), checkFilesAfterMs: -1, ...options });
}

async function saved(dir: string, n: number): Promise<Conversation[]> {
  const s = store(dir);
  const convs = Array.from({ length: n }, (_, i) => conversation(`question ${i}`, 1_000_000 + i * 1000));
  await Promise.all(convs.map((c) => s.save(c)));
  await s.flush();
  return convs;
}

const file = (dir: string, id: string) => path.join(dir, 'conversations', `${id}.json`);

test('the list opens from the index without reading a single conversation file', async () => {
  const dir = await tempDir();
  const convs = await saved(dir, 50);
  // Every file made unreadable as JSON: a store that read any would set it aside and say so.
  for (const c of convs) await fs.writeFile(file(dir, c.id), 'not json');
  const problems: HistoryProblem[] = [];
  const items = await store(dir, problems).list();
  assert.equal(items.length, 50);
  assert.deepEqual(items.slice(0, 2).map((e) => e.title), ['question 49', 'question 48']);
  assert.deepEqual(problems, []);
  const index = JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8'));
  assert.equal(index.version, 2);
  assert.ok(index.entries.every((e: unknown[]) => Array.isArray(e) && typeof e[5] === 'number' && typeof e[6] === 'number'), 'every entry holds its file\'s time and size');
});

test('a new window lists from the index at once, then compares the folder: a file the index lacks is added, one it lists but that is gone is dropped, and the list says it changed', async () => {
  const dir = await tempDir();
  const [first, second] = await saved(dir, 2);
  const index = await fs.readFile(path.join(dir, 'index.json'), 'utf8');
  // Another window died between writing a conversation and the index, and a third removed one.
  const added = conversation('written by a window that died', 2_000_000);
  await fs.writeFile(file(dir, added.id), JSON.stringify(added));
  await fs.rm(file(dir, first.id));
  await fs.writeFile(path.join(dir, 'index.json'), index);

  let changes = 0;
  const s = store(dir, [], { onChange: () => changes++ });
  assert.deepEqual((await s.list()).map((e) => e.title), ['question 1', 'question 0'], 'the first list is the index as written');
  await s.flush();
  assert.equal(changes, 1, 'the comparison right after says the list changed');
  assert.deepEqual((await s.list()).map((e) => e.title), ['written by a window that died', 'question 1']);
  // Its index was written again: the next window opens with the folder as it is.
  const next = store(dir, [], { onChange: () => changes++ });
  assert.deepEqual((await next.list()).map((e) => e.title), ['written by a window that died', 'question 1']);
  await next.flush();
  assert.equal(changes, 1, 'nothing changed for the next window');
  assert.equal((await next.load(second.id))?.title, 'question 1');
});

test('another window\'s new turn and rename of an existing conversation show in this window, and this window\'s index write keeps them', async () => {
  const dir = await tempDir();
  const [older, newer] = await saved(dir, 2);
  const a = store(dir);
  assert.deepEqual((await a.list()).map((e) => e.title), ['question 1', 'question 0']);

  // The other window continues the older conversation and renames it.
  const b = store(dir);
  const conv = (await b.load(older.id))!;
  addUserMessage(conv, 'and one more thing', [], 9_000_000);
  conv.updatedAt = 9_000_000;
  await b.save(conv);
  await b.rename(older.id, 'Renamed in the other window');
  await b.flush();

  const listed = await a.list();
  assert.deepEqual(
    listed.map((e) => [e.title, e.messageCount]),
    [
      ['Renamed in the other window', 3],
      ['question 1', 2],
    ],
  );
  // This window saves its own conversation: its index write does not put back the old entry.
  const mine = (await a.load(newer.id))!;
  mine.title = 'Mine';
  mine.titleEdited = true;
  await a.save(mine);
  await a.flush();
  assert.deepEqual((await store(dir).list()).map((e) => e.title).sort(), ['Mine', 'Renamed in the other window']);
});

test('an index left behind by a crash is corrected from the files by the background check, which says the list changed', async () => {
  const dir = await tempDir();
  const [first, second, third] = await saved(dir, 3);
  const index = await fs.readFile(path.join(dir, 'index.json'), 'utf8');
  // Files changed after the index was written, as if the window died between the two writes.
  const changed = { ...first, title: 'Changed on disk', updatedAt: 5_000_000 };
  await fs.writeFile(file(dir, first.id), JSON.stringify(changed));
  await fs.writeFile(file(dir, third.id), '{"damaged');
  await fs.writeFile(path.join(dir, 'index.json'), index);

  const problems: HistoryProblem[] = [];
  let changes = 0;
  const s = store(dir, problems, { onChange: () => changes++ });
  assert.deepEqual((await s.list()).map((e) => e.title), ['question 2', 'question 1', 'question 0'], 'the index, as it was written');
  assert.equal(await s.checkFiles(), true);
  assert.equal(changes, 1);
  assert.deepEqual((await s.list()).map((e) => e.title), ['Changed on disk', 'question 1']);
  assert.deepEqual(problems.map((p) => p.kind), ['damagedConversation']);
  assert.ok(problems[0].movedTo, 'the damaged file is set aside, not deleted');
  await fs.access(problems[0].movedTo!);
  await s.flush();
  // The corrected index is on disk: the next window opens with it, and the next check reads nothing.
  const next = store(dir, [], { onChange: () => changes++ });
  assert.deepEqual((await next.list()).map((e) => e.title), ['Changed on disk', 'question 1']);
  assert.equal(await next.checkFiles(), false);
  assert.equal(changes, 1);
  assert.equal((await next.load(second.id))?.title, 'question 1');
});

test('the store checks the files on its own a while after it opens', async () => {
  const dir = await tempDir();
  const [first] = await saved(dir, 2);
  const index = await fs.readFile(path.join(dir, 'index.json'), 'utf8');
  await fs.writeFile(file(dir, first.id), JSON.stringify({ ...first, title: 'Changed on disk', updatedAt: 5_000_000 }));
  await fs.writeFile(path.join(dir, 'index.json'), index);
  let timer: NodeJS.Timeout | undefined;
  // The store's timer does not keep the process alive (unref): this one does, and fails the test if the check never comes.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no check within 5 s')), 5000);
  });
  const changed = new Promise<string>((resolve) => {
    const s = store(dir, [], { checkFilesAfterMs: 10, onChange: () => void s.list().then((items) => resolve(items[0].title)) });
    void s.list();
  });
  try {
    assert.equal(await Promise.race([changed, late]), 'Changed on disk');
  } finally {
    clearTimeout(timer);
  }
});

test('an index of the earlier version opens as it is; the check records each file\'s time once', async () => {
  const dir = await tempDir();
  const convs = await saved(dir, 3);
  const v1 = {
    version: 1,
    entries: [...convs].reverse().map((c) => ({ id: c.id, title: c.title, createdAt: c.createdAt, updatedAt: c.updatedAt, messageCount: c.messages.length })),
  };
  await fs.writeFile(path.join(dir, 'index.json'), JSON.stringify(v1));
  const problems: HistoryProblem[] = [];
  const s = store(dir, problems);
  assert.deepEqual((await s.list()).map((e) => e.title), ['question 2', 'question 1', 'question 0']);
  assert.equal(await s.checkFiles(), false, 'the entries were right: the list did not change');
  await s.flush();
  const index = JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8'));
  assert.equal(index.version, 2);
  assert.ok(index.entries.every((e: unknown[]) => typeof e[5] === 'number'));
  assert.deepEqual(problems, []);
});

test('an index with a damaged entry is rebuilt from the files', async () => {
  const dir = await tempDir();
  await saved(dir, 3);
  const index = JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8'));
  index.entries[1][1] = 42; // a title that is not a string
  await fs.writeFile(path.join(dir, 'index.json'), JSON.stringify(index));
  const problems: HistoryProblem[] = [];
  assert.deepEqual((await store(dir, problems).list()).map((e) => e.title), ['question 2', 'question 1', 'question 0']);
  assert.deepEqual(problems.map((p) => p.kind), ['indexRebuilt']);
});

test('a conversation saved while the check runs keeps its newest state in the list', async () => {
  const dir = await tempDir();
  const convs = await saved(dir, 40);
  const index = await fs.readFile(path.join(dir, 'index.json'), 'utf8');
  for (const c of convs) await fs.writeFile(file(dir, c.id), JSON.stringify({ ...c, title: `${c.title} (on disk)` }));
  await fs.writeFile(path.join(dir, 'index.json'), index);
  const s = store(dir);
  await s.list();
  const check = s.checkFiles();
  const latest = { ...convs[39], title: 'Saved just now', updatedAt: 9_000_000 };
  await s.save(latest);
  await check;
  await s.flush();
  const items = await s.list();
  assert.equal(items[0].title, 'Saved just now');
  assert.equal(items.length, 40);
  assert.ok(items.slice(1).every((e) => e.title.endsWith('(on disk)')));
  assert.equal(JSON.parse(await fs.readFile(file(dir, latest.id), 'utf8')).title, 'Saved just now');
});

test('the page gets the list a page at a time, with the list\'s length', () => {
  const entries = Array.from({ length: 450 }, (_, i) => ({ id: `c${i}`, title: `t${i}`, createdAt: i, updatedAt: 1000 - i, messageCount: 2, mtime: 5 }));
  const first = historyMessage(entries, '');
  assert.equal(first.items.length, HISTORY_PAGE);
  assert.equal(first.total, 450);
  assert.equal(first.from, undefined);
  assert.deepEqual(first.items[0], { id: 'c0', title: 't0', updatedAt: 1000, messageCount: 2 }, 'only what the page shows');
  const last = historyMessage(entries, 'q', 400);
  assert.deepEqual([last.from, last.items.length, last.items[0].id, last.query], [400, 50, 'c400', 'q']);
  assert.equal(historyMessage(entries, '', 0, 1000).items.length, 450, 'a refresh as far as the page had it');
  assert.deepEqual(historyMessage([], '').items, []);
});

test('a new window\'s first page comes from the head of the index: the newest conversations and how many there are, with the rest of the file damaged', async () => {
  const dir = await tempDir();
  const convs = await saved(dir, 300);
  const indexFile = path.join(dir, 'index.json');
  const whole = await fs.readFile(indexFile, 'utf8');
  const listed = await store(dir).list();
  // Only the head is read: the entries after the first page are cut off, as if never written.
  const firstPageEnd = whole.indexOf(`["${listed[HISTORY_PAGE].id}"`);
  await fs.writeFile(indexFile, `${whole.slice(0, firstPageEnd)}[this is not read`);
  const problems: HistoryProblem[] = [];
  const s = store(dir, problems);
  const first = await s.firstPage(HISTORY_PAGE);
  // Had it read the whole file, the damage would have been found before the page came back.
  assert.equal(problems.length, 0, 'the whole index was read for the first page');
  assert.equal(first.total, 300);
  assert.deepEqual(first.entries, listed.slice(0, HISTORY_PAGE));
  assert.equal(historyMessage(first.entries, '', 0, HISTORY_PAGE, first.total).items[0].title, 'question 299');
  // The store opened in the background, found the file damaged and rebuilt it from the conversation files.
  const all = await s.list();
  assert.equal(all.length, convs.length);
  assert.deepEqual(problems.map((p) => p.kind), ['indexRebuilt']);
  assert.deepEqual(JSON.parse(await fs.readFile(indexFile, 'utf8')).entries.length, 300);
});

test('the head of the index is read right whatever the read size: titles with brackets, quotes, escapes and characters of several bytes cut between two reads', async () => {
  const dir = await tempDir();
  const titles = ['a [bracket] and ] alone', 'quote " and \\ backslash \\"]', 'café ☕ 日本語 🎉', 'new\nline\ttab', '', 'plain'];
  const entries = titles.map((title, i) => ({ id: `conv-${i}`, title, createdAt: i, updatedAt: 100 - i, messageCount: i, ...(i % 2 ? { mtime: 1.5 + i, size: i * 10 } : {}) }));
  const file = path.join(dir, 'index.json');
  await fs.writeFile(file, serialiseIndex(entries));
  for (const chunk of [1, 2, 3, 5, 7, 64, 65536]) {
    for (const count of [0, 1, 3, 6, 10]) {
      const head = await readIndexHead(file, count, chunk);
      assert.deepEqual(head, { entries: entries.slice(0, count), total: 6 }, `read ${chunk} bytes at a time, ${count} wanted`);
    }
  }
});

test('an index without its count (written by an earlier version), of version 1, missing or damaged: the first page falls back to the whole list', async () => {
  const dir = await tempDir();
  const convs = await saved(dir, 5);
  const indexFile = path.join(dir, 'index.json');
  const written = JSON.parse(await fs.readFile(indexFile, 'utf8'));
  const newest = convs.map((c) => c.id).reverse();
  const variants: Array<[string, string | undefined]> = [
    ['no count', JSON.stringify({ version: 2, entries: written.entries })],
    ['version 1', JSON.stringify({ version: 1, entries: written.entries.map((e: unknown[]) => ({ id: e[0], title: e[1], createdAt: e[2], updatedAt: e[3], messageCount: e[4] })) })],
    ['a damaged entry', JSON.stringify({ version: 2, count: 5, entries: [['../escape', 't', 1, 2, 3], ...written.entries.slice(1)] })],
    ['missing', undefined],
  ];
  for (const [what, text] of variants) {
    if (text === undefined) await fs.rm(indexFile, { force: true });
    else await fs.writeFile(indexFile, text);
    if (what !== 'missing') assert.equal(await readIndexHead(indexFile, 3), undefined, `${what}: the head is not trusted`);
    const first = await store(dir).firstPage(3);
    assert.equal(first.total, 5, what);
    assert.deepEqual(first.entries.map((e) => e.id), newest.slice(0, 3), what);
  }
  // A count the entries do not match is found where the head reaches the end of the list.
  await fs.writeFile(indexFile, JSON.stringify({ version: 2, count: 9, entries: written.entries }));
  assert.equal(await readIndexHead(indexFile, 10), undefined);
});

test('a conversation saved before the list is asked for is on the first page (the head of the file does not have it yet)', async () => {
  const dir = await tempDir();
  await saved(dir, 3);
  const s = store(dir);
  const fresh = conversation('saved just now', 9_000_000);
  const saving = s.save(fresh);
  const first = await s.firstPage(2);
  assert.equal(first.total, 4);
  assert.equal(first.entries[0].id, fresh.id);
  await saving;
});

test('listing again reads the folder only when its time says it changed, never trusts a time under 2 s old, and the background check reads it whatever its time', async () => {
  const dir = await tempDir();
  await saved(dir, 2);
  const folder = path.join(dir, 'conversations');
  const s = store(dir);
  const at = (seconds: number) => new Date(Date.now() + seconds * 1000);
  const put = async (question: string, updatedAt: number) => {
    const conv = conversation(question, updatedAt);
    await fs.writeFile(file(dir, conv.id), JSON.stringify(conv));
    return conv;
  };
  const titles = async () => (await s.list()).map((e) => e.title).sort();

  // A folder last changed a minute ago: read once, then its names are known until its time moves.
  const old = at(-60);
  await fs.utimes(folder, old, old);
  assert.deepEqual(await titles(), ['question 0', 'question 1']);
  await put('added by another window', 3_000_000);
  assert.deepEqual(await titles(), ['added by another window', 'question 0', 'question 1'], 'a file added since shows (the folder time moved)');
  // The same file set back to a minute ago is trusted: a file that slips in without moving the time is
  // not seen by the list...
  await fs.utimes(folder, old, old);
  assert.equal((await titles()).length, 3);
  await put('hidden by a time set back', 4_000_000);
  await fs.utimes(folder, old, old);
  assert.equal((await titles()).length, 3, 'the folder was read although its time had not moved');
  // ...until the background check, which reads the folder whatever its time.
  assert.equal(await s.checkFiles(), true);
  assert.ok((await titles()).includes('hidden by a time set back'));

  // A time under 2 s old may hide a change made in the same tick: such a listing is never reused.
  const recent = at(-0.5);
  await fs.utimes(folder, recent, recent);
  assert.equal((await titles()).length, 4);
  await put('added in the same tick', 5_000_000);
  await fs.utimes(folder, recent, recent);
  assert.ok((await titles()).includes('added in the same tick'), 'a listing under 2 s old was reused');
});
