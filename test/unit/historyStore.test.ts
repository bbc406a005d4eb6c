import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textOf } from '../../src/shared/messageParts';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { HistoryStore, type HistoryProblem } from '../../src/conversation/historyStore';
import { addAssistantMessage, addUserMessage, conversationView, newConversation, type Conversation } from '../../src/conversation/conversation';
import { parseHostMessage } from '../../src/webview/hostMessages';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'grok-history-'));
}

function conversation(question: string, answer: string, updatedAt: number): Conversation {
  const conv = newConversation(updatedAt);
  addUserMessage(conv, question, [], updatedAt);
  const a = addAssistantMessage(conv, 'grok-4', updatedAt);
  a.parts = [{ type: 'text', text: answer }];
  a.status = 'done';
  conv.updatedAt = updatedAt;
  return conv;
}

function store(dir: string, problems: HistoryProblem[] = []): HistoryStore {
  return new HistoryStore(dir, { onProblem: (p) => problems.push(p) });
}

async function allFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(root, p)));
    else out.push(path.relative(root, p).split(path.sep).join('/'));
  }
  return out.sort();
}

test('save then load round-trips; writes leave no temporary files', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const conv = conversation('How do I sort?', 'Use `sort()`.', 1000);
  await s.save(conv);
  for (let i = 0; i < 20; i++) {
    conv.messages[1].parts = [{ type: 'text', text: `${textOf(conv.messages[1])} more ${i}` }];
    conv.updatedAt++;
    void s.save(conv); // rapid saves coalesce and serialise
  }
  await s.flush();
  const files = await allFiles(dir);
  assert.deepEqual(files, ['conversations/' + conv.id + '.json', 'index.json']);
  const fresh = await store(dir).load(conv.id);
  assert.deepEqual(fresh, conv);
});

test('a crash mid-write (a temporary file never renamed) loses nothing', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const conv = conversation('Keep me', 'Kept.', 1000);
  await s.save(conv);
  await s.flush();
  // What a writer killed between write and rename leaves behind: a partial temp file next to the target.
  const target = path.join(dir, 'conversations', `${conv.id}.json`);
  const temp = path.join(dir, 'conversations', `.${conv.id}.json.99999-deadbeef.tmp`);
  await fs.writeFile(temp, '{"version":1,"id":"' + conv.id + '","title":"half');
  const old = new Date(Date.now() - 60 * 60_000);
  await fs.utimes(temp, old, old);

  const problems: HistoryProblem[] = [];
  const reopened = store(dir, problems);
  assert.deepEqual(await reopened.load(conv.id), conv);
  assert.deepEqual((await reopened.list()).map((e) => e.id), [conv.id]);
  assert.deepEqual(problems, []);
  assert.equal(await fs.readFile(target, 'utf8'), JSON.stringify(conv));
  await reopened.flush();
  await new Promise((r) => setTimeout(r, 50)); // the sweep runs in the background
  await assert.rejects(fs.stat(temp), 'stale temporary file swept');
});

test('a damaged conversation is set aside and reported; the others still load', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const good = conversation('Good one', 'fine', 2000);
  const bad = conversation('Bad one', 'will break', 1000);
  await s.save(good);
  await s.save(bad);
  await s.flush();
  await fs.writeFile(path.join(dir, 'conversations', `${bad.id}.json`), '{"id": "truncated...');

  const problems: HistoryProblem[] = [];
  const reopened = store(dir, problems);
  assert.equal(await reopened.load(bad.id), undefined);
  assert.deepEqual(await reopened.load(good.id), good);
  assert.deepEqual((await reopened.list()).map((e) => e.id), [good.id]);

  assert.equal(problems.length, 1);
  assert.equal(problems[0].kind, 'damagedConversation');
  assert.equal(problems[0].id, bad.id);
  assert.match(problems[0].message, /Bad one/);
  const files = await fs.readdir(path.join(dir, 'conversations'));
  assert.ok(files.some((f) => f.startsWith(`${bad.id}.json.damaged-`)), files.join());
  assert.ok(!files.includes(`${bad.id}.json`));
});

test('wrong-typed optional fields cost only those fields: the text loads and the page accepts the snapshot', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const conv = conversation('Keep my question', 'and my answer', 3000);
  await s.save(conv);
  await s.flush();
  const file = path.join(dir, 'conversations', `${conv.id}.json`);
  const raw = JSON.parse(await fs.readFile(file, 'utf8'));
  raw.messages[1].usage = 'lots';
  raw.messages[1].error = { kind: 'network', message: 'no actions' };
  raw.messages[1].startedAt = 'yesterday';
  raw.messages[1].parts.push({ type: 'reasoning', text: 42 }, { type: 'hologram', data: 'from a newer version' });
  await fs.writeFile(file, JSON.stringify(raw));

  const problems: HistoryProblem[] = [];
  const loaded = await store(dir, problems).load(conv.id);
  assert.ok(loaded, 'the conversation still opens');
  assert.deepEqual(loaded.messages.map((m) => textOf(m)), ['Keep my question', 'and my answer']);
  assert.deepEqual(problems.map((p) => p.kind), ['repairedConversation']);
  assert.match(problems[0].message, /usage/);
  const snapshot = { type: 'snapshot', conversation: conversationView(loaded), hasKey: true, generating: false, models: [], model: 'm', pendingContext: [] };
  assert.ok(parseHostMessage(JSON.parse(JSON.stringify(snapshot))), 'the page would render it');
  assert.deepEqual(await fs.readdir(path.join(dir, 'conversations')), [`${conv.id}.json`], 'not set aside');
});

test('an unreadable conversation file is skipped and reported once; the list still opens', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const good = conversation('Readable', 'yes', 2000);
  await s.save(good);
  await s.flush();
  // A folder where a file should be: reading it fails with EISDIR (permissions do not stop root).
  await fs.mkdir(path.join(dir, 'conversations', 'unreadable1.json'));
  await fs.rm(path.join(dir, 'index.json'));

  const problems: HistoryProblem[] = [];
  const reopened = store(dir, problems);
  assert.deepEqual((await reopened.list()).map((e) => e.id), [good.id]);
  assert.deepEqual((await reopened.list()).map((e) => e.id), [good.id]);
  const unreadable = problems.filter((p) => p.kind === 'unreadableConversation');
  assert.equal(unreadable.length, 1, JSON.stringify(problems));
  assert.match(unreadable[0].message, /could not be read \(EISDIR\)/);
});

test('a valid JSON file of the wrong shape counts as damaged too', async () => {
  const dir = await tempDir();
  await fs.mkdir(path.join(dir, 'conversations'), { recursive: true });
  await fs.writeFile(path.join(dir, 'conversations', 'abc.json'), JSON.stringify({ id: 'abc', messages: 'nope' }));
  const problems: HistoryProblem[] = [];
  const s = store(dir, problems);
  assert.deepEqual(await s.list(), []);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['damagedConversation', 'indexRebuilt'],
  );
});

test('a damaged or missing index is rebuilt from the conversation files', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const convs = [conversation('one', 'a', 1000), conversation('two', 'b', 3000), conversation('three', 'c', 2000)];
  for (const c of convs) await s.save(c);
  await s.flush();

  await fs.writeFile(path.join(dir, 'index.json'), '{"version":1,"entries":[{"id":');
  const problems: HistoryProblem[] = [];
  const rebuilt = store(dir, problems);
  assert.deepEqual((await rebuilt.list()).map((e) => e.title), ['two', 'three', 'one']);
  assert.deepEqual(problems.map((p) => p.kind), ['indexRebuilt']);
  await rebuilt.flush();
  const index = JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8'));
  assert.equal(index.entries.length, 3);

  await fs.rm(path.join(dir, 'index.json'));
  assert.equal((await store(dir).list()).length, 3);
});

test('an index that lags the files (crash between the two writes, or another window) is reconciled', async () => {
  const dir = await tempDir();
  const a = store(dir);
  const first = conversation('first', 'x', 1000);
  await a.save(first);
  await a.flush();
  // Another window writes a conversation; this window's index does not know it.
  const b = store(dir);
  const second = conversation('second', 'y', 2000);
  await b.save(second);
  await b.flush();
  assert.deepEqual((await a.list()).map((e) => e.title), ['second', 'first']);
  // A file removed behind the index disappears from the list.
  await fs.rm(path.join(dir, 'conversations', `${first.id}.json`));
  assert.deepEqual((await a.list()).map((e) => e.title), ['second']);
});

// Timings are logged only: speed is judged in `npm run bench` (history), never in a unit test.
test('1,000 conversations: list() from the index, search over all of them', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const base = Date.now();
  const saves: Promise<void>[] = [];
  const texts: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const conv = conversation(`Question number ${i} about topic ${i % 17}`, `Answer ${i}: ${'lorem ipsum '.repeat(50)}`, base + i);
    texts.push(`${textOf(conv.messages[0])}\n${textOf(conv.messages[1])}`.toLowerCase());
    saves.push(s.save(conv));
  }
  await Promise.all(saves);
  await s.flush();

  // A fresh store, as after a window reload: reads index.json and lists the directory once.
  const fresh = store(dir);
  const t0 = performance.now();
  const items = await fresh.list();
  const cold = performance.now() - t0;
  const t1 = performance.now();
  await fresh.list();
  const warm = performance.now() - t1;
  console.log(`# list() of 1,000 conversations: cold ${cold.toFixed(1)} ms, warm ${warm.toFixed(1)} ms`);
  assert.equal(items.length, 1000);
  assert.equal(items[0].title, 'Question number 999 about topic 13');

  const t2 = performance.now();
  const hits = await fresh.search('topic 13 lorem');
  const firstSearch = performance.now() - t2;
  const t3 = performance.now();
  await fresh.search('answer 5');
  const nextSearch = performance.now() - t3;
  console.log(`# search over 1,000: first ${firstSearch.toFixed(1)} ms (builds the cache), then ${nextSearch.toFixed(1)} ms`);
  assert.equal(hits.length, texts.filter((t) => ['topic', '13', 'lorem'].every((w) => t.includes(w))).length);
  assert.ok(hits.length >= 59);
  await fresh.flush();

  // After a reload the search cache is read from search.json, not from 1,000 files.
  const reloaded = store(dir);
  await reloaded.list();
  const t4 = performance.now();
  await reloaded.search('topic 13');
  console.log(`# search after reload: ${(performance.now() - t4).toFixed(1)} ms`);
});

test('search matches titles and message text, all words, any case', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const a = conversation('Sorting arrays', 'Use Array.prototype.sort with a comparator.', 1000);
  const b = conversation('Regex help', 'The pattern /\\d+/ matches digits.', 2000);
  await s.save(a);
  await s.save(b);
  assert.deepEqual((await s.search('SORTING')).map((e) => e.id), [a.id]);
  assert.deepEqual((await s.search('comparator')).map((e) => e.id), [a.id]);
  assert.deepEqual((await s.search('matches   DIGITS')).map((e) => e.id), [b.id]);
  assert.deepEqual((await s.search('use digits')).map((e) => e.id), []);
  assert.deepEqual((await s.search('')).map((e) => e.id), [b.id, a.id]);
  // Text saved after the cache was built is found.
  a.messages[1].parts = [{ type: 'text', text: `${textOf(a.messages[1])} Also quicksort.` }];
  a.updatedAt = 3000;
  await s.save(a);
  assert.deepEqual((await s.search('quicksort')).map((e) => e.id), [a.id]);
});

test('rename keeps the order and marks the title as the user\'s; delete removes file and entry', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const a = conversation('alpha', 'x', 1000);
  const b = conversation('beta', 'y', 2000);
  await s.save(a);
  await s.save(b);
  assert.equal(await s.rename(a.id, 'Renamed alpha'), true);
  assert.deepEqual((await s.list()).map((e) => e.title), ['beta', 'Renamed alpha']);
  const loaded = await store(dir).load(a.id);
  assert.equal(loaded?.title, 'Renamed alpha');
  assert.equal(loaded?.titleEdited, true);
  assert.deepEqual((await s.search('renamed')).map((e) => e.id), [a.id]);

  assert.equal(await s.delete(b.id), true);
  assert.equal(await s.delete(b.id), false);
  assert.equal(await s.rename('missing', 'x'), false);
  await s.flush();
  assert.deepEqual((await store(dir).list()).map((e) => e.id), [a.id]);
  assert.deepEqual(await fs.readdir(path.join(dir, 'conversations')), [`${a.id}.json`]);
});

test('ids that are not ours never become paths', async () => {
  const dir = await tempDir();
  const s = store(dir);
  assert.equal(await s.load('../index'), undefined);
  assert.equal(await s.delete('../../etc/passwd'), false);
  const conv = conversation('x', 'y', 1);
  conv.id = '../escape';
  await assert.rejects(s.save(conv));
});

test('a version-1 file in the history folder opens, migrated to parts, is listed and found, and is saved as version 2', async () => {
  const dir = await tempDir();
  const v1 = await fs.readFile(path.join(__dirname, '..', 'fixtures', 'conversation-v1.json'), 'utf8');
  const id = (JSON.parse(v1) as { id: string }).id;
  await fs.mkdir(path.join(dir, 'conversations'), { recursive: true });
  await fs.writeFile(path.join(dir, 'conversations', `${id}.json`), v1);
  const problems: HistoryProblem[] = [];
  const s = store(dir, problems);
  assert.deepEqual((await s.list()).map((e) => e.id), [id]);
  assert.deepEqual((await s.search('loop never')).map((e) => e.id), [id]);
  const loaded = await s.load(id);
  assert.ok(loaded);
  assert.equal(textOf(loaded.messages[1]).startsWith('`i` never changes'), true);
  assert.ok(problems.some((p) => p.kind === 'migratedConversation'));
  assert.deepEqual(problems.filter((p) => p.kind === 'damagedConversation' || p.kind === 'repairedConversation'), [], 'not set aside, nothing dropped');
  await s.save(loaded);
  await s.flush();
  const saved = JSON.parse(await fs.readFile(path.join(dir, 'conversations', `${id}.json`), 'utf8'));
  assert.equal(saved.version, 2);
  assert.ok(Array.isArray(saved.messages[0].parts) && saved.messages[0].text === undefined);
});

test('deleting a conversation removes the images stored beside it', async () => {
  const dir = await tempDir();
  const s = store(dir);
  const conv = conversation('With a picture', 'ok', 5000);
  await s.save(conv);
  await s.flush();
  await fs.mkdir(s.filesDir(conv.id), { recursive: true });
  await fs.writeFile(path.join(s.filesDir(conv.id), 'img.png'), 'x');
  await s.delete(conv.id);
  assert.deepEqual(await fs.readdir(path.join(dir, 'conversations')), []);
});
