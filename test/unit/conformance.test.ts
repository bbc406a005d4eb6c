// Conformance: EVERY recording in ../shared/xai-recorded replayed through the client, checked against
// values read from the recordings by hand. Streams go through streamChat / streamResponses split at
// random byte boundaries (several seeds, via an injected fetch, and once over a socket through the fake
// server); JSON bodies through chat / responses / listModels; error bodies with their recorded status.
// A recording without an expectation here fails the run, and a missing folder throws: never a skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { listRecordings, readRecordedHeaders, readRecording, recordedDir } from '../fake-xai/recorded';
import { startFakeXai } from '../fake-xai/server';
import type { FakeXai } from '../fake-xai/server';
import type { ChatResult, StreamEvent, ToolCall, Usage, XaiErrorKind } from '../../src/xai/types';
import { XaiClient } from '../../src/xai/client';
import { collectStream } from '../../src/xai/collect';
import { costUsd } from '../../src/xai/cost';
import { XaiError } from '../../src/xai/errors';
import { KEY, randomChunks, streamOf, terminalOf } from './xaiTestUtil';

type Via = 'streamChat' | 'streamResponses' | 'chat' | 'responses' | 'listModels';

interface LongText {
  length: number;
  prefix: string;
  suffix: string;
  sha256: string;
}

interface Expected {
  via: Via;
  id?: string;
  model?: string;
  text?: string | LongText;
  reasoning?: string | LongText;
  toolCalls?: ToolCall[];
  citations?: ChatResult['citations'];
  usage?: Usage;
  finishReason?: string;
  errorKind?: XaiErrorKind;
  errorMessage?: RegExp;
  modelIds?: string[];
}

const FAST = 'grok-4-1-fast-non-reasoning';
const BERLIN = '{"latitude":"52.5200","longitude":"13.4050"}';

function usage(p: number, cached: number, completion: number, reasoning: number, total: number, ticks: number, extra: Partial<Usage> = {}): Usage {
  return { promptTokens: p, cachedPromptTokens: cached, completionTokens: completion, reasoningTokens: reasoning, imageTokens: 0, totalTokens: total, numSourcesUsed: 0, costInUsdTicks: ticks, ...extra };
}

function call(id: string, name: string, args: string): ToolCall {
  return { id, type: 'function', function: { name, arguments: args } };
}

/** Keyed by the two-digit number of the recording. */
const EXPECTED: Record<string, Expected> = {
  '01': { via: 'streamChat', id: '032808ba-40af-951d-b012-89e66b318430', model: FAST, text: '1, 2, 3.', reasoning: '', usage: usage(175, 174, 8, 0, 183, 129000), finishReason: 'stop' },
  '02': { via: 'chat', id: '922e4418-15f8-9773-920d-89852f1cd8b2', model: FAST, text: '1, 2, 3.', reasoning: '', usage: usage(175, 174, 8, 0, 183, 129000), finishReason: 'stop' },
  '03': { via: 'streamChat', id: 'acb0c697-ec75-92a1-373f-311a43233605', model: 'grok-2-1212', text: 'Here is the count from 1 to 3:\n\n1\n2\n3', usage: usage(13, 0, 16, 0, 29, 1860000), finishReason: 'stop' },
  '04': { via: 'streamChat', id: '3a946c8f-98f8-9c0e-85e9-a4bdcd618381', model: 'grok-4.3', reasoning: 'The user said: "Count from 1 to 3"\n', text: '1, 2, 3', usage: usage(137, 128, 7, 126, 270, 3693500), finishReason: 'stop' },
  '05': {
    via: 'streamChat',
    id: 'ac61fdea-63e6-9e2a-b0aa-39fad7153c2d',
    model: 'grok-3-mini-high',
    reasoning: {
      length: 6821,
      prefix: 'First, the magic mirror shows your future self only if you ask a question it cannot answer truthfully.',
      suffix: "was one it couldn't answer truthfully.\n\nTo phrase it neatly.",
      sha256: '9bc3e3fd697df875',
    },
    text: {
      length: 1216,
      prefix: 'To see your future self in the magic mirror, you should ask the following question:',
      suffix: 'confirming the paradoxical nature of the query.',
      sha256: '6fdbe5befa67ea48',
    },
    usage: usage(50, 49, 248, 1462, 1760, 8589750),
    finishReason: 'stop',
  },
  '06': {
    via: 'chat',
    id: '4f765525-7e73-92b1-b84a-1ca8fadcfc0e',
    model: 'grok-3-mini-high',
    text: "5 + 3 equals 8. That's a simple one! 😊",
    reasoning: {
      length: 560,
      prefix: 'First, the user asked, "What is 5 + 3?" That\'s a simple arithmetic question.',
      suffix: 'Finally, end with the answer clearly stated.',
      sha256: '5a1db8313e828107',
    },
    usage: usage(15, 5, 15, 131, 161, 763750),
    finishReason: 'stop',
  },
  '07': { via: 'streamChat', id: 'cee52d75-d77d-9c16-b4e9-29093d6ae4a0', model: FAST, text: '', toolCalls: [call('call_30773659', 'weather', BERLIN)], usage: usage(417, 416, 40, 0, 457, 410000), finishReason: 'tool_calls' },
  '08': { via: 'streamChat', id: '204f9801-51c5-98cc-95eb-f93402fe3bef', model: FAST, text: 'The current weather in Berlin (52.5200, 13.4050) is 15°C with winds at 10 km/h.', usage: usage(493, 492, 29, 0, 522, 393000), finishReason: 'stop' },
  '09': {
    via: 'streamChat',
    id: '9a67dc9c-167a-99e5-8bf1-0d77b18c24d8',
    model: 'grok-4.3',
    reasoning: 'The question is: "What\'s the weather in Berlin? (52.5200, 13.4050)"\n',
    text: '',
    toolCalls: [call('call-ab1beb4c-e1e7-42b9-8d72-e23168bb84c8-0', 'weather', BERLIN)],
    usage: usage(293, 256, 22, 106, 421, 4174500),
    finishReason: 'tool_calls',
  },
  '10': {
    via: 'chat',
    id: '8766f003-fe21-9740-8b2f-50ce4adf80ab',
    model: FAST,
    text: '',
    toolCalls: [call('call_65875748', 'weather', BERLIN), call('call_72756884', 'best_language_to_learn', '{}')],
    usage: usage(461, 158, 58, 0, 519, 975000),
    finishReason: 'tool_calls',
  },
  '11': {
    via: 'chat',
    id: '2b1648fe-1e25-9d75-91eb-a5c82729cb70',
    model: FAST,
    text: 'The current weather in Berlin (52.5200, 13.4050) is 15°C with winds at 10 km/h. The best language to learn is Ruby.',
    // cached_tokens 1020 > prompt_tokens 560: clamped.
    usage: usage(560, 560, 37, 0, 597, 695000),
    finishReason: 'stop',
  },
  '12': {
    via: 'chat',
    id: 'fc58525c-40a2-9f92-98a1-347a497a5afa',
    model: FAST,
    text: '',
    toolCalls: [call('call_89149941', 'dice_roll', '{}'), call('call_46956314', 'dice_roll', '{}'), call('call_40693221', 'dice_roll', '{}')],
    usage: usage(387, 159, 45, 0, 432, 760500),
    finishReason: 'tool_calls',
  },
  '13': {
    via: 'chat',
    id: '0a28cb9e-e6b0-9828-abb1-1f725fe4a9eb',
    model: 'grok-4.3',
    text: '',
    reasoning: 'The question is: "What\'s the weather in Berlin (52.5200, 13.4050) and what\'s the best language to learn?"\n',
    toolCalls: [
      call('call-8d42c1c4-e725-4592-b367-adc3f7ac24cb-0', 'weather', BERLIN),
      call('call-8d42c1c4-e725-4592-b367-adc3f7ac24cb-1', 'best_language_to_learn', '{}'),
    ],
    usage: usage(349, 128, 30, 211, 590, 9043500),
    finishReason: 'tool_calls',
  },
  '14': {
    via: 'chat',
    id: 'd0af883c-1e0a-91b8-8ed9-1ffa197b19bc',
    model: FAST,
    text: {
      length: 315,
      prefix: 'A vibrant, faceted red gemstone (like a ruby or diamond)',
      suffix: 'giving it a digital or game-asset look.',
      sha256: 'a5693169584bef3b',
    },
    usage: usage(433, 161, 71, 0, 504, 979500, { imageTokens: 256 }),
    finishReason: 'stop',
  },
  '15': { via: 'chat', id: 'f1cf38f1-62f5-96dc-a84c-5c31dcc731ea', model: FAST, text: '{"name":"John","age":30}', usage: usage(252, 169, 9, 0, 261, 295500), finishReason: 'stop' },
  '16': { via: 'chat', errorKind: 'badKey', errorMessage: /^The API key was refused by (xAI|127\.0\.0\.1) \(Incorrect API key provided: in\*\*\*ey\. You can obtain an API key from https:\/\/console\.x\.ai\.\)\.$/ },
  '17': { via: 'chat', errorKind: 'contextTooLong', errorMessage: /maximum prompt length is 131072 but the request contains 625077 tokens/ },
  '18': { via: 'responses', errorKind: 'badKey', errorMessage: /^The API key was refused by (xAI|127\.0\.0\.1) \(Incorrect API key provided\. You can obtain an API key from https:\/\/console\.x\.ai\.\)\.$/ },
  '19': {
    via: 'listModels',
    modelIds: ['grok-2-1212', 'grok-2-vision-1212', 'grok-3', 'grok-3-mini', 'grok-4-0709', 'grok-4-1-fast-non-reasoning', 'grok-4-1-fast-reasoning', 'grok-4-fast-non-reasoning', 'grok-4-fast-reasoning', 'grok-code-fast-1', 'grok-2-image-1212'],
  },
  '20': {
    via: 'responses',
    id: '7e8e81c2-66b0-9294-8b39-71182b7a662f',
    model: 'grok-4.3',
    text:
      '**The latest stable Ruby version is 4.0.6** (released July 14, 2026).[[1]](https://www.ruby-lang.org/en/downloads/)\n\n' +
      'This is confirmed directly on the official Ruby website\'s downloads page, which states: "The current stable version is 4.0.6." ' +
      'It is also listed as the most recent entry on the releases page, ahead of versions like 3.3.12 and 3.4.10.',
    reasoning: 'The question is: "Search the web: what is the latest stable Ruby version? Cite your source."\n',
    citations: [{ url: 'https://www.ruby-lang.org/en/downloads/', title: '1', startIndex: 69, endIndex: 115 }],
    // output_tokens 364 include 263 reasoning tokens.
    usage: usage(5913, 2048, 101, 263, 6277, 161508500, { serverSideToolsUsed: 2 }),
    finishReason: 'stop',
  },
  '21': {
    via: 'streamResponses',
    id: '006cb394-e479-972b-b41e-422dbefebb96',
    model: 'grok-4.3',
    reasoning: 'The user said: "Count from 1 to 3"\n',
    text: '1, 2, 3.',
    // output_tokens 160 = 152 reasoning + 8.
    usage: usage(199, 128, 8, 152, 359, 5143500, { serverSideToolsUsed: 0 }),
    finishReason: 'stop',
  },
};

const SEEDS = [1, 2, 3, 4, 5, 6];

function numberOf(name: string): string {
  return name.slice(0, 2);
}

/** The recorded status and headers, without the recorder's placeholders. */
function recordedResponse(name: string, body: ReadableStream<Uint8Array>): Response {
  const recorded = readRecordedHeaders(name);
  const headers = new Headers();
  for (const [header, values] of Object.entries(recorded.headers)) {
    if (['transfer-encoding', 'content-length', 'connection'].includes(header.toLowerCase())) continue;
    for (const value of values) if (!/^<[A-Z_]+>$/.test(value)) headers.append(header, value);
  }
  return new Response(body, { status: recorded.status.code, statusText: recorded.status.message, headers });
}

/** A fetch serving `name` split by `seed`; other paths (the /language-models probe) answer 404. */
function recordedFetch(name: string, seed: number, servesPath?: string): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    if (servesPath && !url.endsWith(servesPath)) {
      return new Response(JSON.stringify({ code: 'not-found', error: 'no route' }), { status: 404, headers: { 'content-type': 'application/json' } });
    }
    return recordedResponse(name, streamOf(randomChunks(readRecording(name), seed, 1 + (seed * 7) % 61)));
  }) as typeof fetch;
}

/**
 * A client whose every request is answered in-process by `fetchFn`: nothing leaves the process. The base
 * URL is a loopback one all the same (port 9, discard), so a mistake that bypassed `fetchFn` could reach
 * nothing but this machine.
 */
function recordedClient(fetchFn: typeof fetch): XaiClient {
  return clientAt('http://127.0.0.1:9/v1', fetchFn);
}

/** A client talking over a real socket to the loopback fake server. */
function loopbackClient(url: string): XaiClient {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`tests talk only to 127.0.0.1, not ${url}`);
  return clientAt(url, undefined);
}

function clientAt(baseUrl: string, fetchFn: typeof fetch | undefined): XaiClient {
  return new XaiClient({ baseUrl, apiKey: async () => KEY, fetch: fetchFn, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
}

const REQUEST = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };

async function run(client: XaiClient, via: Via): Promise<{ result?: ChatResult; events?: StreamEvent[]; error?: XaiError; models?: string[] }> {
  try {
    switch (via) {
      case 'streamChat':
      case 'streamResponses': {
        const events: StreamEvent[] = [];
        const source = via === 'streamChat' ? client.streamChat(REQUEST) : client.streamResponses({ model: 'm', input: 'x' });
        for await (const event of source) events.push(event);
        return { events, result: await collectStream(replay(events)) };
      }
      case 'chat':
        return { result: await client.chat(REQUEST) };
      case 'responses':
        return { result: await client.responses({ model: 'm', input: 'x' }) };
      case 'listModels':
        return { models: (await client.listModels()).map((m) => m.id) };
    }
  } catch (error) {
    if (error instanceof XaiError) return { error };
    throw error;
  }
}

async function* replay(events: StreamEvent[]): AsyncGenerator<StreamEvent> {
  yield* events;
}

function checkText(actual: string, expected: string | LongText | undefined, what: string): void {
  if (expected === undefined) return;
  if (typeof expected === 'string') {
    assert.equal(actual, expected, what);
    return;
  }
  assert.equal(actual.length, expected.length, `${what} length`);
  assert.ok(actual.startsWith(expected.prefix), `${what} prefix: ${actual.slice(0, 80)}`);
  assert.ok(actual.endsWith(expected.suffix), `${what} suffix: ${actual.slice(-80)}`);
  assert.equal(createHash('sha256').update(actual).digest('hex').slice(0, 16), expected.sha256, `${what} hash`);
  assert.ok(!actual.includes('\uFFFD'), `${what} has a replacement character`);
}

function check(name: string, expected: Expected, outcome: Awaited<ReturnType<typeof run>>): void {
  if (expected.errorKind) {
    assert.ok(outcome.error, `${name}: expected an error`);
    assert.equal(outcome.error.kind, expected.errorKind);
    assert.equal(outcome.error.info.status, 400);
    if (expected.errorMessage) assert.match(outcome.error.message, expected.errorMessage);
    assert.doesNotMatch(outcome.error.message, /[{}]/);
    return;
  }
  assert.equal(outcome.error, undefined, `${name}: ${outcome.error?.message}`);
  if (expected.modelIds) {
    assert.deepEqual(outcome.models, expected.modelIds);
    return;
  }
  const result = outcome.result;
  assert.ok(result);
  if (outcome.events) {
    assert.equal(outcome.events[0].type, 'start', `${name}: the first event is start`);
    terminalOf(outcome.events);
    // Reasoning never comes after text in these recordings.
    const types = outcome.events.map((e) => e.type);
    if (types.includes('reasoning') && types.includes('text')) assert.ok(types.lastIndexOf('reasoning') < types.indexOf('text'));
    assert.equal(types.filter((t) => t === 'usage').length, expected.usage ? 1 : 0);
  }
  if (expected.id !== undefined) assert.equal(result.id, expected.id);
  if (expected.model !== undefined) assert.equal(result.model, expected.model);
  checkText(result.text, expected.text, `${name} text`);
  checkText(result.reasoning, expected.reasoning, `${name} reasoning`);
  assert.deepEqual(result.toolCalls, expected.toolCalls ?? [], `${name} tool calls`);
  assert.deepEqual(result.citations, expected.citations ?? [], `${name} citations`);
  assert.deepEqual(result.usage, expected.usage, `${name} usage`);
  assert.equal(result.finishReason, expected.finishReason);
  assert.equal(result.error, undefined);
  if (expected.usage?.costInUsdTicks !== undefined && result.usage) assert.equal(costUsd(result.usage), expected.usage.costInUsdTicks / 1e10);
}

describe('conformance with the recorded xAI responses', () => {
  const names = listRecordings();

  test('the recordings are there, and every one has an expectation here', () => {
    assert.ok(recordedDir());
    assert.equal(names.length, 21, `found ${names.length} recordings in ${recordedDir()}`);
    assert.deepEqual(names.map(numberOf).filter((n) => !EXPECTED[n]), []);
    assert.deepEqual(Object.keys(EXPECTED).filter((n) => !names.some((name) => numberOf(name) === n)), []);
  });

  for (const name of names) {
    const expected = EXPECTED[numberOf(name)];
    test(`${name} via ${expected?.via}`, async () => {
      assert.ok(expected, `no expectation for ${name}`);
      const seeds = expected.via.startsWith('stream') ? SEEDS : SEEDS.slice(0, 3);
      const path = expected.via === 'listModels' ? '/models' : undefined;
      for (const seed of seeds) {
        check(`${name} (seed ${seed})`, expected, await run(recordedClient(recordedFetch(name, seed, path)), expected.via));
      }
    });
  }

  describe('over a socket, through the fake server with random chunking', () => {
    let fake: FakeXai;
    before(async () => {
      fake = await startFakeXai();
    });
    after(() => fake.close());

    for (const name of names) {
      const expected = EXPECTED[numberOf(name)];
      if (!expected) continue;
      test(name, async () => {
        fake.reset();
        const route = { streamChat: 'POST /v1/chat/completions', chat: 'POST /v1/chat/completions', streamResponses: 'POST /v1/responses', responses: 'POST /v1/responses', listModels: 'GET /v1/models' }[expected.via];
        if (expected.via === 'listModels') fake.setDefault('GET /v1/language-models', { status: 404, json: { code: 'not-found', error: 'no route' } });
        fake.enqueue(route, { recorded: name, chunking: { kind: 'random', seed: 42, minSize: 1, maxSize: 97 } });
        check(`${name} (socket)`, expected, await run(loopbackClient(fake.url), expected.via));
        assert.equal(fake.pending(), 0);
      });
    }
  });
});
