// streamChat over bytes served by an injected fetch, split at random points: SSE assembly, every event
// kind, and the rules for how a stream ends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecording } from '../fake-xai/recorded';
import type { StreamEvent } from '../../src/xai/types';
import { allEvents, CHAT, KEY, scriptedFetch, sse, terminalOf, testClient, textOf } from './xaiTestUtil';

function chunk(delta: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id: 'c1', object: 'chat.completion.chunk', model: 'grok-x', choices: [{ index: 0, delta, ...extra }] };
}

const USAGE = {
  prompt_tokens: 10,
  completion_tokens: 5,
  total_tokens: 18,
  prompt_tokens_details: { cached_tokens: 4, image_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 3 },
  num_sources_used: 0,
  cost_in_usd_ticks: 1000,
};

async function run(body: string | Uint8Array, seed?: number): Promise<StreamEvent[]> {
  const { fetch } = scriptedFetch({ body, seed });
  const { client } = testClient(fetch);
  return allEvents(client.streamChat(CHAT));
}

describe('streamChat: assembly', () => {
  test('recording 01 split at random byte boundaries gives the same events for every seed', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const events = await run(readRecording('01'), seed);
      assert.deepEqual(events[0], { type: 'start', id: '032808ba-40af-951d-b012-89e66b318430', model: 'grok-4-1-fast-non-reasoning' });
      assert.equal(textOf(events), '1, 2, 3.');
      assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
      const usage = events.find((e) => e.type === 'usage');
      assert.ok(usage && usage.type === 'usage');
      assert.equal(usage.usage.costInUsdTicks, 129000);
      // Usage comes after the text and right before the finish.
      assert.equal(events[events.length - 2], usage);
    }
  });

  test('a split inside a multi-byte UTF-8 character is decoded correctly', async () => {
    const bytes = readRecording('08');
    const at = bytes.indexOf(Buffer.from('°', 'utf8'));
    assert.ok(at > 0);
    const { fetch } = scriptedFetch({ body: bytes });
    // Serve it as two chunks cut between the two bytes of "°".
    const split: typeof globalThis.fetch = async (input, init) => {
      const response = await fetch(input, init);
      void response.body?.cancel();
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.subarray(0, at + 1));
          controller.enqueue(bytes.subarray(at + 1));
          controller.close();
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
    };
    const { client } = testClient(split);
    const events = await allEvents(client.streamChat(CHAT));
    assert.equal(textOf(events), 'The current weather in Berlin (52.5200, 13.4050) is 15°C with winds at 10 km/h.');
    assert.ok(!textOf(events).includes('\uFFFD'));
  });

  test('reasoning_content becomes reasoning events, before the text', async () => {
    const events = await run(readRecording('04'), 11);
    assert.equal(textOf(events, 'reasoning'), 'The user said: "Count from 1 to 3"\n');
    assert.equal(textOf(events), '1, 2, 3');
    const lastReasoning = events.map((e) => e.type).lastIndexOf('reasoning');
    const firstText = events.findIndex((e) => e.type === 'text');
    assert.ok(lastReasoning < firstText);
  });

  test('chunks with an empty delta and no finish are "thinking"; the finish chunk is not', async () => {
    const events = await run(sse([chunk({ role: 'assistant' }), chunk({}), chunk({ content: '' }), chunk({ content: 'Hi' }), chunk({}, { finish_reason: 'stop' })]));
    assert.deepEqual(
      events.map((e) => e.type),
      ['start', 'thinking', 'thinking', 'thinking', 'text', 'finish'],
    );
  });

  test('OpenAI-style tool call fragments are concatenated by index and emitted once, at the finish chunk', async () => {
    const body = sse([
      chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_', arguments: '{"ci' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'weather', arguments: 'ty":"Ber' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'lin"}' } }] }),
      chunk({}, { finish_reason: 'tool_calls' }),
    ]);
    const events = await run(body, 3);
    const calls = events.filter((e) => e.type === 'toolCall');
    assert.deepEqual(calls, [
      { type: 'toolCall', index: 0, call: { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Berlin"}' } } },
      { type: 'toolCall', index: 1, call: { id: 'call_b', type: 'function', function: { name: 'time', arguments: '{}' } } },
    ]);
    // Not before the finish chunk: the two calls come right before the finish.
    assert.deepEqual(events.slice(-3).map((e) => e.type), ['toolCall', 'toolCall', 'finish']);
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'tool_calls' });
  });

  test('a server repeating the whole id and name in every fragment does not double them', async () => {
    const body = sse([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '{"a":' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '1}' } }] }),
      chunk({}, { finish_reason: 'tool_calls' }),
    ]);
    const call = (await run(body)).find((e) => e.type === 'toolCall');
    assert.deepEqual(call && call.type === 'toolCall' && call.call, { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } });
  });

  test('a tool call still pending at [DONE] (no finish chunk) is emitted at the end', async () => {
    const events = await run(sse([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] })]));
    assert.deepEqual(events.map((e) => e.type), ['start', 'toolCall', 'finish']);
  });

  test('the recorded whole-in-one-chunk tool call (07) comes out intact', async () => {
    const events = await run(readRecording('07'), 5);
    const call = events.find((e) => e.type === 'toolCall');
    assert.deepEqual(call, {
      type: 'toolCall',
      index: 0,
      call: { id: 'call_30773659', type: 'function', function: { name: 'weather', arguments: '{"latitude":"52.5200","longitude":"13.4050"}' } },
    });
  });

  test('usage on many chunks: the last non-null one wins, mapped with xAI semantics', async () => {
    const events = await run(
      sse([
        { ...chunk({ content: 'a' }), usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
        { ...chunk({ content: 'b' }), usage: null },
        { ...chunk({}, { finish_reason: 'stop' }), usage: USAGE },
        { id: 'c1', choices: [], usage: null },
      ]),
    );
    const usage = events.filter((e) => e.type === 'usage');
    assert.equal(usage.length, 1);
    assert.deepEqual(usage[0], {
      type: 'usage',
      usage: {
        promptTokens: 10,
        cachedPromptTokens: 4,
        completionTokens: 5,
        reasoningTokens: 3,
        imageTokens: 0,
        totalTokens: 18,
        numSourcesUsed: 0,
        costInUsdTicks: 1000,
      },
    });
  });

  test('top-level citations become citation events, each URL once', async () => {
    const events = await run(
      sse([
        { ...chunk({ content: 'a' }), citations: ['https://a.example/', 'https://b.example/'] },
        { ...chunk({}, { finish_reason: 'stop' }), citations: ['https://a.example/', 'https://b.example/', 'https://c.example/'] },
      ]),
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'citation').map((e) => e.type === 'citation' && e.citation.url),
      ['https://a.example/', 'https://b.example/', 'https://c.example/'],
    );
  });

  test('the model is reported as the server names it', async () => {
    const events = await run(readRecording('05'), 9);
    assert.deepEqual(events[0], { type: 'start', id: 'ac61fdea-63e6-9e2a-b0aa-39fad7153c2d', model: 'grok-3-mini-high' });
  });
});

describe('streamChat: how a stream ends', () => {
  test('an in-stream {code, error} event becomes an "unavailable" error after the partial text', async () => {
    const events = await run(sse([chunk({ content: 'Hel' }), { code: 'unavailable', error: 'The service is currently unavailable' }], false), 2);
    assert.equal(textOf(events), 'Hel');
    const end = terminalOf(events);
    assert.equal(end.type, 'error');
    assert.equal(end.type === 'error' && end.error.kind, 'unavailable');
    assert.match(end.type === 'error' ? end.error.message : '', /service is currently unavailable/);
  });

  test('errors carry the x-request-id of the response', async () => {
    const { fetch } = scriptedFetch({ body: sse([{ code: 'unavailable', error: 'down' }], false), headers: { 'x-request-id': 'req-42' } });
    const { client, logs } = testClient(fetch, { retry: { maxRetries: 0 } });
    const end = terminalOf(await allEvents(client.streamChat(CHAT)));
    assert.equal(end.type === 'error' && end.error.requestId, 'req-42');
    assert.equal(logs[0].requestId, 'req-42');
  });

  test('an OpenAI-shaped in-stream error is read too, and a rate limit is mapped as such', async () => {
    const events = await run(sse([chunk({ content: 'x' }), { error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 429 } }], false));
    const end = terminalOf(events);
    assert.equal(end.type === 'error' && end.error.kind, 'rateLimited');
  });

  test('a data line that is not JSON ends the stream with "malformed"', async () => {
    const events = await run(sse([chunk({ content: 'a' }), '{"id":"x","choices":[{"delta":{"content":"oops'], false));
    const end = terminalOf(events);
    assert.equal(end.type === 'error' && end.error.kind, 'malformed');
  });

  test('no [DONE] and no finish_reason: a network error saying the connection closed early', async () => {
    const events = await run(sse([chunk({ content: 'partial' })], false), 4);
    assert.equal(textOf(events), 'partial');
    const end = terminalOf(events);
    assert.equal(end.type === 'error' && end.error.kind, 'network');
    assert.match(end.type === 'error' ? end.error.message : '', /connection closed before the answer finished/);
  });

  test('no [DONE] but a finish_reason came: a normal finish, usage included', async () => {
    const events = await run(sse([chunk({ content: 'done' }), chunk({}, { finish_reason: 'length' }), { id: 'c1', choices: [], usage: USAGE }], false));
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'length' });
    assert.ok(events.some((e) => e.type === 'usage'));
  });

  test('[DONE] ends the stream even when the server keeps the connection open', async () => {
    const { fetch } = scriptedFetch({ body: sse([chunk({ content: 'a' }), chunk({}, { finish_reason: 'stop' })]) + 'data: {"ignored":true}\n\n', stall: true });
    const { client } = testClient(fetch, { timeouts: { firstByteMs: 5000, idleMs: 5000 } });
    const started = performance.now();
    const events = await allEvents(client.streamChat(CHAT));
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
  });

  test('an event cut off by the end of the body is not parsed as half a JSON object', async () => {
    const body = sse([chunk({ content: 'a' })], false) + 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"b';
    const end = terminalOf(await run(body));
    assert.equal(end.type === 'error' && end.error.kind, 'network');
  });

  test('SSE comments (keep-alives) are ignored', async () => {
    const body = `: ping\n\n${sse([chunk({ content: 'a' }), chunk({}, { finish_reason: 'stop' })])}`;
    const events = await run(body, 1);
    assert.equal(textOf(events), 'a');
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
  });
});

describe('streamChat: the request', () => {
  test('POST {baseUrl}/chat/completions with stream, include_usage, the key as bearer, and only the fields set', async () => {
    const { fetch, calls } = scriptedFetch({ body: readRecording('01') });
    const { client } = testClient(fetch, { baseUrl: 'https://api.x.ai/v1///', userAgent: 'grok-vscode/0.1.0' });
    await allEvents(
      client.streamChat({
        model: 'grok-4.3',
        messages: [{ role: 'user', content: 'hi' }],
        maxCompletionTokens: 100,
        reasoningEffort: 'low',
        topP: 0.9,
        toolChoice: 'auto',
        parallelToolCalls: false,
        responseFormat: { type: 'json_object' },
        tools: [{ type: 'function', function: { name: 'f' } }],
      }),
    );
    assert.equal(calls.length, 1);
    const call = calls[0];
    assert.equal(call.url, 'https://api.x.ai/v1/chat/completions');
    assert.equal(call.method, 'POST');
    assert.equal(call.headers.authorization, `Bearer ${KEY}`);
    assert.equal(call.headers['content-type'], 'application/json');
    assert.equal(call.headers.accept, 'text/event-stream');
    assert.equal(call.headers['user-agent'], 'grok-vscode/0.1.0');
    assert.deepEqual(call.body, {
      model: 'grok-4.3',
      messages: [{ role: 'user', content: 'hi' }],
      max_completion_tokens: 100,
      top_p: 0.9,
      reasoning_effort: 'low',
      tools: [{ type: 'function', function: { name: 'f' } }],
      tool_choice: 'auto',
      parallel_tool_calls: false,
      response_format: { type: 'json_object' },
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  test('a minimal request sends no optional parameter at all', async () => {
    const { fetch, calls } = scriptedFetch({ body: readRecording('01') });
    const { client } = testClient(fetch);
    await allEvents(client.streamChat(CHAT));
    assert.deepEqual(Object.keys(calls[0].body as object).sort(), ['messages', 'model', 'stream', 'stream_options']);
  });

  test('a missing key is a badKey error saying no key is set, and nothing is sent', async () => {
    const { fetch, calls } = scriptedFetch({ body: readRecording('01') });
    for (const key of [undefined, '', '   ']) {
      const { client } = testClient(fetch, { apiKey: async () => key });
      const events = await allEvents(client.streamChat(CHAT));
      assert.equal(events.length, 1);
      const end = terminalOf(events);
      assert.equal(end.type === 'error' && end.error.kind, 'badKey');
      assert.match(end.type === 'error' ? end.error.message : '', /no xai api key is set/i);
    }
    assert.equal(calls.length, 0);
  });

  test('the key is resolved for every request', async () => {
    const { fetch, calls } = scriptedFetch({ body: readRecording('01') });
    let n = 0;
    const { client } = testClient(fetch, { apiKey: async () => `xai-key-number-${++n}` });
    await allEvents(client.streamChat(CHAT));
    await allEvents(client.streamChat(CHAT));
    assert.deepEqual(calls.map((c) => c.headers.authorization), ['Bearer xai-key-number-1', 'Bearer xai-key-number-2']);
  });

  test('a server that ignores stream:true and answers one JSON body still yields the usual events', async () => {
    const { fetch } = scriptedFetch({ body: readRecording('10'), headers: { 'content-type': 'application/json' } });
    const { client } = testClient(fetch);
    const events = await allEvents(client.streamChat(CHAT));
    assert.equal(events[0].type, 'start');
    assert.deepEqual(
      events.filter((e) => e.type === 'toolCall').map((e) => e.type === 'toolCall' && e.call.function.name),
      ['weather', 'best_language_to_learn'],
    );
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'tool_calls' });
  });

  test('a 200 HTML page instead of a stream is "malformed", not raw HTML', async () => {
    const { fetch } = scriptedFetch({ body: '<html><body>Captive portal</body></html>', headers: { 'content-type': 'text/html' } });
    const { client } = testClient(fetch);
    const end = terminalOf(await allEvents(client.streamChat(CHAT)));
    assert.equal(end.type === 'error' && end.error.kind, 'malformed');
    assert.doesNotMatch(end.type === 'error' ? end.error.message : '', /<html>/);
  });
});
