// The fault matrix (test/fake-xai/faults.ts) against every feature that asks the model, in a real
// extension host: the chat (grok.ask), Insert at Cursor (grok.insertAtCursor), Edit Selection
// (grok.editSelection) and an agent task's step after a tool ran (grok.ask in Ask mode). For each fault: the command settles (no crash, no unhandled rejection), the
// text that arrived is kept and marked (the chat's message says error; the editor keeps the code that
// came; a half proposal cannot be applied), the message says what happened and the action that fixes
// it is offered, the conversation in history holds the question and what arrived, and the next request
// works. The runner also fails the run on any unhandled error of the extension in the host's log.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorView } from '../../src/platform/errorView';
import type { ErrorAction } from '../../src/protocol';
import { answerEvents, type Fault, faultMatrix, toolCallEvents } from '../fake-xai/faults';
import { closeAllEditors, fakeUrl, leaveNoKey, resetFake, run, useBaseUrl, waitFor, withStoredKey } from './support';

const CHAT_ROUTE = 'POST /v1/chat/completions';
const KEY = 'xai-fault-matrix-key-0013';
const RETRIES = 1;

/** What a user must be told, per fault that fails the answer (ids of faults.ts). */
interface Expected {
  /** Error kinds that are right (more than one where the client's mapping is being refined). */
  kinds: string[];
  /** The message must match this. */
  says: RegExp;
  /** The action that fixes it must be offered. */
  action: ErrorAction;
}

const BAD_KEY: Expected = { kinds: ['badKey'], says: /key/i, action: 'setApiKey' };
const UNAVAILABLE: Expected = { kinds: ['unavailable'], says: /unavailable/i, action: 'retry' };
const EXPECTED: Record<string, Expected | 'answers'> = {
  '1a': BAD_KEY,
  '1b': BAD_KEY,
  '2': BAD_KEY,
  // Out of credits, never "bad key": 'outOfCredits' once the client maps xAI's 403 wording; the message
  // already says credits, and the log shows the server's words.
  '3': { kinds: ['outOfCredits', 'noPermission'], says: /credits/i, action: 'showLog' },
  '4': { kinds: ['modelNotFound'], says: /grok-beta|model/i, action: 'chooseModel' },
  '5': { kinds: ['badRequest'], says: /reasoningEffort/, action: 'showLog' },
  '6': { kinds: ['contextTooLong'], says: /too long/i, action: 'showLog' },
  '7': 'answers',
  '8': { kinds: ['outOfCredits'], says: /credits/i, action: 'showLog' },
  '9a': UNAVAILABLE,
  '9b': UNAVAILABLE,
  '9c': UNAVAILABLE,
  '9d': UNAVAILABLE,
  '9e': UNAVAILABLE,
  '9f': UNAVAILABLE,
  '10': { kinds: ['malformed'], says: /html/i, action: 'showLog' },
  '11': { kinds: ['network'], says: /could not reach/i, action: 'retry' },
  '12': { kinds: ['timeout'], says: /timeout/i, action: 'openSettings' },
  '13': { kinds: ['timeout'], says: /timeout/i, action: 'retry' },
  '14': { kinds: ['network'], says: /connection/i, action: 'retry' },
  '15': { kinds: ['malformed'], says: /not JSON/i, action: 'showLog' },
  '16': UNAVAILABLE,
  '17': { kinds: ['network'], says: /before the answer finished/i, action: 'retry' },
  '18': 'answers',
  '19': 'answers',
  '20': 'answers',
};

const NEXT_ANSWER = 'const next = "works";\n';

/** Insert at Cursor leaves out the code's final line break (the cursor's own line goes on after it). */
function asInserted(code: string): string {
  return code.replace(/\n$/, '');
}

interface AskResult {
  text?: string;
  status?: string;
  error?: { kind: string; message: string };
}
interface InsertResult {
  status: string;
  text?: string;
  error?: { kind: string; message: string };
}
interface EditResult {
  status: string;
  id?: string;
  text?: string;
  error?: { kind: string; message: string };
}

async function control(pathname: string, body?: unknown): Promise<unknown> {
  const origin = new URL(fakeUrl()).origin;
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${origin}/__control${pathname}`, init);
  const text = await res.text();
  assert.equal(res.status, 200, `${pathname} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function setGrok(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('grok').update(key, value, vscode.ConfigurationTarget.Global);
  await waitFor(() => vscode.workspace.getConfiguration('grok').inspect(key)?.globalValue === value, `grok.${key} to be ${String(value)}`);
}

/**
 * Scripts the fault (or points the extension at a closed port) and runs `body`; the fake and base URL are
 * restored after. `first`: a reply that comes before the fault (an agent's first step).
 */
async function withFault<T>(fault: Fault, body: () => Promise<T>, first?: object): Promise<T> {
  await resetFake(fakeUrl());
  if (first) await control('/enqueue', { route: CHAT_ROUTE, reply: first });
  if (fault.replies.length) await control('/enqueue', { route: CHAT_ROUTE, replies: fault.replies });
  // A trickle sends a byte every 200 ms but an event only every few seconds: the idle limit is per event.
  if (fault.id === '20') await setGrok('timeouts.idleSeconds', 60);
  if (fault.connectionRefused) await useBaseUrl(`http://127.0.0.1:${await closedPort()}/v1`);
  try {
    return await body();
  } finally {
    if (fault.connectionRefused) await useBaseUrl(fakeUrl());
    if (fault.id === '20') await setGrok('timeouts.idleSeconds', 2);
  }
}

function assertTold(fault: Fault, expected: Expected, error: { kind: string; message: string } | undefined, actions: ErrorAction[]): void {
  assert.ok(error, `fault ${fault.id}: no error was reported`);
  assert.ok(expected.kinds.includes(error.kind), `fault ${fault.id}: kind ${error.kind}, expected ${expected.kinds.join(' or ')}: ${error.message}`);
  assert.match(error.message, expected.says, `fault ${fault.id}: the message does not say what happened`);
  assert.ok(actions.includes(expected.action), `fault ${fault.id}: ${expected.action} is not offered (${actions.join(', ')})`);
  if (fault.id === '3' || fault.id === '8') assert.ok(error.kind !== 'badKey', 'out of credits is reported as a bad key');
}

/** Runs `body` with another first-byte limit, then puts back the matrix's 2 s. */
async function withFirstByteSeconds<T>(seconds: number, body: () => Promise<T>): Promise<T> {
  await setGrok('timeouts.firstByteSeconds', seconds);
  try {
    return await body();
  } finally {
    await setGrok('timeouts.firstByteSeconds', 2);
  }
}

/** After a fault, the conversation's next question is answered. */
async function nextQuestionAnswers(): Promise<void> {
  await resetFake(fakeUrl());
  await control('/enqueue', { route: CHAT_ROUTE, reply: { events: answerEvents([NEXT_ANSWER]) } });
  // The next question carries the conversation, 10 MB after fault 19: sending it and reading it back
  // on a busy machine can take longer than the 2 s that makes the stall faults quick to test.
  const next = await withFirstByteSeconds(60, () => run<AskResult>('grok.ask', 'And now?'));
  assert.equal(next?.status, 'done', `the next question failed: ${JSON.stringify(next)}`);
  assert.equal(next.text, NEXT_ANSWER);
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const files: string[] = [];
async function openDocument(content: string): Promise<vscode.TextEditor> {
  const file = path.join(os.tmpdir(), `grok-faults-${process.pid}-${files.length + 1}.js`);
  await fs.writeFile(file, content);
  files.push(file);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
  editor.options = { tabSize: 2, insertSpaces: true };
  return editor;
}

async function exportedMarkdown(): Promise<string> {
  const target = vscode.Uri.file(path.join(os.tmpdir(), `grok-faults-export-${process.pid}-${Date.now()}.md`));
  const written = await run<vscode.Uri | undefined>('grok.exportChat', undefined, target);
  assert.ok(written, 'grok.exportChat wrote nothing: the conversation is gone');
  const md = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
  await vscode.workspace.fs.delete(target);
  return md;
}

/** An agent's first step: Grok reads hello.js (Ask mode reads without asking), so the fault meets the step after a tool ran. */
const READ_STEP = { events: toolCallEvents('call_fault_read', 'read_file', '{"path":"hello.js"}') };

describe('the fault matrix: chat, Insert at Cursor, Edit Selection and an agent step', function () {
  this.timeout(90_000);
  const faults = faultMatrix(RETRIES);

  before(async () => {
    await withStoredKey(KEY);
    process.on('unhandledRejection', onUnhandled);
    await setGrok('retries.max', RETRIES);
    await setGrok('timeouts.firstByteSeconds', 2);
    await setGrok('timeouts.idleSeconds', 2);
  });

  beforeEach(() => {
    unhandled.length = 0;
  });

  afterEach(async () => {
    await closeAllEditors();
    assert.deepEqual(unhandled.map(String), [], 'unhandled rejections in the extension host');
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    for (const key of ['retries.max', 'timeouts.firstByteSeconds', 'timeouts.idleSeconds']) {
      await vscode.workspace.getConfiguration('grok').update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await Promise.all(files.map((f) => fs.rm(f, { force: true })));
    await leaveNoKey();
  });

  for (const fault of faults) {
    const expected = EXPECTED[fault.id];

    // Ten megabytes through the page, the editor or a diff view take their time on a busy machine.
    const timeoutMs = fault.id === '19' ? 240_000 : 90_000;

    it(`chat, fault ${fault.id} (${fault.name}): the answer so far is kept and marked, the message says what to do, history holds it, the next question works`, async () => {
      assert.ok(expected, `no expectation for fault ${fault.id}`);
      await run('grok.newChat');
      const question = `Fault ${fault.id}: ${fault.name}`;
      const result = await withFault(fault, () => run<AskResult>('grok.ask', question));
      if (expected === 'answers') {
        assert.equal(result?.status, 'done', `fault ${fault.id}: ${JSON.stringify(result?.error)}`);
        assert.equal(result.text?.length, fault.whole?.length);
        assert.ok(result.text === fault.whole, `fault ${fault.id}: the answer is not exactly what was sent`);
      } else {
        assert.equal(result?.status, 'error', JSON.stringify(result));
        assert.equal(result.text ?? '', fault.arrived, `fault ${fault.id}: the text that arrived is not what is kept`);
        assertTold(fault, expected, result.error, errorView({ kind: result.error!.kind as never, message: result.error!.message }).actions);
      }
      const md = await exportedMarkdown();
      assert.ok(md.includes(question), 'the question is not in the saved conversation');
      if (fault.arrived) assert.ok(md.includes(fault.arrived.slice(0, 200)), 'what arrived is not in the saved conversation');
      if (expected !== 'answers') assert.match(md, /_Error: /, 'the saved answer is not marked as failed');

      await nextQuestionAnswers();
    }).timeout(timeoutMs);

    it(`agent step, fault ${fault.id} (${fault.name}): after a tool ran, the task ends marked, the tool's card and what arrived are kept, the message says what to do, the next question works`, async () => {
      assert.ok(expected, `no expectation for fault ${fault.id}`);
      const agent = vscode.workspace.getConfiguration('grok.agent');
      await agent.update('defaultMode', 'ask', vscode.ConfigurationTarget.Global);
      try {
        await run('grok.newChat');
        const question = `Agent step, fault ${fault.id}: ${fault.name}`;
        // A refused connection refuses the first step too: there the task fails before any tool ran.
        const result = await withFault(fault, () => run<AskResult>('grok.ask', question), fault.connectionRefused ? undefined : READ_STEP);
        if (expected === 'answers') {
          assert.equal(result?.status, 'done', `fault ${fault.id}: ${JSON.stringify(result?.error)}`);
          assert.ok(result.text === fault.whole, `fault ${fault.id}: the answer is not exactly what was sent (${result.text?.length} vs ${fault.whole?.length} characters)`);
        } else {
          assert.equal(result?.status, 'error', JSON.stringify({ ...result, text: result?.text?.slice(0, 200) }));
          assert.equal(result.text ?? '', fault.arrived, `fault ${fault.id}: the text that arrived is not what is kept`);
          assertTold(fault, expected, result.error, errorView({ kind: result.error!.kind as never, message: result.error!.message }).actions);
        }
        const md = await exportedMarkdown();
        assert.ok(md.includes(question), 'the question is not in the saved conversation');
        if (!fault.connectionRefused) assert.match(md, /_Tool `read_file` \(Read hello\.js\): done_/, 'the tool that ran is not in the saved conversation');
        assert.match(md, expected === 'answers' ? /_Ask task: done, 2 request\(s\)_/ : /_Ask task: error, \d request\(s\)_/, 'the saved task is not marked');
        if (fault.arrived) assert.ok(md.includes(fault.arrived.slice(0, 200)), 'what arrived is not in the saved conversation');

        await nextQuestionAnswers();
      } finally {
        await agent.update('defaultMode', undefined, vscode.ConfigurationTarget.Global);
      }
    }).timeout(timeoutMs);

    it(`Insert at Cursor, fault ${fault.id} (${fault.name}): the code that arrived stays in the file, the message says what to do, the next insert works`, async () => {
      const editor = await openDocument('');
      const version = editor.document.version;
      const result = await withFault(fault, () => run<InsertResult>('grok.insertAtCursor', { prompt: `fault ${fault.id}` }));
      if (expected === 'answers') {
        assert.equal(result.status, 'done', `fault ${fault.id}: ${JSON.stringify(result.error)}`);
        const whole = asInserted(fault.whole!);
        assert.equal(editor.document.getText().length, whole.length);
        assert.ok(editor.document.getText() === whole, `fault ${fault.id}: the file does not hold exactly the answer`);
      } else {
        assert.equal(result.status, 'error', JSON.stringify({ ...result, text: result.text?.slice(0, 200) }));
        assert.equal(editor.document.getText(), asInserted(fault.arrived), `fault ${fault.id}: the file does not hold exactly the code that arrived`);
        if (!fault.arrived) assert.equal(editor.document.version, version, 'the document was touched');
        assertTold(fault, expected as Expected, result.error, errorView({ kind: result.error!.kind as never, message: result.error!.message }).actions);
      }
      await resetFake(fakeUrl());
      await control('/enqueue', { route: CHAT_ROUTE, reply: { events: answerEvents([NEXT_ANSWER]) } });
      const before = editor.document.getText();
      const next = await run<InsertResult>('grok.insertAtCursor', { prompt: 'and now' });
      assert.equal(next.status, 'done', `the next insert failed: ${JSON.stringify(next)}`);
      assert.equal(editor.document.getText().length, before.length + asInserted(NEXT_ANSWER).length, 'the next insert did not go in whole');
      assert.ok(editor.document.getText().includes(asInserted(NEXT_ANSWER)), editor.document.getText().slice(-200));
    }).timeout(timeoutMs);

    it(`Edit Selection, fault ${fault.id} (${fault.name}): the document is untouched, a partial proposal cannot be applied, the message says what to do, the next edit works`, async () => {
      const original = 'function add(a, b) {\n  return a + b;\n}\n';
      const editor = await openDocument(original);
      editor.selection = new vscode.Selection(1, 0, 2, 0);
      const version = editor.document.version;
      const result = await withFault(fault, () => run<EditResult>('grok.editSelection', { instruction: `fault ${fault.id}` }));
      assert.equal(editor.document.getText(), original);
      assert.equal(editor.document.version, version, 'the document was touched');
      if (expected === 'answers') {
        assert.equal(result.status, 'ready', `fault ${fault.id}: ${JSON.stringify(result.error)}`);
        // The proposal is the answer, indented to the selection's line.
        const proposed = fault.whole!.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n').replace(/\n$/, '');
        assert.ok(result.text?.replace(/\n$/, '') === proposed, `fault ${fault.id}: the proposal is not the answer (${result.text?.length} vs ${proposed.length} characters)`);
      } else {
        assert.equal(result.status, 'error', JSON.stringify({ ...result, text: result.text?.slice(0, 200) }));
        assertTold(fault, expected as Expected, result.error, errorView({ kind: result.error!.kind as never, message: result.error!.message }).actions);
        if (result.id) assert.notEqual((await run<{ status: string }>('grok.acceptEdit', result.id)).status, 'accepted', 'a failed proposal was applied');
        assert.equal(editor.document.getText(), original);
      }
      if (result.id) await run('grok.rejectEdit', result.id);

      await resetFake(fakeUrl());
      await control('/enqueue', { route: CHAT_ROUTE, reply: { events: answerEvents(['return Number(a) + Number(b);\n']) } });
      editor.selection = new vscode.Selection(1, 0, 2, 0);
      const next = await run<EditResult>('grok.editSelection', { instruction: 'and now' });
      assert.equal(next.status, 'ready', `the next edit failed: ${JSON.stringify(next)}`);
      assert.equal((await run<{ status: string }>('grok.acceptEdit', next.id)).status, 'accepted');
      assert.equal(editor.document.getText(), 'function add(a, b) {\n  return Number(a) + Number(b);\n}\n');
    }).timeout(timeoutMs);
  }
});
