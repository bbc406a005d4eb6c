// Path confinement: nothing a tool is given may reach outside the workspace folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveWorkspacePath } from '../../src/agent/paths';
import { matchesGlob } from '../../src/agent/glob';

function workspace() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'agent-paths-')));
  const root = join(base, 'proj');
  const outside = join(base, 'secret');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'src', 'a.ts'), 'a');
  writeFileSync(join(outside, 'x.txt'), 'x');
  symlinkSync(outside, join(root, 'link-out'));
  symlinkSync(join(root, 'src'), join(root, 'link-in'));
  symlinkSync(join(outside, 'missing.txt'), join(root, 'dangling'));
  return { root, outside, folders: [{ name: 'proj', path: root }] };
}

test('relative paths inside resolve; .. that stays inside is fine', async () => {
  const w = workspace();
  const r = await resolveWorkspacePath('src/../src/a.ts', w.folders);
  assert.ok(r.ok);
  assert.equal(r.relative, 'src/a.ts');
  assert.equal(r.absolute, join(w.root, 'src', 'a.ts'));
  const created = await resolveWorkspacePath('new/dir/file.ts', w.folders);
  assert.ok(created.ok, 'a file that does not exist yet may be named');
});

test('.. out of the workspace, absolute paths elsewhere and ~ are refused with a message', async () => {
  const w = workspace();
  for (const p of ['../secret/x.txt', 'src/../../secret/x.txt', join(w.outside, 'x.txt'), '/etc/passwd', '~/.ssh/id_rsa', '~']) {
    const r = await resolveWorkspacePath(p, w.folders);
    assert.equal(r.ok, false, p);
    assert.match(r.ok ? '' : r.message, /outside the workspace/, p);
  }
});

test('an absolute path inside the workspace is accepted', async () => {
  const w = workspace();
  const r = await resolveWorkspacePath(join(w.root, 'src', 'a.ts'), w.folders);
  assert.ok(r.ok);
  assert.equal(r.relative, 'src/a.ts');
});

test('symbolic links that lead outside are refused, also dangling ones and new files below them', async () => {
  const w = workspace();
  for (const p of ['link-out/x.txt', 'link-out', 'link-out/new.txt', 'dangling']) {
    const r = await resolveWorkspacePath(p, w.folders);
    assert.equal(r.ok, false, p);
    assert.match(r.ok ? '' : r.message, /symbolic link/, p);
  }
  const inside = await resolveWorkspacePath('link-in/a.ts', w.folders);
  assert.ok(inside.ok, 'a link that stays inside is fine');
});

test('empty, non-string and NUL paths, and no workspace, are refused', async () => {
  const w = workspace();
  for (const p of ['', '   ', 42, undefined, 'a\0b']) assert.equal((await resolveWorkspacePath(p, w.folders)).ok, false);
  const none = await resolveWorkspacePath('a', []);
  assert.match(none.ok ? '' : none.message, /No workspace folder/);
});

test('multi-root: a path starting with a folder name resolves in that folder', async () => {
  const a = workspace();
  const b = workspace();
  const folders = [{ name: 'one', path: a.root }, { name: 'two', path: b.root }];
  const r = await resolveWorkspacePath('two/src/a.ts', folders);
  assert.ok(r.ok);
  assert.equal(r.folder.name, 'two');
  assert.equal(r.absolute, join(b.root, 'src', 'a.ts'));
});

test('sensitive files are flagged by the default globs at any depth', async () => {
  const w = workspace();
  const flagged = ['.env', '.env.local', 'config/server.pem', 'a.key', 'id_rsa', 'keys/id_rsa.pub', '.npmrc', 'cert.p12'];
  for (const p of flagged) {
    const r = await resolveWorkspacePath(p, w.folders);
    assert.ok(r.ok && r.sensitive, p);
  }
  for (const p of ['src/a.ts', 'environment.ts', 'keyboard.ts', 'README.md']) {
    const r = await resolveWorkspacePath(p, w.folders);
    assert.ok(r.ok && !r.sensitive, p);
  }
  const custom = await resolveWorkspacePath('secrets/db.json', w.folders, ['secrets/**']);
  assert.ok(custom.ok && custom.sensitive);
});

test('glob: * stays in a segment, ** spans, braces alternate', () => {
  assert.ok(matchesGlob('src/a.ts', 'src/*.ts'));
  assert.ok(!matchesGlob('src/x/a.ts', 'src/*.ts'));
  assert.ok(matchesGlob('src/x/a.ts', 'src/**/*.ts'));
  assert.ok(matchesGlob('src/a.ts', 'src/**/*.ts'));
  assert.ok(matchesGlob('a/b/node_modules', 'node_modules'));
  assert.ok(matchesGlob('x.js', '*.{js,ts}'));
  assert.ok(!matchesGlob('x.css', '*.{js,ts}'));
  assert.ok(matchesGlob('dist/out.js', '/dist/**'));
});
