// Revert task restores every file the task touched exactly, also from a fresh store (a window reload).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from '../../src/agent/checkpoints';

function setup() {
  const base = mkdtempSync(join(tmpdir(), 'agent-ckpt-'));
  const ws = join(base, 'ws');
  mkdirSync(join(ws, 'src'), { recursive: true });
  const binary = Buffer.from([0, 255, 1, 254, 13, 10, 10, 0x80]);
  writeFileSync(join(ws, 'src', 'a.ts'), 'const a = 1;\r\n');
  writeFileSync(join(ws, 'data.bin'), binary);
  writeFileSync(join(ws, 'run.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(join(ws, 'run.sh'), 0o755);
  writeFileSync(join(ws, 'gone.txt'), 'keep me');
  return { ws, storage: join(base, 'storage'), binary };
}

test('edits undone, created files and their new folders removed, deleted files back, after a restart', async () => {
  const { ws, storage, binary } = setup();
  const store = new CheckpointStore(storage);
  const task = CheckpointStore.newTaskId();
  await store.begin(task, 'refactor');
  const a = join(ws, 'src', 'a.ts');
  await store.recordBeforeChange(task, a);
  writeFileSync(a, 'const a = 2;\n');
  await store.recordBeforeChange(task, a); // a second change keeps the first state
  writeFileSync(a, '');
  await store.recordBeforeChange(task, join(ws, 'data.bin'));
  writeFileSync(join(ws, 'data.bin'), 'text now');
  await store.recordBeforeChange(task, join(ws, 'run.sh'));
  writeFileSync(join(ws, 'run.sh'), 'changed');
  chmodSync(join(ws, 'run.sh'), 0o644);
  const created = join(ws, 'new', 'deep', 'file.ts');
  await store.recordBeforeChange(task, created);
  mkdirSync(join(ws, 'new', 'deep'), { recursive: true });
  writeFileSync(created, 'x');
  await store.recordBeforeChange(task, join(ws, 'gone.txt'));
  rmSync(join(ws, 'gone.txt'));

  // A new store over the same folder: nothing in memory survives a reload.
  const reloaded = new CheckpointStore(storage);
  const listed = await reloaded.list();
  assert.equal(listed.length, 1);
  assert.equal(listed[0].label, 'refactor');
  assert.equal(listed[0].files.length, 5);
  const report = await reloaded.revert(task);
  assert.deepEqual(report.failed, []);
  assert.equal(readFileSync(a, 'utf8'), 'const a = 1;\r\n');
  assert.deepEqual(readFileSync(join(ws, 'data.bin')), binary);
  assert.equal(readFileSync(join(ws, 'run.sh'), 'utf8'), '#!/bin/sh\necho hi\n');
  assert.equal(statSync(join(ws, 'run.sh')).mode & 0o777, 0o755);
  assert.equal(existsSync(created), false);
  assert.equal(existsSync(join(ws, 'new')), false, 'folders made for a created file go too');
  assert.equal(readFileSync(join(ws, 'gone.txt'), 'utf8'), 'keep me');
  assert.equal(report.restored.length, 4);
  assert.equal(report.removed.length, 1);
  assert.ok((await reloaded.get(task))?.revertedAt);
  assert.deepEqual(readdirSync(storage).filter((n) => n.endsWith('.tmp')), [], 'no temporary files left');
});

test('a created file the task later deleted, and a folder put where a file was, revert cleanly', async () => {
  const { ws, storage } = setup();
  const store = new CheckpointStore(storage);
  const task = CheckpointStore.newTaskId();
  await store.recordBeforeChange(task, join(ws, 'tmp.txt'));
  writeFileSync(join(ws, 'tmp.txt'), 'x');
  rmSync(join(ws, 'tmp.txt'));
  await store.recordBeforeChange(task, join(ws, 'gone.txt'));
  rmSync(join(ws, 'gone.txt'));
  mkdirSync(join(ws, 'gone.txt'));
  const report = await store.revert(task);
  assert.deepEqual(report.failed, []);
  assert.equal(existsSync(join(ws, 'tmp.txt')), false);
  assert.equal(readFileSync(join(ws, 'gone.txt'), 'utf8'), 'keep me');
});

test('concurrent recordings of different files all land in the record', async () => {
  const { ws, storage } = setup();
  const store = new CheckpointStore(storage);
  const task = CheckpointStore.newTaskId();
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.recordBeforeChange(task, join(ws, `f${i}.txt`))));
  assert.equal((await new CheckpointStore(storage).get(task))?.files.length, 20);
});

test('reverting an unknown task says so; discard removes the record', async () => {
  const { ws, storage } = setup();
  const store = new CheckpointStore(storage);
  await assert.rejects(store.revert('nope'), /no checkpoint/);
  const task = CheckpointStore.newTaskId();
  await store.recordBeforeChange(task, join(ws, 'gone.txt'));
  await store.discard(task);
  assert.deepEqual(await store.list(), []);
});
