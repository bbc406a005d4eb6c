// The chat's host side in a real extension host, against the fake xAI server: an answer streams into the
// conversation and its history, earlier turns go with the next question, grok.stop closes the HTTP
// connection at once and keeps the partial answer.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { assertNoEnvironmentKey, closeAllEditors, fakeUrl, grokExtension, leaveNoKey, resetFake, run, type SetKeyResult, useBaseUrl } from './support';

const CHAT_ROUTE = 'POST /v1/chat/completions';
const STOPPED_QUESTION = 'Tell a very long tale about a heron';

interface AskResult {
  text?: string;
  status?: string;
  usage?: { promptTokens: number; completionTokens: number; costUsd?: number };
  error?: { kind: string; message: string };
}

interface SeenChat {
  route: string;
  json?: { messages?: Array<{ role: string; content: unknown }>; stream?: boolean };
  closedByClient?: boolean;
}

async function control(pathname: string, body?: unknown): Promise<unknown> {
  const origin = new URL(fakeUrl()).origin;
  const res = await fetch(`${origin}/__control${pathname}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${pathname} answered ${res.status}`);
  return res.json();
}

async function chatRequests(): Promise<SeenChat[]> {
  const { requests } = (await control('/requests')) as { requests: SeenChat[] };
  return requests.filter((r) => r.route === CHAT_ROUTE);
}

async function exportedMarkdown(): Promise<string> {
  const target = vscode.Uri.file(path.join(os.tmpdir(), `grok-chat-export-${process.pid}-${Date.now()}.md`));
  const written = await run<vscode.Uri | undefined>('grok.exportChat', undefined, target);
  assert.ok(written, 'grok.exportChat wrote nothing');
  return Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
}

describe('the chat against the fake xAI server', function () {
  this.timeout(60_000);

  before(async () => {
    assertNoEnvironmentKey();
    await grokExtension();
    await useBaseUrl(fakeUrl());
    const set = await run<SetKeyResult>('grok.setApiKey', 'xai-chat-suite-key-0004');
    assert.equal(set.stored, true, set.message);
  });

  beforeEach(() => resetFake(fakeUrl()));

  after(() => leaveNoKey());

  it('an answer streams into the conversation, with usage, and the next question carries the earlier turns', async () => {
    await run('grok.newChat');
    const first = await run<AskResult>('grok.ask', 'Say hello');
    assert.equal(first?.status, 'done', JSON.stringify(first));
    assert.ok(first.text && first.text.length > 0, 'the answer has text');
    assert.ok(first.usage && first.usage.promptTokens > 0, `usage: ${JSON.stringify(first.usage)}`);

    const second = await run<AskResult>('grok.ask', 'And once more');
    assert.equal(second?.status, 'done', JSON.stringify(second));
    const sent = await chatRequests();
    assert.equal(sent.length, 2);
    const roles = sent[1].json?.messages?.map((m) => m.role);
    assert.deepEqual(roles, ['system', 'user', 'assistant', 'user']);
    assert.equal(sent[1].json?.messages?.[2].content, first.text);

    const md = await exportedMarkdown();
    assert.match(md, /^# Say hello$/m);
    assert.ok(md.includes(first.text), 'the export holds the first answer');
    assert.match(md, /## You\n\nAnd once more/);
    assert.match(md, /\d+ prompt .* tokens/);
  });

  it('grok.addSelectionToChat (Ctrl+Alt+G A): the selection goes with the next question as its context', async () => {
    await run('grok.newChat');
    const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'const a = 1;\nconst selectedLine = 42;\nconst c = 3;\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 'const selectedLine = 42;'.length);
    await run('grok.addSelectionToChat');
    const answer = await run<AskResult>('grok.ask', 'What is this?');
    assert.equal(answer?.status, 'done', JSON.stringify(answer));
    const [request] = await chatRequests();
    const user = JSON.stringify([...(request.json?.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '');
    assert.ok(user.includes('const selectedLine = 42;'), `the selection was not sent: ${user}`);
    assert.ok(!user.includes('const c = 3;'), 'more than the selection was sent');
    // Reverted in its editor and closed, with no "Save changes?" dialog left for a later suite.
    await closeAllEditors();
  });

  it('grok.stop mid-stream closes the connection at once and keeps the partial answer, marked stopped', async () => {
    await control('/enqueue', { route: CHAT_ROUTE, reply: { longStream: { events: 400 }, chunking: { kind: 'events' }, chunkDelayMs: 50 } });
    await run('grok.newChat');
    const asking = run<AskResult>('grok.ask', STOPPED_QUESTION);
    let seen: SeenChat[];
    const until = Date.now() + 15_000;
    while (!(seen = await chatRequests()).length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.equal(seen.length, 1, 'the question reached the fake');
    await new Promise((r) => setTimeout(r, 600)); // some of the answer streams in

    const stoppedAt = Date.now();
    await run('grok.stop');
    const result = await asking;
    const settleMs = Date.now() - stoppedAt;
    assert.equal(result?.status, 'stopped', JSON.stringify(result));
    assert.ok(result.text && result.text.length > 0, 'the partial answer is kept');
    assert.ok(settleMs < 2000, `the answer settled ${settleMs} ms after grok.stop`);

    let closed = false;
    const closeBy = Date.now() + 5000;
    while (!closed && Date.now() < closeBy) {
      closed = (await chatRequests()).some((r) => r.closedByClient === true);
      if (!closed) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(closed, 'the fake saw the client close the connection');

    const md = await exportedMarkdown();
    assert.match(md, /_Stopped\._/);
  });
});
