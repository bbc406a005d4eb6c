// The mention picker's matching and what a folder, the Problems list or a path outside the workspace
// turns into, without VS Code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderListing, foldersOf, gitDiff, isInside, looksBinary, matchScore, outsideWorkspacePath, problemsText, rankPaths } from '../../src/chat/mentionSearch';
import { contextBlock, newId, previewOf, type ContextItem } from '../../src/conversation/conversation';

const FILES = ['src/app.ts', 'src/chat/appState.ts', 'test/app.test.ts', 'docs/apple.md', 'src/util/map.ts', 'README.md'].map((rel) => ({ rel, uri: `file:///w/${rel}` }));

test('files rank by the name first: exact, starts with, contains, path contains, letters in order', () => {
  // Equal scores: the shorter path first; map.ts has no second p after its a, so it does not match.
  assert.deepEqual(rankPaths(FILES, 'app', 10).map((f) => f.rel), ['src/app.ts', 'docs/apple.md', 'test/app.test.ts', 'src/chat/appState.ts']);
  assert.equal(rankPaths(FILES, 'app.ts', 10)[0].rel, 'src/app.ts', 'the exact name first');
  assert.equal(matchScore('src/chat/appState.ts', 'chat'), 3);
  assert.equal(matchScore('src/chat/appState.ts', 'cas'), 4, 'c…a…s in order');
  assert.equal(matchScore('src/chat/appState.ts', 'zzz'), undefined);
  assert.equal(rankPaths(FILES, '', 3).length, 3, 'an empty query lists the shallowest files, bounded');
  assert.deepEqual(rankPaths(FILES, '', 2).map((f) => f.rel), ['README.md', 'src/app.ts'], 'shallowest, then shortest');
});

test('folders come from the files; a folder sends its listing, bounded', () => {
  assert.deepEqual(foldersOf(FILES.map((f) => f.rel)), ['docs', 'src', 'src/chat', 'src/util', 'test']);
  const listing = folderListing('src', FILES.map((f) => f.rel));
  assert.equal(listing.text, 'app.ts\nchat/\nchat/appState.ts\nutil/\nutil/map.ts');
  assert.equal(listing.total, 5);
  const many = Array.from({ length: 30 }, (_, i) => `big/f${String(i).padStart(2, '0')}.txt`);
  const cut = folderListing('big', many, 10);
  assert.match(cut.text, /\n\[… 20 more entries left out\]$/);
  assert.equal(folderListing('nothing', many).total, 0);
});

test('the Problems list reads errors first, one a line, with where and the source', () => {
  const { text, errors, warnings } = problemsText([
    { file: 'b.ts', line: 3, column: 1, severity: 'warning', message: 'unused x', source: 'eslint' },
    { file: 'a.ts', line: 10, column: 5, severity: 'error', message: "Cannot find name 'y'.\n  More detail", source: 'ts' },
    { file: 'a.ts', line: 2, column: 1, severity: 'hint', message: 'could be const' },
  ]);
  assert.equal(text, ["a.ts:10:5 error: Cannot find name 'y'. More detail (ts)", 'b.ts:3:1 warning: unused x (eslint)', 'a.ts:2:1 hint: could be const'].join('\n'));
  assert.deepEqual([errors, warnings], [1, 1]);
});

test('paths that cannot be in the workspace are recognised before any search', () => {
  for (const q of ['/etc/hosts', '~/secrets.txt', '../other/file.ts', 'src/../../x', 'C:\\Windows\\win.ini', '..']) assert.ok(outsideWorkspacePath(q), q);
  for (const q of ['app.ts', 'src/app', '.env', '..hidden', 'a..b.ts', '']) assert.ok(!outsideWorkspacePath(q), q);
  assert.ok(isInside('/w', '/w/src/a.ts'));
  assert.ok(isInside('/w', '/w'));
  assert.ok(!isInside('/w', '/w2/a.ts'));
  assert.ok(!isInside('/w', '/etc/hosts'));
  assert.ok(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1])));
  assert.ok(!looksBinary(new TextEncoder().encode('plain text')));
});

test('each kind of mention tells the model what it is, with the content in a fence', () => {
  const item = (kind: ContextItem['chip']['kind'], content: string, extra: Partial<ContextItem> = {}, language?: string): ContextItem => ({
    chip: { id: newId(), kind, label: 'x', chars: content.length, preview: previewOf(content), ...(language ? { language } : {}) },
    content,
    path: extra.path ?? 'src/a.ts',
    ...extra,
  });
  assert.equal(contextBlock(item('file', 'const a = 1;', {}, 'ts')), 'File `src/a.ts`:\n```ts\nconst a = 1;\n```');
  assert.equal(
    contextBlock(item('symbol', 'function greet() {}', { startLine: 4, endLine: 6, symbol: { name: 'greet', kind: 'function' } }, 'javascript')),
    'The function `greet` from `src/a.ts`, lines 4-6:\n```javascript\nfunction greet() {}\n```',
  );
  assert.match(contextBlock(item('folder', 'a.ts\nb/', { path: 'src' })), /^Folder `src` \(its files and folders, one a line\):\n```\na\.ts\nb\/\n```$/);
  assert.match(contextBlock(item('problems', 'a.ts:1:1 error: x', { path: 'Problems' })), /^The Problems list of the workspace/);
  assert.match(contextBlock(item('diff', 'diff --git a/x b/x\n', { path: 'ws' }, 'diff')), /^The uncommitted changes in `ws` \(git diff HEAD\):\n```diff\ndiff --git/);
});

test("the git diff: the folder's own uncommitted changes, or a clear reason when there are none to get", async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' });

  const plain = mkdtempSync(path.join(os.tmpdir(), 'grok-nogit-'));
  assert.deepEqual(await gitDiff(plain), { error: `${path.basename(plain)} is not a git repository: there is no git diff to attach.` });
  assert.deepEqual(await gitDiff(plain, { ...process.env, PATH: '' }), { error: 'git is not installed (or not on the PATH), so there is no git diff to attach.' });

  const repo = mkdtempSync(path.join(os.tmpdir(), 'grok-git-'));
  git(repo, 'init', '-q');
  assert.deepEqual(await gitDiff(repo), { error: `${path.basename(repo)} has no commit yet: git diff HEAD has nothing to compare with.` });
  mkdirSync(path.join(repo, 'app'));
  writeFileSync(path.join(repo, 'app', 'a.ts'), 'one\n');
  writeFileSync(path.join(repo, 'outside.ts'), 'x\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'first');
  assert.deepEqual(await gitDiff(repo), { text: '' }, 'nothing changed');
  writeFileSync(path.join(repo, 'app', 'a.ts'), 'two\n');
  writeFileSync(path.join(repo, 'outside.ts'), 'y\n');
  const whole = await gitDiff(repo);
  assert.ok('text' in whole && whole.text.includes('+two') && whole.text.includes('+y'));
  // A workspace folder inside the repository: only its changes, with its own paths.
  const sub = await gitDiff(path.join(repo, 'app'));
  assert.ok('text' in sub, JSON.stringify(sub));
  assert.match(sub.text, /^diff --git a\/a\.ts b\/a\.ts\n/);
  assert.ok(!sub.text.includes('outside.ts'), 'a change outside the folder was sent');
});
