// Retry policy: delays (exponential, full jitter, Retry-After capped), what is retried, and the stream
// rule: only before anything reached the caller. Uses an injected fetch; the fake server tests repeat
// the important cases over real sockets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { XaiErrorInfo, XaiErrorKind } from '../../src/xai/types';
import { DEFAULT_RETRY, isRetryable, RETRY_AFTER_CAP_FACTOR, retryDelayMs, sleep } from '../../src/xai/retry';
import { XaiError } from '../../src/xai/errors';
import { allEvents, CHAT, scriptedFetch, sse, terminalOf, testClient, textOf } from './xaiTestUtil';

const JSON_HEADERS = { 'content-type': 'application/json' };
const unavailable = { status: 503, body: JSON.stringify({ code: 'unavailable', error: 'The service is currently unavailable' }), headers: JSON_HEADERS };
const ok = { status: 200, body: '{"id":"x","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}', headers: JSON_HEADERS };

describe('retry delays', () => {
  test('defaults are 3 retries, 500 ms base, 8 s ceiling', () => {
    assert.deepEqual(DEFAULT_RETRY, { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000 });
  });

  test('full jitter: uniformly between 0 and an exponentially growing ceiling, capped at maxDelayMs', () => {
    const options = { maxRetries: 10, baseDelayMs: 500, maxDelayMs: 8000 };
    const almostOne = () => 0.999999;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, options, undefined, almostOne)),
      [499, 999, 1999, 3999, 7999, 7999],
    );
    assert.equal(retryDelayMs(3, options, undefined, () => 0), 0);
    assert.equal(retryDelayMs(3, options, undefined, () => 0.5), 1000);
  });

  test('Retry-After is honoured, capped at maxDelayMs * RETRY_AFTER_CAP_FACTOR', () => {
    const options = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000 };
    assert.equal(retryDelayMs(1, options, 2), 2000);
    assert.equal(retryDelayMs(1, options, 0), 0);
    assert.equal(retryDelayMs(1, options, 3600), 8000 * RETRY_AFTER_CAP_FACTOR);
  });

  test('only rate limits, service trouble and network failures are retryable', () => {
    const kinds: XaiErrorKind[] = ['badKey', 'noPermission', 'modelNotFound', 'badRequest', 'contextTooLong', 'rateLimited', 'outOfCredits', 'unavailable', 'network', 'timeout', 'cancelled', 'malformed'];
    const retryable = kinds.filter((kind) => isRetryable({ kind, message: '' } as XaiErrorInfo));
    assert.deepEqual(retryable, ['rateLimited', 'unavailable', 'network']);
  });

  test('sleep is abortable and rejects at once', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const slept = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(slept);
    assert.ok(performance.now() - started < 200);
    await assert.rejects(sleep(10, AbortSignal.abort()));
  });
});

describe('retries of whole requests', () => {
  test('503, 503, then 200: three attempts, one log entry each, the last one ok', async () => {
    const { fetch, calls } = scriptedFetch(unavailable, unavailable, ok);
    const { client, logs } = testClient(fetch);
    const result = await client.chat(CHAT);
    assert.equal(result.text, 'hi');
    assert.equal(calls.length, 3);
    assert.deepEqual(logs.map((l) => [l.attempt, l.outcome, l.status]), [[1, 'unavailable', 503], [2, 'unavailable', 503], [3, 'ok', 200]]);
    assert.ok(logs[0].retryInMs !== undefined && logs[2].retryInMs === undefined);
    assert.ok(logs.every((l) => l.method === 'POST' && l.path === '/chat/completions' && l.durationMs >= 0));
  });

  test('bounded: maxRetries 3 means four attempts, then the error', async () => {
    const { fetch, calls } = scriptedFetch(unavailable);
    const { client } = testClient(fetch);
    await assert.rejects(client.chat(CHAT), (e: unknown) => e instanceof XaiError && e.kind === 'unavailable');
    assert.equal(calls.length, 4);
  });

  test('maxRetries 0 turns retries off', async () => {
    const { fetch, calls } = scriptedFetch(unavailable, ok);
    const { client } = testClient(fetch, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    await assert.rejects(client.chat(CHAT));
    assert.equal(calls.length, 1);
  });

  test('no retry for 400, 401, 403, 404 or an empty credit balance', async () => {
    const cases = [
      { status: 400, body: JSON.stringify({ code: 'x', error: 'bad' }) },
      { status: 401, body: JSON.stringify({ code: 'x', error: 'no key' }) },
      { status: 403, body: JSON.stringify({ code: 'x', error: 'no' }) },
      { status: 404, body: JSON.stringify({ code: 'x', error: 'no model' }) },
      { status: 429, body: JSON.stringify({ code: 'x', error: 'Your team has either used all available credits or reached its monthly spending limit.' }) },
    ];
    for (const reply of cases) {
      const { fetch, calls } = scriptedFetch({ ...reply, headers: JSON_HEADERS }, ok);
      const { client } = testClient(fetch);
      await assert.rejects(client.chat(CHAT));
      assert.equal(calls.length, 1, `status ${reply.status}`);
    }
  });

  test('network failures are retried', async () => {
    const { fetch, calls } = scriptedFetch({ throws: new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }) }, ok);
    const { client } = testClient(fetch);
    assert.equal((await client.chat(CHAT)).text, 'hi');
    assert.equal(calls.length, 2);
  });

  test('cancelling during the backoff sleep ends at once with "cancelled", without another attempt', async () => {
    const { fetch, calls } = scriptedFetch(unavailable, ok);
    const { client } = testClient(fetch, { retry: { maxRetries: 3, baseDelayMs: 10_000, maxDelayMs: 10_000 }, random: () => 0.99 });
    const controller = new AbortController();
    const pending = client.chat(CHAT, { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const aborted = performance.now();
    controller.abort();
    const error = await pending;
    assert.ok(performance.now() - aborted < 100);
    assert.ok(error instanceof XaiError && error.kind === 'cancelled');
    assert.equal(calls.length, 1);
  });
});

describe('retries of streams', () => {
  const chunk = (content: string) => ({ id: 'c', model: 'm', choices: [{ index: 0, delta: { content } }] });
  const finish = { id: 'c', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };

  test('an in-stream error before the first event is retried', async () => {
    const { fetch, calls } = scriptedFetch({ body: sse([{ code: 'unavailable', error: 'The service is currently unavailable' }], false) }, { body: sse([chunk('ok'), finish]) });
    const { client } = testClient(fetch);
    const events = await allEvents(client.streamChat(CHAT));
    assert.equal(calls.length, 2);
    assert.equal(textOf(events), 'ok');
    assert.equal(events.filter((e) => e.type === 'start').length, 1);
  });

  test('no retry once an event reached the caller: the text is never duplicated', async () => {
    const { fetch, calls } = scriptedFetch({ body: sse([chunk('Hel'), { code: 'unavailable', error: 'The service is currently unavailable' }], false) }, { body: sse([chunk('Hello'), finish]) });
    const { client, logs } = testClient(fetch);
    const events = await allEvents(client.streamChat(CHAT));
    assert.equal(calls.length, 1);
    assert.equal(textOf(events), 'Hel');
    assert.equal(terminalOf(events).type, 'error');
    assert.equal(logs.length, 1);
    assert.equal(logs[0].retryInMs, undefined);
  });

  test('each retry wait is announced first with a retry event (attempt, delay, reason, status), never after answer events', async () => {
    const { fetch, calls } = scriptedFetch(
      { status: 429, body: JSON.stringify({ code: 'resource-exhausted', error: 'Too many requests' }), headers: { ...JSON_HEADERS, 'retry-after': '0' } },
      { throws: new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }) },
      { body: sse([{ code: 'unavailable', error: 'The service is currently unavailable' }], false) },
      { body: sse([chunk('ok'), finish]) },
    );
    const { client, logs } = testClient(fetch, { random: () => 0.5 });
    const events = await allEvents(client.streamChat(CHAT));
    assert.equal(calls.length, 4);
    const retries = events.filter((e) => e.type === 'retry');
    assert.deepEqual(retries, [
      { type: 'retry', attempt: 2, delayMs: 0, reason: 'rateLimited', status: 429 },
      { type: 'retry', attempt: 3, delayMs: logs[1].retryInMs, reason: 'network' },
      { type: 'retry', attempt: 4, delayMs: logs[2].retryInMs, reason: 'unavailable' },
    ]);
    // The delays announced are the ones waited and logged.
    assert.deepEqual(retries.map((r) => r.type === 'retry' && r.delayMs), logs.slice(0, 3).map((l) => l.retryInMs));
    assert.deepEqual(events.map((e) => e.type), ['retry', 'retry', 'retry', 'start', 'text', 'finish']);

    // Once text went out, a failure ends the stream: no retry event.
    const broken = scriptedFetch({ body: sse([chunk('Hel'), { code: 'unavailable', error: 'The service is currently unavailable' }], false) }, { body: sse([chunk('Hello'), finish]) });
    const after = await allEvents(testClient(broken.fetch).client.streamChat(CHAT));
    assert.equal(after.filter((e) => e.type === 'retry').length, 0);
    assert.equal(terminalOf(after).type, 'error');
  });

  test('no retry event when retries are off or the failure is final', async () => {
    const { fetch } = scriptedFetch({ status: 503, body: JSON.stringify({ code: 'unavailable', error: 'down' }), headers: JSON_HEADERS });
    const off = await allEvents(testClient(fetch, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } }).client.streamChat(CHAT));
    assert.deepEqual(off.map((e) => e.type), ['error']);
    const bad = scriptedFetch({ status: 400, body: JSON.stringify({ code: 'invalid-argument', error: 'bad' }), headers: JSON_HEADERS });
    assert.deepEqual((await allEvents(testClient(bad.fetch).client.streamChat(CHAT))).map((e) => e.type), ['error']);
  });

  test('a 429 with Retry-After before the stream started is retried after the given time', async () => {
    const { fetch, calls } = scriptedFetch(
      { status: 429, body: JSON.stringify({ code: 'resource-exhausted', error: 'Too many requests' }), headers: { ...JSON_HEADERS, 'retry-after': '0' } },
      { body: sse([chunk('ok'), finish]) },
    );
    const { client, logs } = testClient(fetch);
    const events = await allEvents(client.streamChat(CHAT));
    assert.equal(calls.length, 2);
    assert.equal(logs[0].retryInMs, 0);
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
  });
});
