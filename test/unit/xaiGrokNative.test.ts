// The Grok-native client over a real loopback socket to the fake server's scenarios: server tools with citations
// and cost, the Responses request body (raw items byte for byte, cache key, store off), the fallback signal of a
// server without /responses, image generation in both answer forms, and the errors the host acts on.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FAKE_IMAGE_PNG, IMAGE_COST_TICKS, inputExtends, rawJsonValue, startFakeXai, type FakeXai, type ScenarioName } from '../fake-xai/server';
import type { ChatMessage, RawResponsesItem, ResponsesRequest, StreamEvent } from '../../src/xai/types';
import { XaiClient } from '../../src/xai/client';
import { collectStream } from '../../src/xai/collect';
import { XaiError } from '../../src/xai/errors';
import { responsesBody } from '../../src/xai/requestBody';
import { allEvents, KEY, terminalOf } from './xaiTestUtil';

const TOOLS = [{ type: 'web_search' }, { type: 'x_search' }, { type: 'code_interpreter' }];

/** A client on the fake's loopback URL; its fetch refuses anything but 127.0.0.1. */
function clientFor(fake: FakeXai): XaiClient {
  const guarded = ((input: string | URL | Request, init?: RequestInit) => {
    if (!String(input).startsWith('http://127.0.0.1:')) throw new Error(`tests talk only to 127.0.0.1, not ${String(input)}`);
    return fetch(input, init);
  }) as typeof fetch;
  return new XaiClient({ baseUrl: fake.url, apiKey: async () => KEY, fetch: guarded, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
}

async function withScenario<T>(scenario: ScenarioName, body: (fake: FakeXai, client: XaiClient) => Promise<T>): Promise<T> {
  const fake = await startFakeXai({ scenario });
  try {
    return await body(fake, clientFor(fake));
  } finally {
    await fake.close();
  }
}

describe('the Responses request body', () => {
  test('raw items go out byte for byte, chat turns are translated, prompt_cache_key/include/store sent, reasoning only when set', () => {
    // A previous answer's items as the server sent them: field order, nesting, unicode and numbers as they came.
    const reasoning: RawResponsesItem = JSON.parse(
      '{"id":"rs_1","summary":[{"text":"Thinking \\u00e9 \\"q\\"","type":"summary_text"}],"type":"reasoning","status":"completed","encrypted_content":"QUJD+/=="}',
    ) as RawResponsesItem;
    const search: RawResponsesItem = { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q', sources: [{ type: 'url', url: 'https://a/' }] } };
    const message: RawResponsesItem = { content: [{ type: 'output_text', text: 'Hi [[1]](https://a/)', logprobs: [], annotations: [{ type: 'url_citation', url: 'https://a/', start_index: 3, end_index: 20, title: '1' }] }], id: 'msg_1', role: 'assistant', type: 'message', status: 'completed' };
    const before = [reasoning, search, message].map((item) => JSON.stringify(item));
    const turn: ChatMessage = { role: 'user', content: 'And now?' };
    const request: ResponsesRequest = {
      model: 'grok-4.3',
      input: [{ role: 'user', content: 'First' }, reasoning, search, message, turn],
      store: false,
      promptCacheKey: 'conv-123',
      include: ['reasoning.encrypted_content'],
    };
    const body = responsesBody(request, true);
    const text = JSON.stringify(body);
    // Each raw item appears in the body exactly as it serialises on its own, in order.
    const input = rawJsonValue(text, 'input');
    assert.equal(input, `[{"role":"user","content":"First"},${before.join(',')},{"role":"user","content":"And now?"}]`);
    assert.deepEqual([reasoning, search, message].map((item) => JSON.stringify(item)), before, 'the items themselves are not touched');
    assert.equal(body.prompt_cache_key, 'conv-123');
    assert.deepEqual(body.include, ['reasoning.encrypted_content']);
    assert.equal(body.store, false);
    assert.equal('reasoning' in body, false, 'no effort asked: nothing sent');
    assert.deepEqual(responsesBody({ ...request, reasoningEffort: 'high' }, false).reasoning, { effort: 'high' });
    assert.equal('stream' in responsesBody(request, false), false);
  });

  test('two turns through the client: the second input extends the first byte for byte, and the fake counts the shared prefix as cached', async () => {
    await withScenario('server-tools', async (fake, client) => {
      const first: Array<ChatMessage | RawResponsesItem> = [{ role: 'user', content: 'What is new in Ruby?' }];
      const base = { model: 'grok-4.3', store: false, promptCacheKey: 'conv-1', include: ['reasoning.encrypted_content'], tools: TOOLS };
      const one = await collectStream(client.streamResponses({ ...base, input: first }));
      assert.equal(one.error, undefined);
      assert.ok(one.outputItems && one.outputItems.length === 5, `reasoning, 3 tool calls, message: ${one.outputItems?.map((i) => i.type).join()}`);
      const second = [...first, ...(one.outputItems ?? []), { role: 'user' as const, content: 'And in Python?' }];
      const two = await collectStream(client.streamResponses({ ...base, input: second }));
      assert.equal(two.error, undefined);
      const [r1, r2] = fake.requests;
      assert.ok(inputExtends(r1, r2), 'request 2 input starts with request 1 input');
      assert.equal(JSON.parse(r2.body).prompt_cache_key, 'conv-1');
      assert.equal(one.usage?.cachedPromptTokens, 0);
      assert.ok((two.usage?.cachedPromptTokens ?? 0) > 0, 'the shared prefix is reported cached');
      // A rewritten earlier turn breaks the prefix: the helper notices.
      const rewritten = [{ role: 'user' as const, content: 'What is new in Ruby? ' }, ...second.slice(1)];
      await collectStream(client.streamResponses({ ...base, input: rewritten }));
      assert.equal(inputExtends(r2, fake.requests[2]), false);
    });
  });
});

describe('server tools through the fake (scenario server-tools)', () => {
  test('web search, X search and code execution: live cards by id, citations with their titles, cost and per-tool counts', async () => {
    await withScenario('server-tools', async (_fake, client) => {
      const events = await allEvents(client.streamResponses({ model: 'grok-4.3', input: 'What is new?', tools: TOOLS, store: false }));
      assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
      const tools = events.filter((e): e is Extract<StreamEvent, { type: 'serverTool' }> => e.type === 'serverTool');
      // Every event of one call has the same id; the query / code arrives before "completed".
      const byId = new Map<string, string[]>();
      for (const e of tools) byId.set(e.id ?? '', [...(byId.get(e.id ?? '') ?? []), `${e.tool}:${e.status}:${e.detail ?? ''}:${e.code ?? ''}:${e.output ?? ''}`]);
      assert.equal(byId.size, 3);
      const result = await collectStream((async function* () { yield* events; })());
      assert.deepEqual(
        result.serverTools?.map((t) => [t.tool, t.status, t.detail, t.code, t.output, t.name]),
        [
          ['web_search', 'completed', 'What is new?', undefined, undefined, undefined],
          ['x_search', 'completed', 'What is new?', undefined, undefined, 'x_keyword_search'],
          ['code_execution', 'completed', undefined, 'print(sum(range(1, 11)))', '55\n', 'code_execution'],
        ],
      );
      const xEvents = tools.filter((e) => e.tool === 'x_search');
      assert.deepEqual(xEvents.map((e) => [e.status, e.detail]), [['in_progress', undefined], ['in_progress', 'What is new?'], ['completed', 'What is new?']]);
      assert.deepEqual(result.citations.map((c) => [c.url, c.title]), [
        ['https://example.com/grok/answer-1', '1'],
        ['https://example.com/grok/answer-2', '2'],
        ['https://x.com/xai/status/1000000000000000001', '3'],
        ['https://x.com/xai/status/1000000000000000002', '4'],
      ]);
      assert.match(result.text, /^Here is what I found about What is new\?\. The code printed 55\. Sources: \[\[1\]\]\(https:\/\/example\.com\/grok\/answer-1\)/);
      assert.ok(result.usage?.costInUsdTicks && result.usage.costInUsdTicks > 150_000_000, 'three tool calls at $5 per 1000 are in the cost');
      assert.deepEqual(result.usage?.serverToolCalls, { web_search: 1, x_search: 1, code_execution: 1 });
      assert.equal(result.usage?.serverSideToolsUsed, 3);
      assert.equal(result.reasoning, 'The user asked: "What is new?"\n');
      assert.deepEqual(result.outputItems?.map((i) => i.type), ['reasoning', 'web_search_call', 'custom_tool_call', 'code_interpreter_call', 'message']);
      assert.equal(typeof result.outputItems?.[0].encrypted_content, 'string');
    });
  });

  test('non-streamed, the same answer comes as one response object; without tools there is no tool call', async () => {
    await withScenario('server-tools', async (_fake, client) => {
      const result = await client.responses({ model: 'grok-4.3', input: 'Hi', tools: [{ type: 'web_search' }] });
      assert.deepEqual(result.serverTools?.map((t) => t.tool), ['web_search']);
      assert.equal(result.citations.length, 2);
      const plain = await collectStream(client.streamResponses({ model: 'grok-4.3', input: 'Hi' }));
      assert.equal(plain.serverTools, undefined);
      assert.deepEqual(plain.citations, []);
      assert.equal(plain.usage?.serverToolCalls, undefined);
    });
  });

  test('recorded scenarios: web search (33), X search (30), code execution, function call (34)', async () => {
    const cases: Array<[ScenarioName, string[]]> = [
      ['responses-web-search', ['web_search']],
      ['responses-x-search', ['x_search', 'x_search', 'web_search', 'web_search', 'web_search', 'web_search']],
      ['responses-code-execution', ['code_execution']],
    ];
    for (const [scenario, toolsSeen] of cases) {
      await withScenario(scenario, async (_fake, client) => {
        const streamed = await collectStream(client.streamResponses({ model: 'grok-4.3', input: 'x' }));
        assert.equal(streamed.error, undefined, scenario);
        assert.deepEqual(streamed.serverTools?.map((t) => t.tool), toolsSeen, scenario);
        const whole = await client.responses({ model: 'grok-4.3', input: 'x' });
        assert.ok(whole.serverTools?.length, `${scenario} non-streamed`);
      });
    }
    await withScenario('responses-function-call', async (_fake, client) => {
      const streamed = await collectStream(client.streamResponses({ model: 'grok-4.3', input: 'x' }));
      assert.equal(streamed.finishReason, 'tool_calls');
      assert.equal(streamed.toolCalls[0].function.name, 'weather');
      const whole = await client.responses({ model: 'grok-4.3', input: 'x' });
      assert.equal(whole.toolCalls[0].function.arguments, '{"latitude":"52.5200","longitude":"13.4050"}');
    });
  });
});

describe('errors the host acts on, from the fake', () => {
  test('a server without /responses: one error with routeMissing, before any answer event; chat still answers', async () => {
    await withScenario('no-responses-api', async (fake, client) => {
      const events = await allEvents(client.streamResponses({ model: 'grok-4.3', input: 'x' }));
      assert.equal(events.length, 1);
      const end = terminalOf(events);
      assert.ok(end.type === 'error');
      assert.equal(end.error.kind, 'badRequest');
      assert.equal(end.error.routeMissing, true);
      assert.match(end.error.message, /^127\.0\.0\.1 has no \/responses endpoint/);
      // The fallback keeps the conversation on one cache server: Chat Completions' x-grok-conv-id header.
      const chat = await collectStream(client.streamChat({ model: 'grok-4.3', messages: [{ role: 'user', content: 'x' }], conversationId: 'conv-7' }));
      assert.equal(chat.text, '1, 2, 3.');
      const sent = fake.requests.filter((r) => r.route === 'POST /v1/chat/completions');
      assert.equal(sent.at(-1)?.headers['x-grok-conv-id'], 'conv-7');
      assert.equal(JSON.stringify(sent.at(-1)?.json).includes('conv-7'), false, 'a header, not a body field');
      await collectStream(client.streamChat({ model: 'grok-4.3', messages: [{ role: 'user', content: 'x' }] }));
      assert.equal(fake.requests.at(-1)?.headers['x-grok-conv-id'], undefined, 'no conversation, no header');
    });
  });

  test('retired model, refused parameter (only when asked for), out of credits', async () => {
    await withScenario('retired-model', async (_fake, client) => {
      const end = terminalOf(await allEvents(client.streamResponses({ model: 'grok-beta', input: 'x' })));
      assert.ok(end.type === 'error' && end.error.kind === 'modelNotFound');
      assert.match(end.error.message, /^The model "grok-beta" has been retired/);
    });
    await withScenario('unsupported-parameter', async (_fake, client) => {
      const refused = terminalOf(await allEvents(client.streamResponses({ model: 'grok-code-fast-1', input: 'x', reasoningEffort: 'low' })));
      assert.ok(refused.type === 'error' && refused.error.unsupportedParameter === 'reasoning_effort');
      const fine = await collectStream(client.streamResponses({ model: 'grok-code-fast-1', input: 'x' }));
      assert.equal(fine.error, undefined);
      const chatRefused = await client.chat({ model: 'grok-code-fast-1', messages: [{ role: 'user', content: 'x' }], reasoningEffort: 'low' }).catch((e: unknown) => e);
      assert.ok(chatRefused instanceof XaiError && chatRefused.info.unsupportedParameter === 'reasoning_effort');
    });
    await withScenario('out-of-credits', async (_fake, client) => {
      const end = terminalOf(await allEvents(client.streamResponses({ model: 'grok-4.3', input: 'x' })));
      assert.ok(end.type === 'error' && end.error.kind === 'outOfCredits' && end.error.status === 403);
      const image = await client.generateImages({ model: 'grok-imagine-image', prompt: 'cat' }).catch((e: unknown) => e);
      assert.ok(image instanceof XaiError && image.kind === 'outOfCredits');
    });
  });
});

describe('image generation', () => {
  let fake: FakeXai;
  before(async () => {
    fake = await startFakeXai();
  });
  beforeEach(() => fake.reset());
  after(() => fake.close());

  test('asks for b64_json and returns the bytes, their type and the cost', async () => {
    const result = await clientFor(fake).generateImages({ model: 'grok-imagine-image', prompt: 'a siamese cat', n: 2, aspectRatio: '16:9', resolution: '2k' });
    assert.equal(result.images.length, 2);
    for (const image of result.images) {
      assert.equal(image.mimeType, 'image/png');
      assert.ok(Buffer.from(image.base64, 'base64').equals(FAKE_IMAGE_PNG));
    }
    assert.equal(result.costInUsdTicks, 2 * IMAGE_COST_TICKS);
    assert.deepEqual(fake.requests[0].json, { model: 'grok-imagine-image', prompt: 'a siamese cat', response_format: 'b64_json', n: 2, aspect_ratio: '16:9', resolution: '2k' });
    assert.equal(fake.requests.length, 1);
  });

  test('a temporary URL (like recording 47) is fetched once from the loopback server, without the key', async () => {
    const reply = await startFakeXai({ scenario: 'images-url' });
    try {
      const result = await clientFor(reply).generateImages({ model: 'grok-imagine-image', prompt: 'cat' });
      assert.equal(result.images.length, 1);
      assert.ok(Buffer.from(result.images[0].base64, 'base64').equals(FAKE_IMAGE_PNG));
      assert.equal(result.images[0].mimeType, 'image/png');
      assert.equal(result.costInUsdTicks, IMAGE_COST_TICKS);
      assert.deepEqual(reply.requests.map((r) => r.route), ['POST /v1/images/generations', 'GET /imgen/fake-0-0.png']);
      assert.equal(reply.requests[1].headers.authorization, undefined, 'the key never goes to the image host');
    } finally {
      await reply.close();
    }
  });

  test('an image URL that is neither https nor the API origin is refused without a request', async () => {
    fake.enqueue('POST /v1/images/generations', { json: { data: [{ url: 'http://198.51.100.7/x.png', mime_type: 'image/png' }] } });
    const error = await clientFor(fake).generateImages({ model: 'grok-imagine-image', prompt: 'cat' }).catch((e: unknown) => e);
    assert.ok(error instanceof XaiError && error.kind === 'malformed');
    assert.match(error.message, /an image URL that is not https/);
    assert.equal(fake.requests.length, 1);
  });

  test('an answer without images, and a missing prompt, are clear errors', async () => {
    fake.enqueue('POST /v1/images/generations', { json: { data: [] } });
    const empty = await clientFor(fake).generateImages({ model: 'grok-imagine-image', prompt: 'cat' }).catch((e: unknown) => e);
    assert.ok(empty instanceof XaiError && empty.kind === 'malformed');
    const noPrompt = await clientFor(fake).generateImages({ model: 'grok-imagine-image', prompt: '' }).catch((e: unknown) => e);
    assert.ok(noPrompt instanceof XaiError && noPrompt.kind === 'badRequest');
  });
});
