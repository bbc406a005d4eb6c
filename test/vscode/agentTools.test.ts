// The agent's tools in a real extension host against the real workspace: an edit to a file open in an
// editor goes through WorkspaceEdit and is saved, the editor updates in place (one Undo step), other files
// are written on disk without their documents turning dirty, focus stays where the user was,
// VS Code's own ripgrep is found, commands run in the Grok terminal, and Revert task restores the files.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AgentService } from '../../src/agent/agentService';
import { CheckpointStore } from '../../src/agent/checkpoints';
import { openChangeDiff, registerAgentDiff } from '../../src/agent/changeDiff';
import { executePrepared, prepareToolCall } from '../../src/agent/tools/dispatch';
import { ALL_TOOLS } from '../../src/agent/tools/registry';
import { ChildProcessRunner } from '../../src/agent/processRunner';
import { TerminalRunner } from '../../src/agent/terminalRunner';
import type { ToolContext } from '../../src/agent/tools/toolTypes';
import { closeAllEditors, redo, undo, waitFor } from './support';

const DIR = 'agent-host-test';
const A = 'export const a = 1;\nexport const keep = true;\n';

describe('agent tools in VS Code', function () {
  this.timeout(60_000);
  let service: AgentService;
  let ctx: ToolContext;
  let taskId: string;
  let root: string;
  let typing: vscode.TextEditor;
  const logs: string[] = [];

  async function call(name: string, args: unknown) {
    const d = await prepareToolCall(name, JSON.stringify(args), ALL_TOOLS, ALL_TOOLS, ctx);
    assert.ok(d.ok, d.ok ? '' : d.result.output);
    return executePrepared(name, d.prepared, new AbortController().signal, ctx);
  }

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the harness opens a workspace folder');
    root = path.join(folder.uri.fsPath, DIR);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'a.ts'), A);
    writeFileSync(path.join(root, 'old.txt'), 'old\n');
    service = new AgentService(mkdtempSync(path.join(tmpdir(), 'grok-agent-host-')), (line) => logs.push(line));
    taskId = CheckpointStore.newTaskId();
    // A command that never reports its end fails its test with the log, well inside mocha's timeout.
    const given = await service.context(taskId);
    ctx = { ...given, settings: { ...given.settings, commandTimeoutSeconds: 20 } };
    // a.ts is open beside, and the user is typing in another editor.
    const aDoc = await vscode.workspace.openTextDocument(path.join(root, 'a.ts'));
    await vscode.window.showTextDocument(aDoc, { viewColumn: vscode.ViewColumn.One });
    typing = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'typing here' }), { viewColumn: vscode.ViewColumn.Two });
  });

  after(async () => {
    service?.dispose();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await closeAllEditors();
    rmSync(root, { recursive: true, force: true });
  });

  it('edit_file changes the open document in place, saves it, and does not move focus; one Undo reverts it', async () => {
    const result = await call('edit_file', { path: `${DIR}/a.ts`, edits: [{ search: 'a = 1', replace: 'a = 2' }] });
    assert.ok(result.ok, result.output);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path.join(root, 'a.ts'));
    assert.ok(doc, 'the same document is still open');
    assert.equal(doc.getText(), A.replace('a = 1', 'a = 2'));
    assert.equal(doc.isDirty, false, 'saved');
    assert.equal(readFileSync(path.join(root, 'a.ts'), 'utf8'), A.replace('a = 1', 'a = 2'), 'on disk for commands that follow');
    assert.equal(vscode.window.activeTextEditor?.document, typing.document, 'focus stayed in the editor the user was typing in');
    assert.equal(vscode.window.visibleTextEditors.length, 2, 'no editor was opened');
    const aEditor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await undo();
    assert.equal(aEditor.document.getText(), A, 'one Undo restores the text');
    await redo();
    await aEditor.document.save();
    await vscode.window.showTextDocument(typing.document, vscode.ViewColumn.Two);
  });

  it('read_file sees the current text; create_file and delete_file work without opening editors', async () => {
    const read = await call('read_file', { path: `${DIR}/a.ts` });
    assert.match(read.output, /export const a = 2;/);
    const created = await call('create_file', { path: `${DIR}/new/b.ts`, content: 'export const b = 1;\n' });
    assert.ok(created.ok, created.output);
    assert.equal(readFileSync(path.join(root, 'new', 'b.ts'), 'utf8'), 'export const b = 1;\n');
    const deleted = await call('delete_file', { path: `${DIR}/old.txt` });
    assert.ok(deleted.ok, deleted.output);
    assert.equal(existsSync(path.join(root, 'old.txt')), false);
    assert.equal(vscode.window.activeTextEditor?.document, typing.document);
    assert.equal(vscode.window.visibleTextEditors.length, 2);
  });

  it('edit_file on a file with a byte order mark, not open in any editor, keeps exactly one mark', async () => {
    const file = path.join(root, 'bom.ts');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('let marked = 1;\n')]));
    const read = await call('read_file', { path: `${DIR}/bom.ts` });
    assert.doesNotMatch(read.output, /\uFEFF/, 'the mark is not shown to Grok as text');
    const result = await call('edit_file', { path: `${DIR}/bom.ts`, edits: [{ search: 'marked = 1', replace: 'marked = 2' }] });
    assert.ok(result.ok, result.output);
    const bytes = readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 4)], [0xef, 0xbb, 0xbf, 0x6c], 'one mark, then the text');
    assert.equal(bytes.subarray(3).toString('utf8'), 'let marked = 2;\n');
  });

  it('edits and creates files no editor shows without their documents ever turning dirty, so VS Code opens no editor for them', async () => {
    // VS Code opens a dirty file that no tab shows, 800 ms after it turns dirty: an edit through a
    // WorkspaceEdit, dirty until its save, opened such tabs on a busy machine.
    const file = path.join(root, 'loaded.ts');
    writeFileSync(file, 'let loaded = 1;\n');
    // Loaded as a document, as another extension or an earlier look leaves it, but in no tab.
    const doc = await vscode.workspace.openTextDocument(file);
    const dirty: string[] = [];
    const watch = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.fsPath.startsWith(root) && e.document.isDirty) dirty.push(vscode.workspace.asRelativePath(e.document.uri));
    });
    try {
      const first = await call('edit_file', { path: `${DIR}/loaded.ts`, edits: [{ search: 'loaded = 1', replace: 'loaded = 2' }] });
      assert.ok(first.ok, first.output);
      assert.equal(readFileSync(file, 'utf8'), 'let loaded = 2;\n');
      // The next edit starts from the first one's text, whether or not the document has reloaded yet.
      const second = await call('edit_file', { path: `${DIR}/loaded.ts`, edits: [{ search: 'loaded = 2', replace: 'loaded = 3' }] });
      assert.ok(second.ok, second.output);
      const created = await call('create_file', { path: `${DIR}/made/c.ts`, content: 'export const c = 3;\n' });
      assert.ok(created.ok, created.output);
      await waitFor(() => doc.getText() === 'let loaded = 3;\n', `the document to take the text on disk (it holds ${JSON.stringify(doc.getText())})`);
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      watch.dispose();
    }
    assert.deepEqual(dirty, [], 'a document turned dirty');
    const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.ok(!labels.some((l) => l.startsWith('loaded.ts') || l.startsWith('c.ts')), `an editor opened: ${JSON.stringify(labels)}`);
    assert.equal(readFileSync(path.join(root, 'made', 'c.ts'), 'utf8'), 'export const c = 3;\n');
    assert.equal(vscode.window.activeTextEditor?.document, typing.document, 'focus stayed in the editor the user was typing in');
  });

  it('search_text uses the ripgrep VS Code ships', async () => {
    assert.equal(ctx.searcher.engine, 'ripgrep', logs.join('\n'));
    const result = await call('search_text', { query: 'export const b', glob: `${DIR}/**` });
    assert.equal(result.output, `1 matches:\n${DIR}/new/b.ts:1: export const b = 1;`);
  });

  it('get_diagnostics reports the Problems list', async () => {
    const collection = vscode.languages.createDiagnosticCollection('agent-test');
    try {
      collection.set(vscode.Uri.file(path.join(root, 'a.ts')), [new vscode.Diagnostic(new vscode.Range(1, 2, 1, 5), 'Something is off', vscode.DiagnosticSeverity.Error)]);
      const result = await call('get_diagnostics', { path: `${DIR}/a.ts` });
      assert.equal(result.output, `1 problem:\n${DIR}/a.ts:2:3 error: Something is off`);
    } finally {
      collection.dispose();
    }
  });

  it('run_command runs in the Grok terminal, captures output and exit code, and leaves focus alone', async () => {
    const result = await call('run_command', { command: 'echo grok-$((6*7)) && ls', cwd: DIR });
    assert.equal((ctx.runner as TerminalRunner).lastPath, 'terminal', logs.join('\n'));
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Grok'), `no Grok terminal after the command\n${logs.join('\n')}`);
    assert.equal(result.exitCode, 0, `${result.output}\n${logs.join('\n')}`);
    assert.match(result.output, /grok-42/);
    assert.match(result.output, /a\.ts/);
    assert.equal(vscode.window.activeTextEditor?.document, typing.document, 'focus stayed in the editor');
    // A command of several lines ends when its last line has run.
    const lines = await call('run_command', { command: 'echo first-line\nsleep 1\necho last-line', cwd: DIR });
    assert.equal(lines.exitCode, 0, `${lines.output}\n${logs.join('\n')}`);
    assert.match(lines.output, /first-line[\s\S]*last-line/);
    const failing = await call('run_command', { command: 'ls does-not-exist', cwd: DIR });
    assert.equal(failing.ok, false);
    assert.notEqual(failing.exitCode ?? 1, 0);
  });

  it('the first command of a new Grok terminal, its panel opening for it, ends with its exit code (six terminals in a row)', async function () {
    // Showing the panel resizes the terminal and bash redraws its prompt; a command typed then was sent
    // after a Ctrl+C and never reported its end (about one terminal in ten under load).
    this.timeout(120_000);
    const seen: string[] = [];
    for (let round = 1; round <= 6; round++) {
      await vscode.commands.executeCommand('workbench.action.closePanel');
      const runner = new TerminalRunner(new ChildProcessRunner(), (line) => seen.push(`terminal ${round}: ${line}`));
      try {
        const outcome = await runner.run(`echo round-$((${round}*7))`, root, { timeoutMs: 15_000, maxChars: 10_000, signal: new AbortController().signal });
        assert.equal(runner.lastPath, 'terminal', seen.join('\n'));
        assert.equal(outcome.exitCode, 0, `terminal ${round}: ${outcome.output}\n${seen.join('\n')}`);
        assert.match(outcome.output, new RegExp(`round-${round * 7}`));
      } finally {
        runner.dispose();
      }
    }
  });

  it('Open Diff shows a proposed change in the diff editor without taking focus', async () => {
    const subscriptions: vscode.Disposable[] = [];
    registerAgentDiff({ subscriptions });
    try {
      const d = await prepareToolCall('edit_file', JSON.stringify({ path: `${DIR}/a.ts`, edits: [{ search: 'keep = true', replace: 'keep = false' }] }), ALL_TOOLS, ALL_TOOLS, ctx);
      assert.ok(d.ok && d.prepared.change);
      await openChangeDiff(d.prepared.change, false);
      await waitFor(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.label.includes('proposed by Grok'))), 'the diff tab');
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff);
      const input = tab?.input as vscode.TabInputTextDiff;
      assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), d.prepared.change.after);
      assert.equal(vscode.window.activeTextEditor?.document, typing.document, 'focus stayed in the editor');
      assert.match(readFileSync(path.join(root, 'a.ts'), 'utf8'), /keep = true/, 'a proposal writes nothing');
      if (tab) await vscode.window.tabGroups.close(tab, true);
    } finally {
      subscriptions.forEach((s) => s.dispose());
    }
  });

  it('Revert task restores every file the task touched, and the open editor shows it', async () => {
    const report = await service.revertTask(taskId);
    assert.deepEqual(report.failed, []);
    assert.equal(readFileSync(path.join(root, 'a.ts'), 'utf8'), A);
    assert.equal(readFileSync(path.join(root, 'old.txt'), 'utf8'), 'old\n');
    assert.equal(existsSync(path.join(root, 'new')), false);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path.join(root, 'a.ts'));
    await waitFor(() => doc?.getText() === A, 'the open editor to show the restored file');
  });
});
