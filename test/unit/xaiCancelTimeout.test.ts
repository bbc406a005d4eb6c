// Cancellation and both timeouts with an injected fetch whose body can stall forever: the client must
// settle promptly on its own, whatever the body does. The fake-server tests check the socket side.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../src/xai/types';
import { collectStream } from '../../src/xai/collect';
import { XaiError } from '../../src/xai/errors';
import { DEFAULT_TIMEOUTS } from '../../src/xai/timeouts';
import { CHAT, scriptedFetch, sse, terminalOf, testClient } from './xaiTestUtil';

const chunk = (content: string) => ({ id: 'c', model: 'm', choices: [{ index: 0, delta: { content } }] });
const empty = { id: 'c', model: 'm', choices: [{ index: 0, delta: {} }] };
const finish = { id: 'c', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };

/** Reads events until `until` says stop, then returns the rest of the iterator for the test to drive. */
async function readUntil(events: AsyncIterable<StreamEvent>, until: (e: StreamEvent) => boolean) {
  const iterator = events[Symbol.asyncIterator]();
  const seen: StreamEvent[] = [];
  for (;;) {
    const next = await iterator.next();
    assert.ok(!next.done, 'stream ended early');
    seen.push(next.value);
    if (until(next.value)) return { iterator, seen };
  }
}

describe('cancellation', () => {
  test('abort while the body is stalled: a "cancelled" error well under 100 ms, and the body is cancelled', async () => {
    const { fetch, calls, cancelled } = scriptedFetch({ body: sse([chunk('Hello')], false), stall: true });
    const { client, logs } = testClient(fetch);
    const controller = new AbortController();
    const { iterator, seen } = await readUntil(client.streamChat(CHAT, { signal: controller.signal }), (e) => e.type === 'text');
    const pending = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const aborted = performance.now();
    controller.abort();
    const next = await pending;
    const elapsed = performance.now() - aborted;
    assert.ok(elapsed < 100, `settled after ${elapsed} ms`);
    assert.deepEqual(next.value, { type: 'error', error: { kind: 'cancelled', message: 'The request was cancelled.' } });
    assert.equal((await iterator.next()).done, true);
    assert.equal(seen.filter((e) => e.type === 'text').length, 1);
    assert.equal(calls[0].signal?.aborted, true, 'the fetch signal was aborted (undici closes the socket)');
    assert.equal(cancelled(), 1);
    assert.deepEqual(logs.map((l) => l.outcome), ['cancelled']);
  });

  test('abort before the headers, even with a fetch that ignores its signal, settles at once', async () => {
    for (const ignoreAbort of [false, true]) {
      const { fetch } = scriptedFetch({ hang: true, ignoreAbort });
      const { client } = testClient(fetch);
      const controller = new AbortController();
      const pending = collectStream(client.streamChat(CHAT, { signal: controller.signal }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const aborted = performance.now();
      controller.abort();
      const result = await pending;
      assert.ok(performance.now() - aborted < 100);
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.error?.kind, 'cancelled');
    }
  });

  test('collectStream keeps the text that arrived before the cancel', async () => {
    const { fetch } = scriptedFetch({ body: sse([chunk('Hello'), chunk(', wor')], false), stall: true });
    const { client } = testClient(fetch);
    const controller = new AbortController();
    const events = client.streamChat(CHAT, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result = await collectStream(events);
    assert.equal(result.text, 'Hello, wor');
    assert.equal(result.finishReason, 'cancelled');
  });

  test('an already aborted signal sends nothing', async () => {
    const { fetch, calls } = scriptedFetch({ body: sse([chunk('x'), finish]) });
    const { client } = testClient(fetch);
    const result = await collectStream(client.streamChat(CHAT, { signal: AbortSignal.abort() }));
    assert.equal(result.finishReason, 'cancelled');
    await assert.rejects(client.chat(CHAT, { signal: AbortSignal.abort() }), (e: unknown) => e instanceof XaiError && e.kind === 'cancelled');
    assert.equal(calls.length, 0);
  });

  test('breaking out of for-await aborts the fetch and cancels the body', async () => {
    const { fetch, calls, cancelled } = scriptedFetch({ body: sse([chunk('a'), chunk('b')], false), stall: true });
    const { client, logs } = testClient(fetch);
    for await (const event of client.streamChat(CHAT)) {
      if (event.type === 'text') break;
    }
    assert.equal(calls[0].signal?.aborted, true);
    assert.equal(cancelled(), 1);
    assert.equal(logs.length, 1);
    assert.equal(logs[0].outcome, 'cancelled');
  });

  test('chat() rejects with "cancelled" promptly while the answer is pending', async () => {
    const { fetch } = scriptedFetch({ hang: true });
    const { client } = testClient(fetch);
    const controller = new AbortController();
    const pending = client.chat(CHAT, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    assert.ok(error instanceof XaiError && error.kind === 'cancelled');
  });
});

describe('timeouts', () => {
  test('defaults are generous for reasoning models: 300 s to the first byte, 120 s idle', () => {
    assert.deepEqual(DEFAULT_TIMEOUTS, { firstByteMs: 300_000, idleMs: 120_000 });
  });

  test('no headers within firstByteMs: a "timeout" naming the first-byte limit in seconds, not retried', async () => {
    const { fetch, calls } = scriptedFetch({ hang: true });
    const { client, logs } = testClient(fetch, { timeouts: { firstByteMs: 200, idleMs: 5000 } });
    const started = performance.now();
    const events = await collectStream(client.streamChat(CHAT));
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 190 && elapsed < 600, `took ${elapsed} ms`);
    assert.equal(events.error?.kind, 'timeout');
    assert.match(events.error?.message ?? '', /0\.2 s \(the first-byte timeout\)/);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].signal?.aborted, true);
    assert.deepEqual(logs.map((l) => l.outcome), ['timeout']);
  });

  test('headers but no body byte within firstByteMs is a first-byte timeout too', async () => {
    const { fetch } = scriptedFetch({ body: '', stall: true });
    const { client } = testClient(fetch, { timeouts: { firstByteMs: 200, idleMs: 5000 } });
    const result = await collectStream(client.streamChat(CHAT));
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /first-byte/);
  });

  test('silence between events beyond idleMs: an idle "timeout", partial text kept', async () => {
    const { fetch, cancelled } = scriptedFetch({ body: sse([chunk('Hel')], false), stall: true });
    const { client } = testClient(fetch, { timeouts: { firstByteMs: 5000, idleMs: 200 } });
    const started = performance.now();
    const result = await collectStream(client.streamChat(CHAT));
    assert.ok(performance.now() - started < 700);
    assert.equal(result.text, 'Hel');
    assert.equal(result.error?.kind, 'timeout');
    assert.match(result.error?.message ?? '', /nothing for 0\.2 s \(the idle timeout between events\)/);
    assert.equal(cancelled(), 1);
  });

  test('"thinking" chunks keep a slow reasoning stream alive past the idle limit', async () => {
    const pieces = [sse([empty], false), sse([empty], false), sse([empty], false), sse([empty], false), sse([chunk('ok'), finish])];
    const timed: typeof fetch = async () => {
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (i >= pieces.length) return controller.close();
          await new Promise((resolve) => setTimeout(resolve, 100));
          controller.enqueue(new TextEncoder().encode(pieces[i++]));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const { client } = testClient(timed, { timeouts: { firstByteMs: 5000, idleMs: 250 } });
    const events: StreamEvent[] = [];
    for await (const event of client.streamChat(CHAT)) events.push(event);
    assert.equal(events.filter((e) => e.type === 'thinking').length, 4);
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
  });

  test('time the caller spends on an event does not count as server silence', async () => {
    const { fetch } = scriptedFetch({ body: sse([chunk('a'), chunk('b'), finish]) });
    const { client } = testClient(fetch, { timeouts: { firstByteMs: 5000, idleMs: 100 } });
    const events: StreamEvent[] = [];
    for await (const event of client.streamChat(CHAT)) {
      events.push(event);
      if (event.type === 'text') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
  });

  test('non-streamed calls honour the first-byte limit too', async () => {
    const { fetch } = scriptedFetch({ hang: true });
    const { client } = testClient(fetch, { timeouts: { firstByteMs: 150, idleMs: 5000 } });
    await assert.rejects(client.chat(CHAT), (e: unknown) => e instanceof XaiError && e.kind === 'timeout' && /0\.15 s/.test(e.message));
  });
});
