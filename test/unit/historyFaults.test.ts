// The history on a failing disk: a full disk (ENOSPC) or a read-only folder (EROFS, EACCES) when a
// conversation is saved, a writer killed in the middle of a write, and two windows on one history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/conversation/atomicFile';
import { HistoryStore, type HistoryProblem } from '../../src/conversation/historyStore';
import { textOf } from '../../src/shared/messageParts';
import { addAssistantMessage, addUserMessage, newConversation, type Conversation } from '../../src/conversation/conversation';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'grok-history-faults-'));
}

function conversation(question: string, answer: string, updatedAt: number, id?: string): Conversation {
  const conv = newConversation(updatedAt);
  if (id) conv.id = id;
  addUserMessage(conv, question, [], updatedAt);
  const a = addAssistantMessage(conv, 'grok-4', updatedAt);
  a.parts = [{ type: 'text', text: answer }];
  a.status = 'done';
  conv.updatedAt = updatedAt;
  return conv;
}

/** A disk that fails every write with `code` while `failing` is set, and writes atomically otherwise. */
function flakyDisk(code: string) {
  const disk = {
    failing: false,
    attempts: 0,
    writeFile: async (target: string, data: string) => {
      disk.attempts++;
      if (disk.failing) throw Object.assign(new Error(`${code}: the disk refused the write, '${target}'`), { code });
      await writeFileAtomic(target, data);
    },
  };
  return disk;
}

async function onDisk(dir: string, id: string): Promise<Conversation> {
  return JSON.parse(await fs.readFile(path.join(dir, 'conversations', `${id}.json`), 'utf8')) as Conversation;
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const code of ['ENOSPC', 'EROFS', 'EACCES']) {
  test(`${code} while saving: one notice, the previous file intact, the conversation still listed, saving resumes when the disk takes writes again`, async () => {
    const dir = await tempDir();
    const problems: HistoryProblem[] = [];
    const disk = flakyDisk(code);
    let resumed = 0;
    const store = new HistoryStore(dir, { onProblem: (p) => problems.push(p), onWritesResumed: () => resumed++, writeFile: disk.writeFile, retryWriteMs: 30 });
    const first = conversation('Question one', 'Answer as saved', 1000);
    await store.save(first);
    const other = conversation('Question two', 'Other answer', 1100);
    await store.save(other);

    disk.failing = true;
    first.messages[1].parts = [{ type: 'text', text: 'Answer grown while the disk was full' }];
    first.updatedAt = 2000;
    await assert.rejects(store.save(first));
    other.messages[1].parts = [{ type: 'text', text: 'Other answer grown too' }];
    other.updatedAt = 2100;
    await assert.rejects(store.save(other));
    // A few retries fail as well: still one notice for the whole outage.
    const attempts = disk.attempts;
    await until(() => disk.attempts >= attempts + 2, 'the retries');
    const failures = problems.filter((p) => p.kind === 'writeFailed');
    assert.equal(failures.length, 1, JSON.stringify(problems));
    assert.match(failures[0].message, new RegExp(`Could not save .*${code}`));
    assert.equal(resumed, 0, 'the outage was said to be over while every write still fails');

    // The files on disk hold the previous states, whole; the list holds the new ones (the panel keeps them).
    assert.equal(textOf((await onDisk(dir, first.id)).messages[1]), 'Answer as saved');
    assert.equal(textOf((await onDisk(dir, other.id)).messages[1]), 'Other answer');
    assert.deepEqual((await store.list()).map((e) => e.updatedAt), [2100, 2000]);

    // Space is back: the newest states reach the disk without another save.
    disk.failing = false;
    await until(async () => textOf((await onDisk(dir, first.id)).messages[1]) === 'Answer grown while the disk was full', 'the first conversation to be saved');
    await until(async () => textOf((await onDisk(dir, other.id)).messages[1]) === 'Other answer grown too', 'the second conversation to be saved');
    await store.flush();
    // Its end is told once, when both refused states are on the disk (not at the first write that works).
    assert.equal(resumed, 1, `the end of the outage was told ${resumed} times`);
    const reopened = new HistoryStore(dir);
    assert.deepEqual((await reopened.list()).map((e) => e.updatedAt), [2100, 2000], 'the index resumed too');

    // A later outage is a new one: it is reported again, once.
    disk.failing = true;
    first.updatedAt = 3000;
    await assert.rejects(store.save(first));
    assert.equal(problems.filter((p) => p.kind === 'writeFailed').length, 2);
    disk.failing = false;
    await until(async () => (await onDisk(dir, first.id)).updatedAt === 3000, 'the save after the second outage');
    await store.flush();
    await until(() => resumed === 2, 'the end of the second outage to be told');
    await fs.rm(dir, { recursive: true, force: true });
  });
}

test('a save while an earlier one waits to be retried: the newer state wins and is written once the disk takes writes', async () => {
  const dir = await tempDir();
  const disk = flakyDisk('ENOSPC');
  const store = new HistoryStore(dir, { writeFile: disk.writeFile, retryWriteMs: 30 });
  const conv = conversation('Q', 'v1', 1000);
  await store.save(conv);
  disk.failing = true;
  conv.updatedAt = 2000;
  await assert.rejects(store.save(conv));
  disk.failing = false;
  conv.updatedAt = 3000;
  await store.save(conv);
  await new Promise((r) => setTimeout(r, 100)); // past a retry: it must not bring back the older state
  await store.flush();
  assert.equal((await onDisk(dir, conv.id)).updatedAt, 3000);
  await fs.rm(dir, { recursive: true, force: true });
});

test('the end of an outage is told only when every refused conversation is on the disk, not at the first write that works', async () => {
  const dir = await tempDir();
  const refused = new Set<string>();
  let resumed = 0;
  const writeFile = async (target: string, data: string) => {
    if ([...refused].some((id) => target.includes(id))) throw Object.assign(new Error(`EROFS: read-only, '${target}'`), { code: 'EROFS' });
    await writeFileAtomic(target, data);
  };
  const store = new HistoryStore(dir, { writeFile, onWritesResumed: () => resumed++, retryWriteMs: 20 });
  const a = conversation('A', 'a1', 1000);
  const b = conversation('B', 'b1', 1100);
  await store.save(a);
  await store.save(b);
  refused.add(a.id).add(b.id);
  a.updatedAt = 2000;
  b.updatedAt = 2100;
  await assert.rejects(store.save(a));
  await assert.rejects(store.save(b));
  refused.delete(a.id); // one of them can be written again, the other not yet
  await until(async () => (await onDisk(dir, a.id)).updatedAt === 2000, 'A to be written by the retry');
  await new Promise((r) => setTimeout(r, 100)); // a few retries of B, still refused
  assert.equal(resumed, 0, 'the outage was said to be over while B is still not saved');
  refused.clear();
  await until(async () => (await onDisk(dir, b.id)).updatedAt === 2100, 'B to be written by the retry');
  await store.flush();
  assert.equal(resumed, 1);
  await fs.rm(dir, { recursive: true, force: true });
});

/**
 * The atomic write, proven: a child process writes a 1 MB file over and over (each version full of one
 * digit, with its length inside) and is SIGKILLed at random moments; after every kill the file is one
 * whole version, never a mix or a truncation.
 */
test('a writer killed at random points in the middle of writes never leaves a damaged file', async () => {
  const dir = await tempDir();
  const target = path.join(dir, 'conversation.json');
  const writer = path.join(dir, 'writer.mts');
  const atomicFile = path.resolve(__dirname, '../../src/conversation/atomicFile.ts');
  await fs.writeFile(
    writer,
    [
      `import { writeFileAtomic } from ${JSON.stringify(atomicFile)};`,
      `const target = process.argv[2];`,
      `for (let i = 0; ; i++) {`,
      `  const body = String(i % 10).repeat(1_000_000);`,
      `  await writeFileAtomic(target, JSON.stringify({ version: i, length: body.length, body }));`,
      `  if (i === 0) process.stdout.write('ready\\n');`,
      `}`,
    ].join('\n'),
  );
  const kills = 8;
  let seen = 0;
  for (let k = 0; k < kills; k++) {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before it was ready`)));
    });
    await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 80)));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const parsed = JSON.parse(await fs.readFile(target, 'utf8')) as { version: number; length: number; body: string };
    assert.equal(parsed.body.length, parsed.length, `kill ${k + 1}: the file holds part of a version`);
    assert.equal(parsed.body, String(parsed.version % 10).repeat(parsed.length), `kill ${k + 1}: the file mixes versions`);
    seen = Math.max(seen, parsed.version);
  }
  assert.ok(seen > 0, 'the writer never got past its first version: the kills proved nothing');
  // What the killed writers left: at most temporary files, which the store sweeps; never the target damaged.
  const left = (await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'));
  assert.ok(left.every((f) => f.startsWith('.conversation.json.')), left.join(', '));
  assert.ok(left.length > 0, 'no kill landed in the middle of a write (no temporary file was left): the test proved nothing');
  await fs.rm(dir, { recursive: true, force: true });
});

test('two windows on one history: each sees the other\'s conversations, and a conversation both save is one whole version', async () => {
  const dir = await tempDir();
  const a = new HistoryStore(dir);
  const b = new HistoryStore(dir);
  const fromA = conversation('From window A', 'a', 1000);
  const fromB = conversation('From window B', 'b', 1100);
  await Promise.all([a.save(fromA), b.save(fromB)]);
  await Promise.all([a.flush(), b.flush()]);
  const idsA = (await a.list()).map((e) => e.id).sort();
  const idsB = (await b.list()).map((e) => e.id).sort();
  assert.deepEqual(idsA, [fromA.id, fromB.id].sort(), 'window A does not see B\'s conversation');
  assert.deepEqual(idsB, idsA, 'window B does not see A\'s conversation');

  // Both save the same conversation over and over: last writer wins, never a merged or damaged file.
  const shared = conversation('Shared', 'start', 2000, fromA.id);
  const saves: Promise<void>[] = [];
  for (let i = 0; i < 40; i++) {
    const copy = JSON.parse(JSON.stringify(shared)) as Conversation;
    copy.messages[1].parts = [{ type: 'text', text: `${i % 2 ? 'B' : 'A'}-${i}`.repeat(2000) }];
    copy.updatedAt = 2000 + i;
    saves.push((i % 2 ? b : a).save(copy));
  }
  await Promise.all(saves);
  await Promise.all([a.flush(), b.flush()]);
  const final = await onDisk(dir, fromA.id);
  const text = textOf(final.messages[1]);
  assert.match(text, /^(?:([AB]-\d+))\1*$/, 'the file mixes two saves');
  assert.equal(text, `${text.split('-')[0]}-${final.updatedAt - 2000}`.repeat(2000), 'text and timestamp come from different saves');
  // A third window opening now lists both conversations, and the shared one loads.
  const c = new HistoryStore(dir);
  assert.deepEqual((await c.list()).map((e) => e.id).sort(), idsA);
  assert.ok(await c.load(fromA.id));
  await fs.rm(dir, { recursive: true, force: true });
});
