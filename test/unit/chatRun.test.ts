// One answer end to end without VS Code: the real client against the fake xAI server, into the
// conversation model, with the posts the webview would get and the saves the store would get.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { reasoningOf, textOf } from '../../src/shared/messageParts';
import { ChatRun, type ChatRunOptions } from '../../src/chat/chatRun';
import { addAssistantMessage, addUserMessage, buildRequestMessages, newConversation, type Conversation } from '../../src/conversation/conversation';
import { DeltaBatcher } from '../../src/chat/deltaBatcher';
import { errorView } from '../../src/platform/errorView';
import type { HostMessage } from '../../src/protocol';
import { XaiClient } from '../../src/xai/client';
import type { ChatRequest, XaiErrorKind } from '../../src/xai/types';
import { longStreamText, startFakeXai, type FakeXai } from '../fake-xai/server';

const CHAT = 'POST /v1/chat/completions';
let fake: FakeXai;

before(async () => {
  fake = await startFakeXai();
});
beforeEach(() => fake.reset());
after(() => fake.close());

function client(): XaiClient {
  return new XaiClient({ baseUrl: fake.url, apiKey: async () => 'xai-test-key-0001', retry: { maxRetries: 0 } });
}

function start(overrides: Partial<ChatRunOptions<ChatRequest>> = {}) {
  const conversation: Conversation = newConversation();
  addUserMessage(conversation, 'Tell me something');
  const request = { model: 'grok-4-1-fast-non-reasoning', messages: buildRequestMessages(conversation) };
  const message = addAssistantMessage(conversation, request.model);
  const posts: HostMessage[] = [];
  let saves = 0;
  const c = client();
  const run = new ChatRun<ChatRequest>({
    conversation,
    message,
    request,
    stream: (r, signal) => c.streamChat(r, { signal }),
    prices: () => ({ promptPerMillion: 2, completionPerMillion: 10 }),
    post: (m) => posts.push(m),
    persist: () => saves++,
    ...overrides,
  });
  return { run, conversation, message, posts, saves: () => saves };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a streamed answer lands in the message, in few batched deltas, then messageDone with usage and cost', async () => {
  fake.enqueue(CHAT, { longStream: { events: 400, reasoning: true }, writesPerTick: 400 });
  const { run, message, posts, saves } = start();
  const outcome = await run.done;
  const expected = longStreamText({ events: 400, reasoning: true });
  assert.equal(outcome.status, 'done');
  assert.equal(textOf(message), expected.content);
  assert.equal(reasoningOf(message), expected.reasoning);
  assert.deepEqual(message.parts.map((p) => p.type), ['reasoning', 'text'], 'one reasoning part, then one text part: deltas append');
  assert.equal(message.status, 'done');
  assert.ok(message.answerStartedAt! >= message.startedAt!);

  const deltas = posts.filter((p) => p.type === 'delta');
  const streamedText = deltas.map((d) => d.text ?? '').join('');
  const streamedReasoning = deltas.map((d) => d.reasoning ?? '').join('');
  assert.equal(streamedText, expected.content);
  assert.equal(streamedReasoning, expected.reasoning);
  assert.ok(deltas.length < 400 / 4, `${deltas.length} delta posts for 400 events`);
  assert.equal(deltas.filter((d) => d.answerStartedAt !== undefined).length, 1);

  const done = posts.at(-1);
  assert.equal(done?.type, 'messageDone');
  if (done?.type !== 'messageDone') return;
  assert.equal(done.status, 'done');
  assert.ok(done.usage && done.usage.promptTokens > 0);
  assert.ok(done.usage.costUsd !== undefined && done.usage.costUsd > 0);
  assert.deepEqual(done.totalUsage, done.usage);
  assert.ok(saves() >= 1);
});

test('Stop mid-stream closes the connection at once; the partial answer stays, marked stopped', async () => {
  fake.enqueue(CHAT, { longStream: { events: 200 }, chunking: { kind: 'events' }, chunkDelayMs: 30 });
  const { run, message, posts } = start();
  await fake.waitForRequest(1);
  while (textOf(message).length < 20) await sleep(10);
  const stoppedAt = Date.now();
  run.stop();
  const outcome = await run.done;
  const closed = await fake.waitForClientClose(2000);
  assert.equal(closed.closedByClient, true);
  assert.ok(Date.now() - stoppedAt < 1000, `settled ${Date.now() - stoppedAt} ms after Stop`);
  assert.equal(outcome.status, 'stopped');
  assert.equal(message.status, 'stopped');
  assert.ok(textOf(message).length >= 20);
  assert.equal(message.error, undefined);
  const done = posts.at(-1);
  assert.equal(done?.type === 'messageDone' && done.status, 'stopped');
});

test('Stop against a server that hangs after the headers still settles promptly', async () => {
  fake.enqueue(CHAT, { events: [], done: false, stall: {} });
  const { run } = start();
  await fake.waitForRequest(1);
  await sleep(50);
  const t0 = Date.now();
  run.stop();
  const outcome = await run.done;
  assert.equal(outcome.status, 'stopped');
  assert.ok(Date.now() - t0 < 1000);
  assert.equal((await fake.waitForClientClose(2000)).closedByClient, true);
});

test('an HTTP error becomes an inline error with the action that fixes it', async () => {
  fake.enqueue(CHAT, { status: 404, json: { code: 'Some requested entity was not found', error: 'The model grok-9 does not exist or your team does not have access to it.' } });
  const { run, message, posts } = start();
  const outcome = await run.done;
  assert.equal(outcome.status, 'error');
  assert.equal(outcome.error?.kind, 'modelNotFound');
  assert.deepEqual(message.error?.actions, ['chooseModel', 'showLog']);
  const done = posts.at(-1);
  assert.ok(done?.type === 'messageDone' && done.error?.kind === 'modelNotFound');
});

test('the partial answer is saved while streaming, not only at the end', async () => {
  fake.enqueue(CHAT, { longStream: { events: 30 }, chunking: { kind: 'events' }, chunkDelayMs: 20 });
  const { run, saves } = start({ persistEveryMs: 100 });
  await run.done;
  assert.ok(saves() >= 3, `${saves()} saves`);
});

test('error kinds map to their actions; outOfCredits names the billing page', () => {
  const cases: Array<[XaiErrorKind, string[]]> = [
    ['badKey', ['setApiKey', 'showLog']],
    ['noPermission', ['setApiKey', 'showLog']],
    ['modelNotFound', ['chooseModel', 'showLog']],
    ['rateLimited', ['retry', 'showLog']],
    ['unavailable', ['retry', 'showLog']],
    ['network', ['retry', 'showLog']],
    ['timeout', ['retry', 'openSettings', 'showLog']],
    ['outOfCredits', ['showLog']],
    ['malformed', ['showLog']],
  ];
  for (const [kind, actions] of cases) assert.deepEqual(errorView({ kind, message: 'm.' }).actions, actions, kind);
  // On xAI's own API the account's Billing page is the way on: a button, and the hint names it.
  const onXai = errorView({ kind: 'outOfCredits', message: 'Out.', xaiBilling: true });
  assert.deepEqual(onXai.actions, ['openBilling', 'showLog']);
  assert.match(onXai.message, /^Out\. Add credits or raise the spending limit under Billing at https:\/\/console\.x\.ai\.$/);
  // Another server's account: neither xAI's page nor a promise of one.
  assert.doesNotMatch(errorView({ kind: 'outOfCredits', message: 'Out.' }).message, /x\.ai/);
});

test('the batcher posts at most once per interval and a discard drops what a snapshot already holds', () => {
  const posted: unknown[] = [];
  let pendingTimer: (() => void) | undefined;
  const batcher = new DeltaBatcher((m) => posted.push(m), 16, {
    setTimeout: (fn) => {
      pendingTimer = fn;
      return 1;
    },
    clearTimeout: () => {
      pendingTimer = undefined;
    },
  });
  batcher.add('m', { text: 'a', answerStartedAt: 5 });
  // The first words go out at once, without waiting for the batching window.
  assert.deepEqual(posted, [{ type: 'delta', messageId: 'm', text: 'a', answerStartedAt: 5 }]);
  assert.ok(pendingTimer === undefined, 'a timer was set for the first words');
  batcher.add('m', { text: 'b', reasoning: 'r' });
  batcher.add('m', { text: 'c' });
  assert.equal(posted.length, 1);
  (pendingTimer as (() => void) | undefined)?.(); // (the assert above narrowed its type)
  assert.deepEqual(posted[1], { type: 'delta', messageId: 'm', text: 'bc', reasoning: 'r' });
  batcher.add('m', { text: 'c' });
  batcher.discard();
  assert.equal(pendingTimer, undefined);
  batcher.flush();
  assert.equal(posted.length, 2);
  batcher.add('m', { text: 'd' });
  batcher.add('n', { text: 'e' }); // another message: the first one's text goes out first
  batcher.flush();
  assert.deepEqual(posted.slice(2), [
    { type: 'delta', messageId: 'm', text: 'd' },
    { type: 'delta', messageId: 'n', text: 'e' },
  ]);
});

test('what the answer waits for is posted as answerPhase: a retry wait, then the stream start, then thinking; nothing after the text starts', async () => {
  const { run, posts } = start({
    stream: async function* () {
      // The client's attempt number: 2 is the first retry.
      yield { type: 'retry', attempt: 2, delayMs: 3000, reason: 'rateLimited', status: 429 };
      yield { type: 'start', id: 'r1', model: 'grok-4.3' };
      yield { type: 'thinking' };
      yield { type: 'thinking' };
      yield { type: 'text', delta: 'Hi' };
      yield { type: 'thinking' };
      yield { type: 'finish', reason: 'stop' };
    },
  });
  const before = Date.now();
  await run.done;
  const phases = posts.flatMap((m) => (m.type === 'answerPhase' ? [m.state] : []));
  assert.equal(phases.length, 3, JSON.stringify(phases));
  const [retry, started, thinking] = phases;
  assert.equal(retry.phase, 'retrying');
  if (retry.phase === 'retrying') {
    assert.deepEqual({ ...retry, since: 0 }, { phase: 'retrying', attempt: 1, delayMs: 3000, reason: 'rateLimited', status: 429, since: 0 });
    assert.ok(retry.since >= before && retry.since <= Date.now());
  }
  assert.deepEqual(started, { phase: 'started' });
  assert.deepEqual(thinking, { phase: 'thinking' });
  // Phases come before the text they precede.
  const firstText = posts.findIndex((m) => m.type === 'delta' && m.text);
  const lastPhase = posts.map((m) => m.type).lastIndexOf('answerPhase');
  assert.ok(lastPhase < firstText, 'a phase was posted after the text started');
});
