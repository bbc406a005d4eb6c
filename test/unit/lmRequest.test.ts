// The language model provider's requests against the loopback fake xAI server: the Responses API with
// a stable cache key, tool calls out, the chat-completions fallback where /responses is missing,
// readable errors, and cancellation before the first byte, mid-stream and after the end.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeXai } from '../fake-xai/server';
import type { LmRequest } from '../../src/lm/lmRequest';
import { startFakeXai, xaiError } from '../fake-xai/server';
import { readRecording } from '../fake-xai/recorded';
import { XaiClient } from '../../src/xai/client';
import { ApiMemory, LmRequestError, runLmRequest } from '../../src/lm/lmRequest';

let fake: FakeXai;

before(async () => {
  fake = await startFakeXai();
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

function client(): XaiClient {
  return new XaiClient({ baseUrl: fake.url, apiKey: async () => 'xai-lm-test', retry: { maxRetries: 0 } });
}

function request(overrides: Partial<LmRequest> = {}): LmRequest {
  return {
    model: 'grok-4.3',
    messages: [{ role: 'user', content: 'Say hello.' }],
    tools: [],
    toolMode: 'auto',
    promptCacheKey: 'vscode-lm-0123',
    ...overrides,
  };
}

function recorder() {
  const seen = { text: '', calls: [] as Array<{ callId: string; name: string; input: object }> };
  return { seen, sink: { text: (d: string) => (seen.text += d), toolCall: (callId: string, name: string, input: object) => seen.calls.push({ callId, name, input }) } };
}

/** The output text a recorded Responses stream carries. */
function recordedText(ref: string): string {
  return readRecording(ref)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as { type?: string; delta?: string })
    .filter((e) => e.type === 'response.output_text.delta')
    .map((e) => e.delta)
    .join('');
}

const WEATHER = {
  name: 'weather',
  description: 'Gets current weather for a location',
  inputSchema: { type: 'object', properties: { latitude: { type: 'string' }, longitude: { type: 'string' } }, required: ['latitude', 'longitude'] },
};

test('a request goes to /responses unstored with the cache key and streams the recorded text, with the billed usage', async () => {
  const { seen, sink } = recorder();
  const outcome = await runLmRequest(client(), request({ maxOutputTokens: 500 }), sink, new AbortController().signal, new ApiMemory());
  assert.equal(outcome.api, 'responses');
  assert.equal(outcome.cancelled, false);
  assert.equal(seen.text, recordedText('21'));
  assert.ok(seen.text.length > 0);
  assert.equal(outcome.usage?.costInUsdTicks, 5143500);
  const sent = fake.requests[0];
  assert.equal(sent.route, 'POST /v1/responses');
  const body = sent.json as Record<string, unknown>;
  assert.equal(body.store, false);
  assert.equal(body.stream, true);
  assert.equal(body.prompt_cache_key, 'vscode-lm-0123');
  assert.equal(body.max_output_tokens, 500);
  assert.deepEqual(body.input, [{ role: 'user', content: 'Say hello.' }]);
  assert.equal(body.tools, undefined, 'no tools are sent when the caller gave none');
});

test('a function call in the stream comes out as one tool call with parsed input; the tools went out flat', async () => {
  fake.enqueue('POST /v1/responses', { recorded: '34' });
  const { seen, sink } = recorder();
  await runLmRequest(client(), request({ tools: [WEATHER], toolMode: 'required' }), sink, new AbortController().signal, new ApiMemory());
  assert.deepEqual(seen.calls, [{ callId: 'call-5386e269-cd64-432e-aa64-5c80dd4e0286-0', name: 'weather', input: { latitude: '52.5200', longitude: '13.4050' } }]);
  const body = fake.requests[0].json as { tools: unknown[]; tool_choice: unknown };
  assert.deepEqual(body.tools, [{ type: 'function', name: 'weather', description: WEATHER.description, parameters: WEATHER.inputSchema }]);
  assert.equal(body.tool_choice, 'required');
});

test('the tool result goes back as a function_call_output for the same call id', async () => {
  const { sink } = recorder();
  const messages: LmRequest['messages'] = [
    { role: 'user', content: 'Weather in Berlin?' },
    { role: 'assistant', content: '', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'weather', arguments: '{"latitude":"52.52"}' } }] },
    { role: 'tool', tool_call_id: 'call_9', content: '15 °C' },
  ];
  await runLmRequest(client(), request({ messages, tools: [WEATHER] }), sink, new AbortController().signal, new ApiMemory());
  const input = (fake.requests[0].json as { input: unknown[] }).input;
  assert.deepEqual(input.slice(1), [
    { type: 'function_call', call_id: 'call_9', name: 'weather', arguments: '{"latitude":"52.52"}' },
    { type: 'function_call_output', call_id: 'call_9', output: '15 °C' },
  ]);
});

for (const status of [404, 405]) {
  test(`a server answering ${status} for /responses is asked through chat completions, and only that way afterwards`, async () => {
    fake.enqueue('POST /v1/responses', xaiError(status, 'not-found', 'no such route'));
    const apis = new ApiMemory();
    const first = recorder();
    const outcome = await runLmRequest(client(), request(), first.sink, new AbortController().signal, apis);
    assert.equal(outcome.api, 'chat');
    assert.ok(first.seen.text.length > 0);
    const second = recorder();
    await runLmRequest(client(), request(), second.sink, new AbortController().signal, apis);
    assert.deepEqual(
      fake.requests.map((r) => r.route),
      ['POST /v1/responses', 'POST /v1/chat/completions', 'POST /v1/chat/completions'],
    );
    assert.equal(second.seen.text, first.seen.text);
    // The Responses API's cache key and the fallback's x-grok-conv-id name the same conversation.
    const key = (fake.requests[0].json as { prompt_cache_key?: string }).prompt_cache_key;
    assert.ok(key);
    assert.deepEqual([fake.requests[1].headers['x-grok-conv-id'], fake.requests[2].headers['x-grok-conv-id']], [key, key]);
    // Another extension host (a fresh memory) tries the Responses API again.
    await runLmRequest(client(), request(), recorder().sink, new AbortController().signal, new ApiMemory());
    assert.equal(fake.requests[3].route, 'POST /v1/responses');
  });
}

test('a retired model (404 on both APIs) is a readable model error, and the server is not marked as lacking /responses', async () => {
  const retired = xaiError(404, 'Some requested entity was not found', 'The model grok-beta was deprecated on 2025-09-15 and is no longer accessible via the API.');
  fake.enqueue('POST /v1/responses', retired, retired);
  fake.enqueue('POST /v1/chat/completions', retired, retired);
  const apis = new ApiMemory();
  await assert.rejects(runLmRequest(client(), request({ model: 'grok-beta' }), recorder().sink, new AbortController().signal, apis), (e: unknown) => {
    assert.ok(e instanceof LmRequestError);
    assert.equal(e.kind, 'modelNotFound');
    assert.match(e.message, /grok-beta/);
    assert.doesNotMatch(e.message, /[{}]/, 'no raw JSON');
    return true;
  });
  await assert.rejects(runLmRequest(client(), request({ model: 'grok-beta' }), recorder().sink, new AbortController().signal, apis), LmRequestError);
  assert.deepEqual(
    fake.requests.map((r) => r.route),
    ['POST /v1/responses', 'POST /v1/chat/completions', 'POST /v1/responses', 'POST /v1/chat/completions'],
  );
});

test('a refused key, an account out of credits and no key at all are errors a user can act on', async () => {
  fake.setInvalidKeys(['xai-lm-test']);
  await assert.rejects(runLmRequest(client(), request(), recorder().sink, new AbortController().signal, new ApiMemory()), (e: unknown) => {
    assert.ok(e instanceof LmRequestError);
    assert.equal(e.kind, 'badKey');
    assert.doesNotMatch(e.message, /[{}]/);
    return true;
  });
  fake.reset();
  fake.enqueue(
    'POST /v1/responses',
    xaiError(403, 'permission-denied', 'Your team abc has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit.'),
  );
  await assert.rejects(runLmRequest(client(), request(), recorder().sink, new AbortController().signal, new ApiMemory()), (e: unknown) => e instanceof LmRequestError && e.kind === 'outOfCredits');
  const keyless = new XaiClient({ baseUrl: fake.url, apiKey: async () => undefined, retry: { maxRetries: 0 } });
  await assert.rejects(runLmRequest(keyless, request(), recorder().sink, new AbortController().signal, new ApiMemory()), (e: unknown) => {
    assert.ok(e instanceof LmRequestError);
    assert.equal(e.kind, 'badKey');
    assert.match(e.message, /No xAI API key/);
    return true;
  });
});

test('tool arguments that are not JSON are refused with the tool named', async () => {
  fake.enqueue('POST /v1/responses', {
    frames: [
      { event: 'response.created', data: JSON.stringify({ type: 'response.created', response: { id: 'r1', model: 'grok-4.3' } }) },
      {
        event: 'response.output_item.done',
        data: JSON.stringify({ type: 'response.output_item.done', item: { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{"latitude": 52.5', status: 'completed' } }),
      },
      { event: 'response.completed', data: JSON.stringify({ type: 'response.completed', response: { id: 'r1', status: 'completed', output: [] } }) },
    ],
    done: false,
  });
  await assert.rejects(runLmRequest(client(), request({ tools: [WEATHER] }), recorder().sink, new AbortController().signal, new ApiMemory()), /"weather" with arguments that are not JSON/);
});

test('cancelled before the first byte: settles at once as cancelled and the server sees the close', async () => {
  fake.enqueue('POST /v1/responses', { recorded: '21', headersDelayMs: 10_000 });
  const abort = new AbortController();
  const running = runLmRequest(client(), request(), recorder().sink, abort.signal, new ApiMemory());
  await fake.waitForRequest(1);
  abort.abort();
  const outcome = await running;
  assert.equal(outcome.cancelled, true);
  assert.equal((await fake.waitForClientClose(2000)).closedByClient, true);
});

test('cancelled mid-stream: the text so far stays reported, the request settles as cancelled, the socket closes', async () => {
  // Recording 21's first text delta is its 23rd event; the stall comes after the second one.
  fake.enqueue('POST /v1/responses', { recorded: '21', stall: { afterEvents: 24 } });
  const abort = new AbortController();
  const { seen, sink } = recorder();
  const running = runLmRequest(client(), request(), { text: (d) => { sink.text(d); abort.abort(); }, toolCall: sink.toolCall }, abort.signal, new ApiMemory());
  const outcome = await running;
  assert.equal(outcome.cancelled, true);
  assert.ok(seen.text.length > 0);
  assert.ok(recordedText('21').startsWith(seen.text));
  const closed = await fake.waitForClientClose(2000);
  assert.equal(closed.closedByClient, true);
  assert.ok(closed.chunksSent < 34, 'the close came before the recorded stream ended');
});

test('cancelled after the end: nothing changes, and no connection is left open', async () => {
  const abort = new AbortController();
  const { seen, sink } = recorder();
  const outcome = await runLmRequest(client(), request(), sink, abort.signal, new ApiMemory());
  abort.abort();
  assert.equal(outcome.cancelled, false);
  assert.equal(seen.text, recordedText('21'));
  assert.equal(fake.requests[0].closedByClient, false);
});
