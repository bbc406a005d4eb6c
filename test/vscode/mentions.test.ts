// Mentions and instructions inside a real extension host, on the folder the runner opens (hello.js):
// what the picker offers, what a pick captures (exactly the file's text), what is refused and why
// (outside the workspace, too big, binary, an empty Problems list, no changes), the Problems list as
// sent, opening a sent chip, and the conversation's instructions from grok.chat.instructions.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContextItem } from '../../src/conversation/conversation';
import { Mentions } from '../../src/chat/mentions';
import { conversationInstructionChips, conversationInstructions } from '../../src/platform/instructions';
import type { MentionItem } from '../../src/protocol';
import { closeAllEditors, waitFor } from './support';

describe('mentions and instructions', () => {
  let mentions: Mentions;
  let root: string;
  const made: string[] = [];

  before(() => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'these tests need the folder the runner opens');
    root = folder.uri.fsPath;
    mentions = new Mentions();
  });

  after(async () => {
    mentions.dispose();
    for (const f of made) rmSync(f, { force: true });
    await closeAllEditors();
  });

  const search = async (query: string) => {
    const posts: Array<{ items: MentionItem[]; note?: string }> = [];
    await mentions.search(query, (items, note) => posts.push({ items, ...(note ? { note } : {}) }));
    return posts;
  };
  const write = (name: string, data: string | Uint8Array) => {
    const file = path.join(root, name);
    writeFileSync(file, data);
    made.push(file);
    return vscode.Uri.file(file).toString();
  };

  it('offers the workspace file for a part of its name, and Problems and the git diff for an empty query', async () => {
    // The last post holds the files: a file list slow to come is preceded by Problems and the git diff alone.
    const first = (await search('hel')).at(-1)!;
    assert.deepEqual(first.items[0], { kind: 'file', label: 'hello.js', detail: 'hello.js', ref: vscode.Uri.file(path.join(root, 'hello.js')).toString() });
    assert.ok(!first.items.some((i) => i.kind === 'problems' || i.kind === 'diff'), 'the fixed entries only match their names');
    const empty = (await search('')).at(-1)!;
    assert.deepEqual(empty.items.slice(0, 2).map((i) => i.kind), ['problems', 'diff']);
    assert.deepEqual(await search('/etc/passwd'), [{ items: [], note: 'Only files inside the workspace can be attached; /etc/passwd is outside it.' }]);
  });

  it('a file list slow to come: Problems and the git diff at once with a note, then the files; a failed list says so and the next query tries again', async () => {
    const hello = vscode.Uri.file(path.join(root, 'hello.js'));
    let answer: ((uris: vscode.Uri[]) => void) | undefined;
    let fail = true;
    const slow = new Mentions(() => new Promise((resolve, reject) => (fail ? setTimeout(() => reject(new Error('search service stopped')), 500) : (answer = resolve))));
    try {
      const posts: Array<{ items: MentionItem[]; note?: string }> = [];
      await slow.search('', (items, note) => posts.push({ items, ...(note ? { note } : {}) }));
      assert.deepEqual(posts.map((p) => [p.items.map((i) => i.kind), p.note]), [
        [['problems', 'diff'], 'Listing the workspace\'s files…'],
        [['problems', 'diff'], 'The workspace\'s files could not be listed (search service stopped).'],
      ]);
      fail = false;
      const later: Array<{ items: MentionItem[]; note?: string }> = [];
      const searching = slow.search('hel', (items, note) => later.push({ items, ...(note ? { note } : {}) }));
      await waitFor(() => later.length === 1, 'Problems and the git diff posted while the files are listed');
      assert.equal(later[0].note, 'Listing the workspace\'s files…');
      answer?.([hello]);
      await searching;
      assert.equal(later[1].items[0].ref, hello.toString(), JSON.stringify(later));
      assert.equal(later[1].note, undefined);
    } finally {
      slow.dispose();
    }
  });

  it('a picked file is captured exactly; files outside the workspace, too big or binary are refused with the reason', async () => {
    const ref = vscode.Uri.file(path.join(root, 'hello.js')).toString();
    const item = (await mentions.resolve('file', ref)) as ContextItem;
    assert.ok(!('error' in item), JSON.stringify(item));
    assert.equal(item.content, readFileSync(path.join(root, 'hello.js'), 'utf8'));
    assert.deepEqual([item.chip.kind, item.chip.label, item.chip.language, item.chip.chars, item.path], ['file', 'hello.js', 'js', item.content.length, 'hello.js']);

    assert.deepEqual(await mentions.resolve('file', vscode.Uri.file('/etc/hostname').toString()), { error: 'Only files inside the workspace can be attached; /etc/hostname is outside it.' });
    assert.deepEqual(await mentions.resolve('file', vscode.Uri.file(path.join(root, '..', 'outside.txt')).toString()), {
      error: `Only files inside the workspace can be attached; ${path.join(path.dirname(root), 'outside.txt')} is outside it.`,
    });
    const big = write('mentions-big.txt', 'x'.repeat(300_000));
    assert.match(((await mentions.resolve('file', big)) as { error: string }).error, /^mentions-big\.txt is too big to attach \(293 KB; at most 100,000 characters\)\. Open it and add the part you need with Selection\.$/);
    const binary = write('mentions-binary.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    assert.deepEqual(await mentions.resolve('file', binary), { error: 'mentions-binary.bin looks like a binary file; only text files can be attached.' });
  });

  it('the Problems list: refused while empty, sent as lines once it has a problem', async () => {
    const hello = vscode.Uri.file(path.join(root, 'hello.js'));
    const others = vscode.languages.getDiagnostics().some(([uri, d]) => d.length && vscode.workspace.getWorkspaceFolder(uri));
    if (!others) assert.deepEqual(await mentions.resolve('problems', 'problems'), { error: 'The Problems list is empty: there is nothing to attach.' });
    const collection = vscode.languages.createDiagnosticCollection('grok-mentions-test');
    try {
      collection.set(hello, [new vscode.Diagnostic(new vscode.Range(1, 2, 1, 8), 'greet returns a string', vscode.DiagnosticSeverity.Error)]);
      await waitFor(() => vscode.languages.getDiagnostics(hello).length > 0, 'the diagnostic to be listed');
      const item = (await mentions.resolve('problems', 'problems')) as ContextItem;
      assert.ok(!('error' in item), JSON.stringify(item));
      assert.ok(item.content.split('\n').includes('hello.js:2:3 error: greet returns a string'), item.content);
      assert.match(item.chip.label, /^1 error, 0 warnings/);
    } finally {
      collection.dispose();
    }
  });

  it('the git diff never holds changes from outside the workspace folder; without changes or git it says why', async () => {
    const result = await mentions.resolve('diff', 'diff');
    // The folder is in the (ignored) test output of this repository, or not in a repository at all.
    assert.ok('error' in result, `a diff was attached: ${'content' in result ? result.content.slice(0, 300) : ''}`);
    assert.match(result.error, /^There are no uncommitted changes in workspace \(git diff HEAD is empty\)\.$|is not a git repository: there is no git diff to attach\.$/);
  });

  it('a sent file chip opens its file', async () => {
    // The helper, not the bare command: an unsaved editor left by any earlier suite would make Close All
    // wait on its "Save changes?" dialog for ever (seen once: an empty Untitled-1 still marked unsaved).
    await closeAllEditors();
    const item = (await mentions.resolve('file', vscode.Uri.file(path.join(root, 'hello.js')).toString())) as ContextItem;
    assert.equal(await mentions.open(item, 'm1'), undefined);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === path.join(root, 'hello.js'), 'hello.js to open');
  });

  it('grok.chat.instructions is sent for every conversation that has not removed it', async () => {
    const c = vscode.workspace.getConfiguration('grok');
    const before = c.inspect<string>('chat.instructions')?.globalValue;
    try {
      await c.update('chat.instructions', 'Answer in British English.', vscode.ConfigurationTarget.Global);
      for (let i = 0; i < 50 && !(await conversationInstructions({})).includes('British'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await conversationInstructions({}), "The user's instructions:\nAnswer in British English.");
      assert.deepEqual((await conversationInstructionChips({})).map((chip) => chip.label), ['Instructions']);
      assert.equal(await conversationInstructions({ removedInstructions: ['setting'] }), '');
    } finally {
      await c.update('chat.instructions', before, vscode.ConfigurationTarget.Global);
    }
  });
});
