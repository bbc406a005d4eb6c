// The client over real sockets against the loopback fake server (test/fake-xai): what the server
// received, retries and their limits, cancellation reaching the socket, both timeouts, and the key
// never leaking into a log entry or a message.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordedEvents } from '../fake-xai/recorded';
import { inStreamError, startFakeXai, xaiError } from '../fake-xai/server';
import type { FakeXai } from '../fake-xai/server';
import type { StreamEvent, XaiLogEntry } from '../../src/xai/types';
import type { XaiClientOptions } from '../../src/xai/client';
import { XaiClient } from '../../src/xai/client';
import { collectStream } from '../../src/xai/collect';
import { XaiError } from '../../src/xai/errors';
import { allEvents, CHAT, KEY, terminalOf, textOf } from './xaiTestUtil';

const CHAT_ROUTE = 'POST /v1/chat/completions';
let fake: FakeXai;
let logs: XaiLogEntry[];

function client(options: Partial<XaiClientOptions> = {}): XaiClient {
  return new XaiClient({
    baseUrl: fake.url,
    apiKey: async () => KEY,
    retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    onLog: (entry) => logs.push(entry),
    ...options,
  });
}

async function firstText(events: AsyncIterable<StreamEvent>) {
  const iterator = events[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    assert.ok(!next.done);
    if (next.value.type === 'text') return iterator;
  }
}

before(async () => {
  fake = await startFakeXai();
});
after(() => fake.close());
beforeEach(() => {
  fake.reset();
  logs = [];
});

describe('against the fake server: the request', () => {
  test('the server receives the bearer key, JSON headers and the snake_case stream body; random chunking is reassembled', async () => {
    for (const seed of [1, 2, 3]) {
      fake.enqueue(CHAT_ROUTE, { recorded: '01', chunking: { kind: 'random', seed, minSize: 1, maxSize: 13 } });
      const events = await allEvents(client().streamChat({ ...CHAT, temperature: 0 }));
      assert.equal(textOf(events), '1, 2, 3.');
      assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
    }
    const request = fake.requests[0];
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${KEY}`);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.accept, 'text/event-stream');
    assert.deepEqual(request.json, { ...CHAT, temperature: 0, stream: true, stream_options: { include_usage: true } });
    assert.equal(logs.length, 3);
    assert.ok(logs.every((l) => l.outcome === 'ok' && l.status === 200 && typeof l.requestId === 'string'));
  });

  test('non-streamed chat, responses (stream and not), models, key info and tokenizer', async () => {
    const c = client();
    const chat = await c.chat(CHAT);
    assert.equal(chat.text, '1, 2, 3.');
    assert.equal(fake.requests[0].json && (fake.requests[0].json as { stream?: unknown }).stream, undefined);

    const streamed = await collectStream(c.streamResponses({ model: 'grok-4.3', input: 'Count from 1 to 3' }));
    assert.equal(streamed.text, '1, 2, 3.');
    assert.equal(streamed.usage?.completionTokens, 8);

    const searched = await c.responses({ model: 'grok-4.3', input: 'Ruby?', tools: [{ type: 'web_search' }] });
    assert.equal(searched.citations[0].url, 'https://www.ruby-lang.org/en/downloads/');

    const models = await c.listModels();
    const fast = models.find((m) => m.id === 'grok-4-1-fast-non-reasoning');
    assert.deepEqual(fast?.prices && [fast.prices.promptPerMillion, fast.prices.cachedPromptPerMillion, fast.prices.completionPerMillion], [0.2, 0.05, 0.5]);

    const info = await c.apiKeyInfo();
    assert.equal(info.redactedKey, 'xai-...T123');
    assert.equal(info.blocked, false);

    // The fake's tokenizer splits words and punctuation: "Hello", ",", " world".
    const tokens = await c.tokenize('grok-4', 'Hello, world');
    assert.equal(tokens.count, 3);
    assert.equal(tokens.tokenIds.length, 3);
  });

  test('listModels falls back to /models when /language-models is missing', async () => {
    fake.setDefault('GET /v1/language-models', xaiError(404, 'not-found', 'no such route'));
    const models = await client().listModels();
    assert.deepEqual(fake.requests.map((r) => r.path), ['/v1/language-models', '/v1/models']);
    assert.equal(models.length, 11);
  });
});

describe('against the fake server: retries', () => {
  test('503, 503, then the stream: three requests, one answer', async () => {
    const unavailable = xaiError(503, 'unavailable', 'The service is currently unavailable');
    fake.enqueue(CHAT_ROUTE, unavailable, unavailable);
    const events = await allEvents(client().streamChat(CHAT));
    assert.equal(fake.requests.length, 3);
    assert.equal(textOf(events), '1, 2, 3.');
    assert.deepEqual(logs.map((l) => [l.attempt, l.outcome]), [[1, 'unavailable'], [2, 'unavailable'], [3, 'ok']]);
  });

  test('bounded: maxRetries 2 gives three requests, then "unavailable"', async () => {
    fake.setDefault(CHAT_ROUTE, xaiError(502, 'bad-gateway', 'upstream failed'));
    const result = await collectStream(client({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } }).streamChat(CHAT));
    assert.equal(result.error?.kind, 'unavailable');
    assert.equal(fake.requests.length, 3);
  });

  test('Retry-After is honoured over the small backoff', async () => {
    fake.enqueue(CHAT_ROUTE, xaiError(429, 'resource-exhausted', 'Too many requests', { 'Retry-After': '1' }));
    // Retry-After is capped at 4 x maxDelayMs: 4 s here, so the server's 1 s stands.
    const result = await client({ retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 1000 } }).chat(CHAT);
    assert.equal(result.text, '1, 2, 3.');
    assert.equal(fake.requests.length, 2);
    const gap = fake.requests[1].receivedAt - fake.requests[0].receivedAt;
    assert.ok(gap >= 950, `retried after ${gap} ms`);
    assert.equal(logs[0].retryInMs, 1000);
    assert.equal(logs[0].outcome, 'rateLimited');
  });

  test('no retry once the first event was delivered (in-stream error after text)', async () => {
    fake.enqueue(CHAT_ROUTE, { events: [...recordedEvents('01').slice(0, 4), inStreamError()], done: false });
    const result = await collectStream(client().streamChat(CHAT));
    assert.equal(fake.requests.length, 1);
    assert.equal(result.text, '1, 2');
    assert.equal(result.error?.kind, 'unavailable');
  });

  test('no retry after a reset mid-stream; a reset before the headers is retried', async () => {
    fake.enqueue(CHAT_ROUTE, { recorded: '01', reset: { afterEvents: 3 } });
    const cut = await collectStream(client().streamChat(CHAT));
    assert.equal(fake.requests.length, 1);
    assert.equal(cut.error?.kind, 'network');
    assert.equal(cut.text, '1, ');
    assert.match(cut.error?.message ?? '', /^The connection to 127\.0\.0\.1:\d+ broke before the answer finished \(.+\)\.$/);

    fake.reset();
    fake.enqueue(CHAT_ROUTE, { reset: { beforeHeaders: true } });
    const retried = await collectStream(client().streamChat(CHAT));
    assert.equal(fake.requests.length, 2);
    assert.equal(retried.text, '1, 2, 3.');
  });

  test('no retry for a refused key (400) or an empty credit balance (429)', async () => {
    fake.setInvalidKeys([KEY]);
    await assert.rejects(client().chat(CHAT), (e: unknown) => e instanceof XaiError && e.kind === 'badKey');
    assert.equal(fake.requests.length, 1);

    fake.reset();
    fake.enqueue(CHAT_ROUTE, xaiError(429, 'resource-exhausted', 'Your team has either used all available credits or reached its monthly spending limit.'));
    const result = await collectStream(client().streamChat(CHAT));
    assert.equal(result.error?.kind, 'outOfCredits');
    assert.equal(fake.requests.length, 1);
  });
});

describe('against the fake server: cancellation', () => {
  test('abort mid-stream: settles well under 100 ms and the server sees the socket close', async () => {
    fake.enqueue(CHAT_ROUTE, { longStream: { events: 200 }, chunking: { kind: 'events' }, chunkDelayMs: 50 });
    const controller = new AbortController();
    const iterator = await firstText(client().streamChat(CHAT, { signal: controller.signal }));
    const pending = (async () => {
      for (;;) {
        const next = await iterator.next();
        if (next.done || next.value.type === 'error' || next.value.type === 'finish') return next.value;
      }
    })();
    const aborted = performance.now();
    controller.abort();
    const end = await pending;
    const elapsed = performance.now() - aborted;
    assert.ok(elapsed < 100, `settled ${elapsed} ms after abort`);
    assert.equal(end?.type, 'error');
    assert.equal(end?.type === 'error' && end.error.kind, 'cancelled');
    assert.equal(end?.type === 'error' && end.error.message, 'The request was cancelled.');
    const closed = await fake.waitForClientClose(2000);
    assert.equal(closed.closedByClient, true);
    assert.equal(fake.requests.length, 1);
  });

  test('abort while the body is stalled: collectStream returns the partial text as "cancelled" promptly', async () => {
    fake.enqueue(CHAT_ROUTE, { recorded: '01', stall: { afterEvents: 2 } });
    const controller = new AbortController();
    const pending = collectStream(client().streamChat(CHAT, { signal: controller.signal }));
    await fake.waitForRequest(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const aborted = performance.now();
    controller.abort();
    const result = await pending;
    assert.ok(performance.now() - aborted < 100);
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.text, '1,');
    assert.ok((await fake.waitForClientClose(2000)).closedByClient);
  });

  test('abort before the headers arrive closes the connection too', async () => {
    fake.enqueue(CHAT_ROUTE, { recorded: '01', headersDelayMs: 5000 });
    const controller = new AbortController();
    const pending = client().chat(CHAT, { signal: controller.signal }).catch((e: unknown) => e);
    await fake.waitForRequest(1);
    const aborted = performance.now();
    controller.abort();
    const error = await pending;
    assert.ok(performance.now() - aborted < 100);
    assert.ok(error instanceof XaiError && error.kind === 'cancelled');
    assert.ok((await fake.waitForClientClose(2000)).closedByClient);
  });

  test('breaking out of the for-await closes the connection', async () => {
    fake.enqueue(CHAT_ROUTE, { longStream: { events: 200 }, chunking: { kind: 'events' }, chunkDelayMs: 20 });
    let texts = 0;
    for await (const event of client().streamChat(CHAT)) {
      if (event.type === 'text' && ++texts === 2) break;
    }
    assert.ok((await fake.waitForClientClose(2000)).closedByClient);
    assert.equal(logs.at(-1)?.outcome, 'cancelled');
  });
});

describe('against the fake server: timeouts', () => {
  test('first-byte timeout: headers too late, the connection is closed, no retry', async () => {
    fake.enqueue(CHAT_ROUTE, { recorded: '01', headersDelayMs: 2000 });
    const started = performance.now();
    const result = await collectStream(client({ timeouts: { firstByteMs: 200, idleMs: 5000 } }).streamChat(CHAT));
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 190 && elapsed < 1000, `took ${elapsed} ms`);
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /0\.2 s \(the first-byte timeout\)/);
    assert.ok((await fake.waitForClientClose(2000)).closedByClient);
    assert.equal(fake.requests.length, 1);
  });

  test('first-byte timeout: headers sent, but no body byte', async () => {
    fake.enqueue(CHAT_ROUTE, { events: [], done: false, stall: {} });
    const result = await collectStream(client({ timeouts: { firstByteMs: 200, idleMs: 5000 } }).streamChat(CHAT));
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /first-byte/);
    assert.ok((await fake.waitForClientClose(2000)).closedByClient);
  });

  test('idle timeout: events stop coming, partial text kept, the connection is closed', async () => {
    fake.enqueue(CHAT_ROUTE, { recorded: '01', stall: { afterEvents: 3 } });
    const started = performance.now();
    const result = await collectStream(client({ timeouts: { firstByteMs: 5000, idleMs: 200 } }).streamChat(CHAT));
    assert.ok(performance.now() - started < 1000);
    assert.equal(result.text, '1, ');
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /0\.2 s \(the idle timeout between events\)/);
    assert.ok((await fake.waitForClientClose(2000)).closedByClient);
    assert.equal(fake.requests.length, 1);
  });
});

describe('against the fake server: the key never leaks', () => {
  test('no log entry and no message holds the key, whatever the server echoes', async () => {
    const echo = `Incorrect API key provided: ${KEY}. Header was "Authorization: Bearer ${KEY}"`;
    const messages: string[] = [];
    const c = client();
    const collect = async (run: () => Promise<unknown>) => {
      try {
        const value = await run();
        if (value && typeof value === 'object' && 'error' in value) messages.push(JSON.stringify((value as { error?: unknown }).error ?? ''));
      } catch (error) {
        messages.push(error instanceof Error ? `${error.message} ${JSON.stringify((error as XaiError).info)}` : String(error));
      }
    };

    fake.enqueue(CHAT_ROUTE, xaiError(400, 'invalid-argument', echo));
    await collect(() => c.chat(CHAT));
    fake.enqueue(CHAT_ROUTE, xaiError(500, 'internal', echo), xaiError(500, 'internal', echo), xaiError(500, 'internal', echo), xaiError(500, 'internal', echo));
    await collect(() => collectStream(c.streamChat(CHAT)));
    fake.enqueue(CHAT_ROUTE, { events: [...recordedEvents('01').slice(0, 2), { code: 'internal', error: echo }], done: false });
    await collect(() => collectStream(c.streamChat(CHAT)));
    fake.enqueue(CHAT_ROUTE, { status: 502, body: `<html>${echo}</html>`, contentType: 'text/html' });
    await collect(() => client({ retry: { maxRetries: 0 } }).chat(CHAT));
    fake.setInvalidKeys([KEY]);
    await collect(() => c.listModels());
    await collect(() => collectStream(c.streamResponses({ model: 'grok-4.3', input: 'hi' })));

    assert.ok(messages.length >= 6, `collected ${messages.length} messages`);
    assert.ok(logs.length >= 9, `collected ${logs.length} log entries`);
    const everything = JSON.stringify({ messages, logs });
    assert.ok(!everything.includes(KEY), everything);
    assert.ok(!everything.includes('SECRETSECRET'), everything);
    // The server did get it, in the header and nowhere else.
    assert.ok(fake.requests.every((r) => r.headers.authorization === `Bearer ${KEY}` && !r.body.includes(KEY)));
  });
});
