// The editor commands in a real extension host, against the fake xAI server: code streamed into the
// document at the cursor is exactly the expected code (fences and prose stripped, indentation of the
// cursor line), one Undo restores the document exactly, the user's typing during the stream stays intact
// and never shares an undo step with inserted code, Stop closes the server's connection at once, edit
// proposals are accepted and rejected, explain-selection asks the chat with the selection.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, fakeUrl, leaveNoKey, note, resetFake, run, type SetKeyResult, undo, waitFor, withStoredKey } from './support';

const CHAT_ROUTE = 'POST /v1/chat/completions';
const KEY = 'xai-editor-suite-key-0005';
const MODEL = 'grok-4-1-fast-non-reasoning';

interface InsertResult {
  status: string;
  text?: string;
  undoSteps?: number;
  interrupted?: string;
  error?: { kind: string; message: string };
  waited?: { events: number; eventTimeouts: number; typing: number; saves: number };
}

interface EditResult {
  status: string;
  id?: string;
  text?: string;
  error?: { kind: string; message: string };
}

interface SeenRequest {
  route: string;
  json?: { messages?: Array<{ role: string; content: string }>; stream?: boolean };
  closedByClient?: boolean;
}

async function control(pathname: string, body?: unknown): Promise<unknown> {
  const origin = new URL(fakeUrl()).origin;
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${origin}/__control${pathname}`, init);
  const text = await res.text();
  assert.equal(res.status, 200, `${pathname} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

function enqueue(reply: unknown): Promise<unknown> {
  return control('/enqueue', { route: CHAT_ROUTE, reply });
}

async function chatRequests(): Promise<SeenRequest[]> {
  const { requests } = (await control('/requests')) as { requests: SeenRequest[] };
  return requests.filter((r) => r.route === CHAT_ROUTE);
}

/** A chat.completion.chunk stream in xAI's shape (as recording 01): one event per piece, finish, usage. */
function chunkEvents(pieces: string[]): unknown[] {
  const base = { id: 'e2d7c0de-0000-4000-8000-000000000005', object: 'chat.completion.chunk', created: 1772541411, model: MODEL, system_fingerprint: 'fp_editor' };
  return [
    ...pieces.map((content, i) => ({ ...base, choices: [{ index: 0, delta: i === 0 ? { content, role: 'assistant' } : { content } }] })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    { ...base, choices: [], usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 } },
  ];
}

/** Cuts text into pieces of `size` characters: boundaries fall inside fences, tags and indentation. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Files on disk, not untitled documents: VS Code reuses untitled names, and a new "Untitled-1" can come
 * back with the content of the one closed just before it. */
const files: string[] = [];
const EXTENSIONS: Record<string, string> = { javascript: 'js', typescript: 'ts', python: 'py', plaintext: 'txt' };

async function openDocument(content: string, language: string): Promise<vscode.TextEditor> {
  const file = path.join(os.tmpdir(), `grok-editor-suite-${process.pid}-${files.length + 1}.${EXTENSIONS[language] ?? 'txt'}`);
  await fs.writeFile(file, content);
  files.push(file);
  let doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  const editor = await vscode.window.showTextDocument(doc);
  editor.options = { tabSize: 2, insertSpaces: true };
  return editor;
}

function place(editor: vscode.TextEditor, line: number, character: number): void {
  const p = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(p, p);
}

/**
 * Types like a user in `editor`, one character at a time, each key checked in: 'type' goes to the
 * focused editor, and in this harness a key now and then reaches none (seen as a lost first or last
 * character in about one run of seven). By default a key that no change event shows within 8 s is
 * typed again after showing the editor once more, and every such retry is noted in the test's report, so
 * that a focus bug in the product cannot hide behind it. `{ retries: 0, refocus: false }` types as a user
 * does, without the accommodation: the test that covers focus uses it. Returns when each key reached the
 * document (Date.now()).
 */
async function typeInto(editor: vscode.TextEditor, text: string, gapMs: number, options: { retries?: number; refocus?: boolean } = {}): Promise<number[]> {
  const applied: number[] = [];
  const retries = options.retries ?? 2;
  const refocus = options.refocus ?? true;
  for (const [index, ch] of [...text].entries()) {
    for (let attempt = 1; ; attempt++) {
      if (refocus) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      const arrived = new Promise<boolean>((resolve) => {
        // A key that arrives late is not lost: typing it again would type it twice (a run at load 9 typed
        // a space twice after waiting 3 s), so the wait is long: a key that went to another place never
        // arrives, however long the wait.
        const timer = setTimeout(() => {
          sub.dispose();
          resolve(false);
        }, 8000);
        const sub = vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.document !== editor.document || !e.contentChanges.some((c) => c.text === ch && c.rangeLength === 0)) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(true);
        });
      });
      await vscode.commands.executeCommand('type', { text: ch });
      if (await arrived) {
        applied.push(Date.now());
        break;
      }
      const active = vscode.window.activeTextEditor?.document.uri.toString() ?? 'no editor';
      if (attempt > retries) {
        throw new Error(`the key ${JSON.stringify(ch)} (${index + 1} of ${text.length}) never reached the editor after ${attempt} tries; the active editor is ${active}`);
      }
      note(`typeInto: the key ${JSON.stringify(ch)} (${index + 1} of ${text.length}) did not reach the editor (active: ${active}); typing it again (try ${attempt + 1})`);
    }
    await sleep(gapMs);
  }
  return applied;
}

/**
 * Undoes in `editor` until it holds `original` again (at most `max` times) and returns how many Undos that
 * took. An Undo that changed nothing (it went to another editor) is not a step of the code's: it fails.
 */
async function undosUntil(editor: vscode.TextEditor, original: string, max: number): Promise<number> {
  let undos = 0;
  while (editor.document.getText() !== original && undos < max) {
    const previous = editor.document.getText();
    await undo();
    undos++;
    const active = vscode.window.activeTextEditor?.document.uri.toString() ?? 'no editor';
    assert.notEqual(editor.document.getText(), previous, `Undo ${undos} changed nothing in 10 s (the active editor: ${active === editor.document.uri.toString() ? 'this one' : active})`);
  }
  return undos;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True once the fake saw the client close a chat request's connection before its response ended. */
async function serverSawClose(withinMs = 2000): Promise<boolean> {
  const until = Date.now() + withinMs;
  for (;;) {
    if ((await chatRequests()).some((r) => r.closedByClient)) return true;
    if (Date.now() > until) return false;
    await sleep(50);
  }
}

describe('editor commands against the fake xAI server', function () {
  this.timeout(60_000);

  // The suite counts undo steps: a save ends VS Code's undo step, and code-server saves after 1 s by
  // default. Auto save is off here unless a test turns it on; the value found is put back at the end.
  let autoSaveBefore: unknown;

  before(async () => {
    await withStoredKey(KEY);
    const filesConfig = vscode.workspace.getConfiguration('files');
    autoSaveBefore = filesConfig.inspect('autoSave')?.globalValue;
    await filesConfig.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    // The first JavaScript or TypeScript file opened activates VS Code's TypeScript extension in this
    // extension host: seconds of work on a busy machine, which stalled the stream and the keys of whichever
    // test came first in a shuffled order (a paced stream arrived as 3 writes; a key took over a second).
    await vscode.extensions.getExtension('vscode.typescript-language-features')?.activate();
    for (const language of ['typescript', 'javascript']) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content: 'const warm = 1;\n' }));
    }
    await sleep(1000);
    await closeAllEditors();
  });

  beforeEach(async () => {
    await resetFake(fakeUrl());
    await closeAllEditors();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSaveBefore, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
    await Promise.all(files.map((f) => fs.rm(f, { force: true })));
    await leaveNoKey();
  });

  describe('grok.insertAtCursor', () => {
    it('streams fenced code in at the cursor: exact text, prose and fences gone, the cursor line indentation, focus kept; one Undo restores', async () => {
      const original = 'function total(items) {\n  let sum = 0;\n  \n  return sum;\n}\n';
      const editor = await openDocument(original, 'javascript');
      place(editor, 2, 2);
      const reply = 'Here is the loop:\n\n```javascript\nfor (const item of items) {\n  sum += item.price; // `price` is in ```cents```\n}\n```\n\nThis adds up the prices.';
      await enqueue({ events: chunkEvents(pieces(reply, 3)) });

      const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'add up the prices' });

      assert.equal(result.status, 'done', JSON.stringify(result));
      const expected = 'function total(items) {\n  let sum = 0;\n  for (const item of items) {\n    sum += item.price; // `price` is in ```cents```\n  }\n  return sum;\n}\n';
      assert.equal(editor.document.getText(), expected);
      assert.equal(result.undoSteps, 1);
      assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'focus moved to another editor');
      assert.equal(vscode.window.visibleTextEditors.length, 1, 'an editor was opened');

      const [request] = await chatRequests();
      const user = request.json?.messages?.find((m) => m.role === 'user')?.content ?? '';
      assert.ok(user.includes('let sum = 0;\n  <|cursor|>\n  return sum;'), `the request lacks the cursor context: ${user}`);
      assert.match(user, /add up the prices/);
      assert.equal(request.json?.stream, true);

      await undo();
      assert.equal(editor.document.getText(), original, 'one Undo did not restore the document');
    });

    it('a paced stream (many writes spread over time, nobody typing) is still exactly the code, in one undo step, and one Undo restores', async () => {
      const original = 'export function parse(line: string) {\n  \n}\n';
      const editor = await openDocument(original, 'typescript');
      place(editor, 1, 2);
      const code = '```ts\nconst parts = line.split(",");\nconst name = parts[0].trim();\nconst age = Number(parts[1]);\nif (Number.isNaN(age)) {\n  throw new Error(`bad age: ${parts[1]}`);\n}\nreturn { name, age };\n```';
      // About 10 s of stream: on a loaded machine one write to the document can take a second or more, and
      // the chunks that arrive meanwhile go in together (two runs at load 12 with a 4 s stream saw only 3 and
      // 4 writes: the premise below failed, the test proved nothing).
      await enqueue({ events: chunkEvents(pieces(code, 6)), chunkDelayMs: 300 });
      const writes: number[] = [];
      const sub = vscode.workspace.onDidChangeTextDocument((e) => e.document === editor.document && e.contentChanges.length > 0 && writes.push(Date.now()));

      const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'parse a CSV line' });
      sub.dispose();

      assert.equal(result.status, 'done', JSON.stringify(result));
      const expected =
        'export function parse(line: string) {\n  const parts = line.split(",");\n  const name = parts[0].trim();\n  const age = Number(parts[1]);\n' +
        '  if (Number.isNaN(age)) {\n    throw new Error(`bad age: ${parts[1]}`);\n  }\n  return { name, age };\n}\n';
      assert.equal(editor.document.getText(), expected);
      // The premise: the code arrived in many separate writes, spread out in time (not one edit at the end).
      const spaced = writes.slice(1).filter((t, i) => t - writes[i] >= 30).length;
      assert.ok(writes.length >= 5 && spaced >= 4, `only ${writes.length} writes, ${spaced} of them ≥30 ms apart: the stream was not paced (writing waited, in ms: ${JSON.stringify(result.waited)})`);
      assert.equal(result.undoSteps, 1, `${writes.length} writes took ${result.undoSteps} undo steps`);
      // Nobody typed, moved the cursor or saved: writing never waited for either.
      assert.deepEqual([result.waited?.typing, result.waited?.saves], [0, 0], `writing waited, in ms: ${JSON.stringify(result.waited)}`);

      await undo();
      const gaps = writes.slice(1).map((t, i) => t - writes[i]);
      assert.equal(editor.document.getText(), original, `one Undo did not restore the document after a paced stream (${writes.length} writes, gaps ${gaps.join(', ')} ms); after it: ${JSON.stringify(editor.document.getText())}`);
    });

    it('real recorded streams (no fences: the whole answer is code), split at random bytes, go in exactly; one Undo restores', async () => {
      const cases = [
        { recorded: '01', original: 'numbers = \n', line: 0, character: 10, expected: 'numbers = 1, 2, 3.\n' },
        { recorded: '03', original: 'def count():\n    \n', line: 1, character: 4, expected: 'def count():\n    Here is the count from 1 to 3:\n\n    1\n    2\n    3\n' },
        { recorded: '04', original: 'x = [];\n', line: 0, character: 5, expected: 'x = [1, 2, 3];\n' },
      ];
      for (const c of cases) {
        await resetFake(fakeUrl());
        const editor = await openDocument(c.original, 'python');
        editor.options = { tabSize: 4, insertSpaces: true };
        place(editor, c.line, c.character);
        await enqueue({ recorded: c.recorded, chunking: { kind: 'random', seed: 5 } });
        const result = await run<InsertResult>('grok.insertAtCursor', { prompt: '' });
        assert.equal(result.status, 'done', `${c.recorded}: ${JSON.stringify(result)}`);
        assert.equal(editor.document.getText(), c.expected, `recording ${c.recorded}`);
        await undo();
        assert.equal(editor.document.getText(), c.original, `recording ${c.recorded}: one Undo did not restore`);
        await closeAllEditors();
      }
    });

    it('keeps the user\'s typing elsewhere in the document intact while code streams in, and never shares an undo step with it', async () => {
      const original = '// head\nfunction f() {\n  \n}\n// tail\n';
      const editor = await openDocument(original, 'javascript');
      place(editor, 2, 2);
      const code = '```js\nconst a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\nreturn a + b + c + d;\n```';
      await enqueue({ events: chunkEvents(pieces(code, 4)), chunkDelayMs: 60 });

      const pending = run<InsertResult>('grok.insertAtCursor', { prompt: 'four constants' });
      await waitFor(() => editor.document.getText() !== original, 'the first inserted code');
      // The user types at the end of the first line (before the insertion) and of the last (after it),
      // getting there as a user does, by cursor commands (a selection set through the API is not a move
      // VS Code ends an undo step for; see onMove in streamingInsertion.ts).
      // When each of the user's moves and keys happened: writing resumes in any pause of theirs of
      // TYPING_PAUSE_MS (500 ms), which a loaded machine can put between any two of them.
      const acts: number[] = [];
      const act = async (command: string) => {
        await vscode.commands.executeCommand(command);
        acts.push(Date.now());
      };
      await act('cursorTop');
      await act('cursorEnd');
      acts.push(...(await typeInto(editor, ' A1', 40)));
      // The end of the last line, found by the editor itself: line numbers change as code streams in.
      await act('cursorBottom');
      await act('cursorLeft');
      acts.push(...(await typeInto(editor, ' B2', 40)));
      const result = await pending;

      assert.equal(result.status, 'done', JSON.stringify(result));
      const expected = '// head A1\nfunction f() {\n  const a = 1;\n  const b = 2;\n  const c = 3;\n  const d = 4;\n  return a + b + c + d;\n}\n// tail B2\n';
      assert.equal(editor.document.getText(), expected);

      // Every Undo takes back either some of the user's typing or some inserted code, never both; all of
      // them together give the original back.
      const zones = (text: string) => {
        const lines = text.split('\n');
        return [lines[0], lines.slice(1, -2).join('\n'), lines[lines.length - 2]];
      };
      let previous = editor.document.getText();
      let codeUndos = 0;
      for (let step = 0; step < 40 && previous !== original; step++) {
        await undo();
        const now = editor.document.getText();
        assert.notEqual(now, previous, `Undo ${step + 1} changed nothing`);
        const changed = zones(now).map((z, i) => z !== zones(previous)[i]);
        assert.equal(changed.filter(Boolean).length, 1, `Undo ${step + 1} mixed the user's typing and the inserted code:\n${previous}\n---\n${now}`);
        if (changed[1]) codeUndos++;
        previous = now;
      }
      assert.equal(previous, original);
      // The command says how many Undos its code takes, truthfully; writing pauses while the user types,
      // so that is not one per keystroke: one step before the typing, one after it, one more when a write
      // already on its way lands just after the user's first move (the move ended the step before it), and
      // one for each pause the user made (none on a quiet machine, where the acts come 40–100 ms apart).
      // A pause counts from 400 ms, not 500: the test hears of each act a little apart from the command.
      assert.equal(codeUndos, result.undoSteps, 'undoSteps differs from the Undos the code took');
      const gaps = acts.slice(1).map((t, i) => t - acts[i]);
      const pauses = gaps.filter((g) => g >= 400).length;
      assert.ok(codeUndos <= 3 + pauses, `${codeUndos} Undos for the inserted code, with ${pauses} pauses of the user's (gaps between their acts: ${gaps.join(', ')} ms)`);
    });

    it('moving the cursor while code streams in (nothing typed): the count of undo steps it reports is the number of Undos the code takes', async () => {
      // VS Code closes the document's undo step when the cursor moves by a command or a click, so code
      // written after a move is a step of its own even though nobody typed.
      const original = 'function g() {\n  \n}\n// end\n';
      const editor = await openDocument(original, 'javascript');
      place(editor, 1, 2);
      const code = '```js\nconst a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\nconst e = 5;\nreturn a + b + c + d + e;\n```';
      await enqueue({ events: chunkEvents(pieces(code, 4)), chunkDelayMs: 100 });

      const pending = run<InsertResult>('grok.insertAtCursor', { prompt: 'five constants' });
      await waitFor(() => editor.document.getText() !== original, 'the first inserted code');
      for (const move of ['cursorBottom', 'cursorTop', 'cursorDown']) {
        await sleep(400);
        await vscode.commands.executeCommand(move);
      }
      const result = await pending;
      assert.equal(result.status, 'done', JSON.stringify(result));
      assert.equal(editor.document.getText(), 'function g() {\n  const a = 1;\n  const b = 2;\n  const c = 3;\n  const d = 4;\n  const e = 5;\n  return a + b + c + d + e;\n}\n// end\n');

      const codeUndos = await undosUntil(editor, original, 20);
      assert.equal(editor.document.getText(), original);
      assert.equal(codeUndos, result.undoSteps, `undoSteps differs from the Undos the code took (${JSON.stringify(result)})`);
    });

    it('auto save in the middle of the stream: the count of undo steps it reports is the number of Undos the code takes', async () => {
      const filesConfig = vscode.workspace.getConfiguration('files');
      // Put back afterwards what the profile had (removing the value would mean code-server's default: auto save on).
      const before = { autoSave: filesConfig.inspect('autoSave')?.globalValue, autoSaveDelay: filesConfig.inspect('autoSaveDelay')?.globalValue };
      await filesConfig.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
      await filesConfig.update('autoSaveDelay', 150, vscode.ConfigurationTarget.Global);
      try {
        const original = 'const x = 1;\n';
        const editor = await openDocument(original, 'javascript');
        place(editor, 1, 0);
        const saves: number[] = [];
        const sub = vscode.workspace.onDidSaveTextDocument((d) => d === editor.document && saves.push(Date.now()));
        // Pauses longer than the auto-save delay: the document is saved between pieces of code.
        const code = '```js\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```';
        await enqueue({ events: chunkEvents(pieces(code, 12)), chunkDelayMs: 450 });
        const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'three constants' });
        sub.dispose();

        assert.equal(result.status, 'done', JSON.stringify(result));
        assert.equal(editor.document.getText(), `${original}const a = 1;\nconst b = 2;\nconst c = 3;`);
        assert.ok(saves.length >= 1, 'auto save never ran during the stream: the test proves nothing');
        // Undo acts on the focused editor: make sure it is this one (the closing message may hold focus).
        await vscode.window.showTextDocument(editor.document);
        const undos = await undosUntil(editor, original, 10);
        assert.equal(editor.document.getText(), original);
        assert.ok(undos > 1, 'a save mid-stream did not split the undo step (then this test needs a new premise)');
        assert.equal(result.undoSteps, undos, `reported ${result.undoSteps} undo steps, took ${undos} Undos (${saves.length} saves; writing waited, in ms: ${JSON.stringify(result.waited)})`);
      } finally {
        await filesConfig.update('autoSave', before.autoSave, vscode.ConfigurationTarget.Global);
        await filesConfig.update('autoSaveDelay', before.autoSaveDelay, vscode.ConfigurationTarget.Global);
      }
    });

    it('Stop after auto saves mid-stream, nothing typed: the message names the saves (not an edit) and grok.removeInsertedCode takes the code out at once', async () => {
      const filesConfig = vscode.workspace.getConfiguration('files');
      // Put back afterwards what the profile had (removing the value would mean code-server's default: auto save on).
      const before = { autoSave: filesConfig.inspect('autoSave')?.globalValue, autoSaveDelay: filesConfig.inspect('autoSaveDelay')?.globalValue };
      await filesConfig.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
      await filesConfig.update('autoSaveDelay', 150, vscode.ConfigurationTarget.Global);
      try {
        const original = 'const x = 1;\n';
        const editor = await openDocument(original, 'javascript');
        place(editor, 1, 0);
        const saves: number[] = [];
        const sub = vscode.workspace.onDidSaveTextDocument((d) => d === editor.document && saves.push(Date.now()));
        const code = '```js\nconst a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\n```';
        await enqueue({ events: chunkEvents(pieces(code, 12)), chunkDelayMs: 450, stall: { afterEvents: 4 } });
        const pending = run<InsertResult & { notice?: string }>('grok.insertAtCursor', { prompt: 'constants' });
        // 30 s: on a loaded machine a request has left the extension host 16 s after the command ran. The
        // stall holds the stream after the fourth piece: a failed wait stops it too, or it would write on
        // into the next test.
        await waitFor(() => saves.length >= 2 && editor.document.getText().includes('const b'), 'two auto saves mid-stream', 30_000).catch(async (e: unknown) => {
          await run('grok.stopEditorRequest');
          throw new Error(`${e instanceof Error ? e.message : String(e)}: ${saves.length} saves, the document holds ${JSON.stringify(editor.document.getText())}`);
        });
        await run('grok.stopEditorRequest');
        const result = await pending;
        sub.dispose();

        assert.equal(result.status, 'stopped', JSON.stringify(result));
        assert.ok((result.undoSteps ?? 0) > 1, `the saves did not split the undo step: ${JSON.stringify(result)}`);
        assert.ok(result.notice, 'no message was shown');
        assert.doesNotMatch(result.notice, /edited/, 'nothing was typed, yet the message says the file was edited');
        assert.match(result.notice, /saved \(auto save\)/);
        assert.match(result.notice, /Remove Inserted Code/);
        const removed = await run<boolean>('grok.removeInsertedCode');
        assert.equal(removed, true);
        assert.equal(editor.document.getText(), original, 'Remove Inserted Code left code behind');
        assert.equal(await run<boolean>('grok.removeInsertedCode'), false, 'a second Remove finds nothing to remove');
      } finally {
        await filesConfig.update('autoSave', before.autoSave, vscode.ConfigurationTarget.Global);
        await filesConfig.update('autoSaveDelay', before.autoSaveDelay, vscode.ConfigurationTarget.Global);
      }
    });

    it('typing at the cursor while code streams in goes after the code, in one piece', async () => {
      const original = 'function g() {\n  \n}\n';
      const editor = await openDocument(original, 'javascript');
      place(editor, 1, 2);
      await enqueue({ events: chunkEvents(pieces('```js\nconst first = 1;\nconst second = 2;\nreturn first + second;\n```', 5)), chunkDelayMs: 60 });

      const pending = run<InsertResult>('grok.insertAtCursor', { prompt: 'sum two constants' });
      await waitFor(() => editor.document.getText().includes('first'), 'the first inserted code');
      // The user's cursor is where the command started; they keep typing there.
      await typeInto(editor, '/*typed*/', 25);
      const result = await pending;

      assert.equal(result.status, 'done', JSON.stringify(result));
      assert.equal(editor.document.getText(), 'function g() {\n  const first = 1;\n  const second = 2;\n  return first + second;/*typed*/\n}\n');
      let text = editor.document.getText();
      for (let step = 0; step < 40 && text !== original; step++) {
        await undo();
        text = editor.document.getText();
      }
      assert.equal(text, original);
    });

    it('focus stays in the editor while code streams in: every key typed, with no retry and no refocusing, reaches the document', async () => {
      const editor = await openDocument('function h() {\n  \n}\n', 'javascript');
      place(editor, 1, 2);
      // First prove the harness has the keyboard in this editor (retries allowed and noted): from here on,
      // a lost key can only mean that the insertion moved the focus.
      await typeInto(editor, '/', 0);
      await enqueue({ events: chunkEvents(pieces('```js\nconst a = 1;\nconst b = 2;\nreturn a + b;\n```', 5)), chunkDelayMs: 60 });
      const pending = run<InsertResult>('grok.insertAtCursor', { prompt: 'sum two constants' });
      await waitFor(() => editor.document.getText().includes('const a'), 'the first inserted code');
      // No showTextDocument between keys and no second try: a key that goes anywhere else fails here.
      await typeInto(editor, '*k*/', 25, { retries: 0, refocus: false });
      const result = await pending;
      assert.equal(result.status, 'done', JSON.stringify(result));
      assert.ok(editor.document.getText().includes('*k*/'), editor.document.getText());
      assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'focus left the editor');
    });

    it('Stop mid-stream closes the server connection at once and settles; the code so far stays and one Undo removes it', async () => {
      const original = 'class A {\n  \n}\n';
      const editor = await openDocument(original, 'typescript');
      place(editor, 1, 2);
      const code = '```ts\nmethodOne() {\n  return 1;\n}\nmethodTwo() {\n  return 2;\n}\n```';
      await enqueue({ events: chunkEvents(pieces(code, 6)), stall: { afterEvents: 6 } });

      const pending = run<InsertResult>('grok.insertAtCursor', { prompt: 'two methods' });
      await waitFor(() => editor.document.getText().includes('return 1'), 'the code before the stall');
      const stoppedAt = Date.now();
      await run('grok.stopEditorRequest');
      const result = await pending;
      const settledMs = Date.now() - stoppedAt;

      assert.equal(result.status, 'stopped', JSON.stringify(result));
      // Without Stop the stalled stream would hold the command until the idle timeout (120 s): settling
      // within 10 s can only be Stop's doing. How fast is not this test's business (a loaded machine took 2.5 s).
      assert.ok(settledMs < 10_000, `the command settled ${settledMs} ms after Stop (writing waited, in ms: ${JSON.stringify(result.waited)})`);
      assert.ok(await serverSawClose(), 'the server saw no client close within 2 s of Stop');
      const text = editor.document.getText();
      assert.ok(text.startsWith('class A {\n  methodOne() {\n    return 1;'), text);
      assert.ok(!text.includes('methodTwo'), 'code after the stall was inserted');
      await undo();
      assert.equal(editor.document.getText(), original, 'one Undo did not remove the partial insertion');
    });

    it('grok.stop also stops an insertion', async () => {
      const original = 'x\n';
      const editor = await openDocument(original, 'plaintext');
      place(editor, 1, 0);
      await enqueue({ events: chunkEvents(pieces('```\nline one\nline two\nline three\n```', 5)), stall: { afterEvents: 4 } });
      const pending = run<InsertResult>('grok.insertAtCursor', { prompt: 'lines' });
      await waitFor(() => editor.document.getText() !== original, 'the code before the stall');
      await run('grok.stop');
      const result = await Promise.race([pending, sleep(3000).then(() => undefined)]);
      if (!result) await run('grok.stopEditorRequest');
      assert.equal(result?.status, 'stopped', 'grok.stop did not stop the editor request (the chat\'s grok.stop must call stopEditorRequests())');
    });

    it('an error mid-stream keeps the code so far, says what failed, and one Undo removes it', async () => {
      const original = 'let v;\n';
      const editor = await openDocument(original, 'javascript');
      place(editor, 1, 0);
      const events = chunkEvents(pieces('```js\nv = 1;\nv = 2;\n', 4)).slice(0, -2);
      events.push({ code: 'unavailable', error: 'The service is currently unavailable' });
      await enqueue({ events, done: false });

      const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'assign' });
      assert.equal(result.status, 'error', JSON.stringify(result));
      assert.equal(result.error?.kind, 'unavailable');
      assert.equal(editor.document.getText(), 'let v;\nv = 1;\nv = 2;');
      await undo();
      assert.equal(editor.document.getText(), original);
    });

    it('a refused key (400 "Incorrect API key") leaves the document untouched and reports badKey', async () => {
      await control('/invalid-keys', { keys: [KEY] });
      const original = 'a\n';
      const editor = await openDocument(original, 'plaintext');
      place(editor, 0, 1);
      const version = editor.document.version;
      const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'more' });
      assert.equal(result.status, 'error');
      assert.equal(result.error?.kind, 'badKey', JSON.stringify(result));
      assert.equal(editor.document.getText(), original);
      assert.equal(editor.document.version, version);
    });

    it('model not found, out of credits and a network failure each leave the document untouched and say which', async () => {
      const cases: Array<{ kind: string; replies: unknown[] }> = [
        { kind: 'modelNotFound', replies: [{ status: 404, json: { code: 'Some requested entity was not found', error: 'The model grok-nope does not exist or your team does not have access to it.' } }] },
        { kind: 'outOfCredits', replies: [{ status: 429, json: { code: 'Too many requests', error: 'Your team has either used all available credits or reached its monthly spending limit.' } }] },
        // Network failures are retried (grok.retries.max, 3 by default): every attempt fails here.
        { kind: 'network', replies: Array.from({ length: 4 }, () => ({ reset: { beforeHeaders: true } })) },
      ];
      for (const c of cases) {
        await resetFake(fakeUrl());
        await control('/enqueue', { route: CHAT_ROUTE, replies: c.replies });
        const editor = await openDocument('keep me\n', 'plaintext');
        place(editor, 1, 0);
        const version = editor.document.version;
        const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'more' });
        assert.equal(result.status, 'error', `${c.kind}: ${JSON.stringify(result)}`);
        assert.equal(result.error?.kind, c.kind, JSON.stringify(result));
        assert.equal(editor.document.getText(), 'keep me\n');
        assert.equal(editor.document.version, version, `${c.kind}: the document was touched`);
        await closeAllEditors();
      }
    });

    it('a plain rate limit (429 on every retry) leaves the document untouched and says rateLimited after the retries', async () => {
      // grok.retries.max is 3 by default: four answers of 429, each saying to retry at once.
      const limited = { status: 429, headers: { 'Retry-After': '0' }, json: { code: 'Too many requests', error: 'Too many requests: the rate limit of your team was reached.' } };
      await control('/enqueue', { route: CHAT_ROUTE, replies: Array.from({ length: 4 }, () => limited) });
      const editor = await openDocument('keep me\n', 'plaintext');
      place(editor, 1, 0);
      const version = editor.document.version;
      const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'more' });
      assert.equal(result.status, 'error', JSON.stringify(result));
      assert.equal(result.error?.kind, 'rateLimited', JSON.stringify(result));
      assert.equal((await chatRequests()).length, 4, 'the request was not retried three times');
      assert.equal(editor.document.getText(), 'keep me\n');
      assert.equal(editor.document.version, version);
    });

    it('a server that never sends the first byte times out (grok.timeouts.firstByteSeconds) and leaves the document untouched', async () => {
      const grok = vscode.workspace.getConfiguration('grok');
      await grok.update('timeouts.firstByteSeconds', 1, vscode.ConfigurationTarget.Global);
      try {
        await waitFor(() => vscode.workspace.getConfiguration('grok').get('timeouts.firstByteSeconds') === 1, 'the 1 s first-byte limit');
        // Headers, then silence until the client gives up.
        await enqueue({ events: chunkEvents(['never sent']), stall: {} });
        const editor = await openDocument('keep me\n', 'plaintext');
        place(editor, 1, 0);
        const version = editor.document.version;
        const started = Date.now();
        const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'more' });
        const tookMs = Date.now() - started;
        assert.equal(result.status, 'error', JSON.stringify(result));
        assert.equal(result.error?.kind, 'timeout', JSON.stringify(result));
        assert.ok(tookMs < 5000, `the 1 s timeout took ${tookMs} ms`);
        assert.equal((await chatRequests()).length, 1, 'a timeout was retried');
        assert.ok(await serverSawClose(), 'the timed-out connection was left open');
        assert.equal(editor.document.getText(), 'keep me\n');
        assert.equal(editor.document.version, version);
      } finally {
        await grok.update('timeouts.firstByteSeconds', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('without a key nothing is sent and the result says badKey', async () => {
      await run('grok.clearApiKey');
      try {
        const editor = await openDocument('a\n', 'plaintext');
        place(editor, 0, 1);
        const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'more' });
        assert.equal(result.error?.kind, 'badKey', JSON.stringify(result));
        assert.deepEqual(await chatRequests(), []);
      } finally {
        await run<SetKeyResult>('grok.setApiKey', KEY);
      }
    });

    it('without an editor it says so and sends nothing', async () => {
      const result = await run<InsertResult>('grok.insertAtCursor', { prompt: 'x' });
      assert.equal(result.status, 'noEditor');
      assert.deepEqual(await chatRequests(), []);
    });
  });

  describe('grok.editSelection', () => {
    const original = 'function add(a, b) {\n  return a + b;\n}\n';
    const proposedDoc = 'function add(a, b) {\n  return Number(a) + Number(b);\n}\n';

    async function propose(): Promise<{ editor: vscode.TextEditor; result: EditResult; version: number }> {
      const editor = await openDocument(original, 'javascript');
      editor.selection = new vscode.Selection(1, 0, 2, 0);
      const version = editor.document.version;
      await enqueue({ events: chunkEvents(pieces('Sure:\n```javascript\nreturn Number(a) + Number(b);\n```\nDone.', 5)) });
      const result = await run<EditResult>('grok.editSelection', { instruction: 'convert to numbers' });
      return { editor, result, version };
    }

    function proposalTabs(): vscode.Tab[] {
      return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'grok-proposal');
    }

    it('streams a proposal shown as a diff, changes nothing until accepted, then applies it as one undo step', async () => {
      const { editor, result, version } = await propose();
      assert.equal(result.status, 'ready', JSON.stringify(result));
      assert.equal(result.text, '  return Number(a) + Number(b);\n');
      assert.equal(editor.document.getText(), original, 'the document changed before Accept');
      assert.equal(editor.document.version, version);
      await waitFor(() => proposalTabs().length === 1, 'the proposal diff');
      const diff = proposalTabs()[0].input as vscode.TabInputTextDiff;
      const right = await vscode.workspace.openTextDocument(diff.modified);
      assert.equal(right.getText(), proposedDoc, 'the diff does not show the proposal');

      const accepted = await run<{ status: string }>('grok.acceptEdit');
      assert.equal(accepted.status, 'accepted');
      assert.equal(editor.document.getText(), proposedDoc);
      await waitFor(() => proposalTabs().length === 0, 'the diff to close');
      await vscode.window.showTextDocument(editor.document);
      await undo();
      assert.equal(editor.document.getText(), original, 'one Undo did not revert the accepted edit');
    });

    it('Reject leaves the document untouched', async () => {
      const { editor, result, version } = await propose();
      assert.equal(result.status, 'ready');
      const rejected = await run<{ status: string }>('grok.rejectEdit', result.id);
      assert.equal(rejected.status, 'rejected');
      assert.equal(editor.document.getText(), original);
      assert.equal(editor.document.version, version);
      await waitFor(() => proposalTabs().length === 0, 'the diff to close');
      assert.equal((await run<{ status: string }>('grok.acceptEdit', result.id)).status, 'none', 'a rejected proposal can still be accepted');
    });

    it('Accept refuses when the selected code changed since, and keeps the user\'s change', async () => {
      const { editor, result } = await propose();
      assert.equal(result.status, 'ready');
      await editor.edit((b) => b.insert(new vscode.Position(1, 2), '/* mine */ '));
      const accepted = await run<{ status: string }>('grok.acceptEdit', result.id);
      assert.equal(accepted.status, 'conflict');
      assert.equal(editor.document.getText(), 'function add(a, b) {\n  /* mine */ return a + b;\n}\n');
      await run('grok.rejectEdit', result.id);
    });

    it('Accept still applies when only code outside the selection changed', async () => {
      const { editor, result } = await propose();
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// added above\n'));
      const accepted = await run<{ status: string }>('grok.acceptEdit', result.id);
      assert.equal(accepted.status, 'accepted');
      assert.equal(editor.document.getText(), `// added above\n${proposedDoc}`);
    });

    /** Starts an edit whose proposal streams a little and then hangs until the client closes. */
    async function proposeStalled(): Promise<{ editor: vscode.TextEditor; pending: Promise<EditResult>; version: number }> {
      const editor = await openDocument(original, 'javascript');
      editor.selection = new vscode.Selection(1, 0, 2, 0);
      const version = editor.document.version;
      // Eight pieces of six characters: the fence and the first whole line of code, then the hang.
      await enqueue({ events: chunkEvents(pieces('```javascript\nconst x = Number(a);\nconst y = Number(b);\nreturn x + y;\n```', 6)), stall: { afterEvents: 8 } });
      const pending = run<EditResult>('grok.editSelection', { instruction: 'convert to numbers' });
      await waitFor(() => proposalTabs().length === 1, 'the proposal diff with the first code');
      return { editor, pending, version };
    }

    for (const stop of ['grok.stop', 'grok.stopEditorRequest', 'grok.rejectEdit']) {
      it(`${stop} while the proposal streams closes the server connection and leaves the document untouched`, async () => {
        const { editor, pending, version } = await proposeStalled();
        await run(stop);
        const result = await Promise.race([pending, sleep(3000).then(() => undefined)]);
        if (!result) await run('grok.stopEditorRequest');
        assert.ok(result, `${stop} did not stop the edit within 3 s`);
        assert.equal(result.status, 'stopped', JSON.stringify(result));
        assert.ok(await serverSawClose(), `the server saw no client close within 2 s of ${stop}`);
        assert.equal(editor.document.getText(), original);
        assert.equal(editor.document.version, version, 'the document was touched');
        if (stop === 'grok.rejectEdit') {
          await waitFor(() => proposalTabs().length === 0, 'the diff to close');
          assert.equal((await run<{ status: string }>('grok.acceptEdit', result.id)).status, 'none', 'a rejected proposal can still be accepted');
        } else {
          // The stopped proposal stays to look at, but cannot be applied half-written.
          assert.equal((await run<{ status: string }>('grok.acceptEdit', result.id)).status, 'incomplete');
          assert.equal(editor.document.getText(), original);
          await run('grok.rejectEdit', result.id);
        }
      });
    }

    it('Accept while the proposal is still streaming applies nothing; the finished proposal then applies whole', async () => {
      const editor = await openDocument(original, 'javascript');
      editor.selection = new vscode.Selection(1, 0, 2, 0);
      const version = editor.document.version;
      // About 20 pieces, 150 ms apart: the diff opens with the first line, seconds before the end.
      await enqueue({ events: chunkEvents(pieces('```javascript\nconst x = Number(a);\nconst y = Number(b);\nreturn x + y;\n```', 4)), chunkDelayMs: 150 });
      const pending = run<EditResult>('grok.editSelection', { instruction: 'convert to numbers' });
      await waitFor(() => proposalTabs().length === 1, 'the proposal diff with the first code');

      const early = await run<{ status: string }>('grok.acceptEdit');
      assert.equal(early.status, 'notReady');
      assert.equal(editor.document.getText(), original, 'a partial proposal was applied');
      assert.equal(editor.document.version, version);

      const result = await pending;
      assert.equal(result.status, 'ready', JSON.stringify(result));
      assert.equal(editor.document.getText(), original, 'the early Accept was applied when the proposal finished');
      assert.equal((await run<{ status: string }>('grok.acceptEdit', result.id)).status, 'accepted');
      assert.equal(editor.document.getText(), 'function add(a, b) {\n  const x = Number(a);\n  const y = Number(b);\n  return x + y;\n}\n');
    });

    it('an error in the middle of the proposal leaves the document untouched, and the partial proposal cannot be accepted', async () => {
      const editor = await openDocument(original, 'javascript');
      editor.selection = new vscode.Selection(1, 0, 2, 0);
      const version = editor.document.version;
      const events = chunkEvents(pieces('```javascript\nreturn Number(a)', 6)).slice(0, -2);
      events.push({ code: 'unavailable', error: 'The service is currently unavailable' });
      await enqueue({ events, done: false });

      const result = await run<EditResult>('grok.editSelection', { instruction: 'convert to numbers' });
      assert.equal(result.status, 'error', JSON.stringify(result));
      assert.equal(result.error?.kind, 'unavailable');
      assert.equal(editor.document.getText(), original);
      assert.equal(editor.document.version, version);
      assert.equal((await run<{ status: string }>('grok.acceptEdit', result.id)).status, 'incomplete');
      assert.equal(editor.document.getText(), original);
      await run('grok.rejectEdit', result.id);
    });

    it('without a selection it says so and sends nothing', async () => {
      const editor = await openDocument(original, 'javascript');
      place(editor, 0, 0);
      const result = await run<EditResult>('grok.editSelection', { instruction: 'x' });
      assert.equal(result.status, 'noSelection');
      assert.deepEqual(await chatRequests(), []);
    });
  });

  describe('grok.explainSelection', () => {
    it('without a selection it says so and sends nothing', async () => {
      const editor = await openDocument('const a = 1;\n', 'javascript');
      place(editor, 0, 0);
      const result = await run<{ status?: string }>('grok.explainSelection');
      assert.equal(result?.status, 'noSelection');
      assert.deepEqual(await chatRequests(), []);
    });

    it('asks the chat about the selection, with its path, language and surrounding lines, and resolves with the answer', async () => {
      const lines = Array.from({ length: 12 }, (_, i) => `const v${i} = ${i};`);
      const editor = await openDocument(`${lines.join('\n')}\n`, 'javascript');
      editor.selection = new vscode.Selection(6, 0, 7, lines[7].length);
      await enqueue({ events: chunkEvents(['This declares ', 'two constants.']) });
      const result = await run<{ text?: string; status?: string }>('grok.explainSelection');
      assert.equal(result?.status, 'done', JSON.stringify(result));
      assert.equal(result?.text, 'This declares two constants.');
      const [request] = await chatRequests();
      const user = [...(request.json?.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
      assert.ok(user.includes('const v6 = 6;\nconst v7 = 7;'), `the selection was not sent: ${user}`);
      assert.ok(user.includes('const v2 = 2;') && user.includes('const v11 = 11;'), 'the surrounding lines were not sent');
      assert.ok(user.includes(path.basename(editor.document.uri.fsPath)), 'the path was not sent');
      assert.match(user, /```javascript/);
    });
  });
});
