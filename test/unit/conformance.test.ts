// Conformance: EVERY recording in ../shared/xai-recorded replayed through the client, checked against
// values read from the recordings by hand. Streams go through streamChat / streamResponses split at
// every byte boundary (one byte per read), at random byte boundaries (several seeds), at the read sizes
// the recorder captured where it kept them (33, 46), all via an injected fetch, and once over a socket
// through the fake server; the payload-per-line recordings (30-32, 38) with their SSE framing rebuilt.
// JSON bodies go through chat / responses / listModels / generateImages; error bodies with their
// recorded status. A recording without an expectation here fails the run, and a missing folder throws:
// never a skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isPayloadPerLine, listRecordings, readRecordedHeaders, readRecording, readRecordingFile, recordedChunkSizes, recordedDir, recordingBaseName } from '../fake-xai/recorded';
import { startFakeXai } from '../fake-xai/server';
import type { FakeXai } from '../fake-xai/server';
import type { ChatResult, ImageResult, ServerToolCall, StreamEvent, ToolCall, Usage, XaiErrorKind } from '../../src/xai/types';
import { XaiClient } from '../../src/xai/client';
import { collectStream } from '../../src/xai/collect';
import { costUsd } from '../../src/xai/cost';
import { XaiError } from '../../src/xai/errors';
import { ChatStreamMapper } from '../../src/xai/chatStream';
import { ResponsesStreamMapper } from '../../src/xai/responsesStream';
import { readSse } from '../../src/xai/sse';
import { isTerminal } from '../../src/xai/streamMapper';
import { KEY, randomChunks, streamOf, terminalOf } from './xaiTestUtil';

type Via = 'streamChat' | 'streamResponses' | 'chat' | 'responses' | 'listModels' | 'images';

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
  /** The recorded HTTP status of an error (400 unless given). */
  errorStatus?: number;
  unsupportedParameter?: string;
  modelIds?: string[];
  /** Server-side tool calls, each in its final state, in the order they started. */
  serverTools?: ServerToolCall[];
  /** Responses output items (`type:id`), in output order. */
  outputItems?: string[];
  images?: { count: number; mimeType: string; costInUsdTicks: number };
}

const FAST = 'grok-4-1-fast-non-reasoning';
const BERLIN = '{"latitude":"52.5200","longitude":"13.4050"}';

/** `ticks` undefined: the recording has no cost_in_usd_ticks. */
function usage(p: number, cached: number, completion: number, reasoning: number, total: number, ticks: number | undefined, extra: Partial<Usage> = {}): Usage {
  const u: Usage = { promptTokens: p, cachedPromptTokens: cached, completionTokens: completion, reasoningTokens: reasoning, imageTokens: 0, totalTokens: total, numSourcesUsed: 0, ...extra };
  if (ticks !== undefined) u.costInUsdTicks = ticks;
  return u;
}

function webSearch(id: string, detail?: string, name?: string): ServerToolCall {
  const call: ServerToolCall = { tool: 'web_search', status: 'completed', id };
  if (detail !== undefined) call.detail = detail;
  if (name !== undefined) call.name = name;
  return call;
}

const cited = (...urls: string[]) => urls.map((url) => ({ url }));
const uncited = (...urls: string[]) => urls.map((url) => ({ url, uncited: true as const }));
/** Recording 31's annotations carry title == url and zero indices. */
const titled = (...urls: string[]) => urls.map((url) => ({ url, title: url, startIndex: 0, endIndex: 0 }));
/** A stand-in for the image behind recorded 47's temporary URL: a JPEG header and some bytes. */
const FAKE_JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 1, 2, 3, 4, 5, 0xff, 0xd9]);

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
    // The cited source, then what the two searches returned that the answer does not cite.
    citations: [
      { url: 'https://www.ruby-lang.org/en/downloads/', title: '1', startIndex: 69, endIndex: 115 },
      ...uncited(
        'https://www.ruby-lang.org/en/downloads/releases/',
        'https://rubyinstaller.org/',
        'https://rubyonrails.org/category/releases',
        'https://github.com/ruby/ruby/releases',
        'https://www.reddit.com/r/ruby/comments/1dyxky7/ruby_334_released/',
        'https://rubyreferences.github.io/rubychanges/',
        'https://stackoverflow.com/questions/27324204/how-can-i-determine-what-the-current-stable-version-of-ruby-is',
        'https://rubygems.org/gems/rails/versions',
        'https://www.ruby-lang.org/en/news/2025/10/07/ruby-3-4-7-released/',
        'https://www.ruby-lang.org/en/',
        'https://www.ruby-lang.org/ja/downloads/releases/',
      ),
    ],
    // output_tokens 364 include 263 reasoning tokens.
    usage: usage(5913, 2048, 101, 263, 6277, 161508500, { serverSideToolsUsed: 2, serverToolCalls: { web_search: 2 } }),
    finishReason: 'stop',
    serverTools: [
      webSearch('ws_7e8e81c2-66b0-9294-8b39-71182b7a662f_call-ea96ca32-60ff-4ef0-9f76-b76ea9ffbf3f-0', 'latest stable Ruby version'),
      webSearch('ws_7e8e81c2-66b0-9294-8b39-71182b7a662f_call-ea96ca32-60ff-4ef0-9f76-b76ea9ffbf3f-1', 'Ruby latest release site:ruby-lang.org'),
    ],
    outputItems: [
      'reasoning:rs_7e8e81c2-66b0-9294-8b39-71182b7a662f',
      'web_search_call:ws_7e8e81c2-66b0-9294-8b39-71182b7a662f_call-ea96ca32-60ff-4ef0-9f76-b76ea9ffbf3f-0',
      'web_search_call:ws_7e8e81c2-66b0-9294-8b39-71182b7a662f_call-ea96ca32-60ff-4ef0-9f76-b76ea9ffbf3f-1',
      'reasoning:tco_7e8e81c2-66b0-9294-8b39-71182b7a662f_call-ea96ca32-60ff-4ef0-9f76-b76ea9ffbf3f-0',
      'reasoning:tco_7e8e81c2-66b0-9294-8b39-71182b7a662f_call-ea96ca32-60ff-4ef0-9f76-b76ea9ffbf3f-1',
      'reasoning:rs_7e8e81c2-66b0-9294-8b39-71182b7a662f',
      'message:msg_7e8e81c2-66b0-9294-8b39-71182b7a662f',
    ],
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
    outputItems: ['reasoning:rs_006cb394-e479-972b-b41e-422dbefebb96', 'message:msg_006cb394-e479-972b-b41e-422dbefebb96'],
  },
  '30': {
    via: 'streamResponses',
    id: 'b7b464ea-cc85-d44a-0f2f-1f7320e703c3',
    model: 'grok-4-fast-reasoning',
    reasoning: '',
    text: {
      length: 6304,
      prefix: '### Latest Videos and Images from xAI on X (as of December 1',
      suffix: 'cific older items or more views, let me know!',
      sha256: '14a6dbdf5ddd2d30',
    },
    // 20 url_citation annotations with only {type, url}, sent after all the text; the four web searches returned nothing.
    citations: cited(
      'https://x.com/i/status/1990530503129391571',
      'https://x.com/i/status/1990530506879074316',
      'https://x.com/i/status/1991284822820720732',
      'https://x.com/i/status/1990530501237715372',
      'https://x.com/i/status/1975608007250829383',
      'https://x.com/i/status/1977121515587223679',
      'https://x.com/i/status/1975608070245175592',
      'https://x.com/i/status/1975608184711880816',
      'https://x.com/i/status/1990530508770718154',
      'https://x.com/i/status/1990530505209754056',
      'https://x.com/i/status/1991224224313487696',
      'https://x.com/i/status/1987696575314104339',
      'https://x.com/i/status/1991284824594870293',
      'https://x.com/i/status/1991284828667527322',
      'https://x.com/i/status/1975608017396867282',
      'https://x.com/i/status/1975608122845896765',
      'https://x.com/i/status/1991284813727474073',
      'https://x.com/i/status/1991284830420758687',
      'https://x.com/i/status/1975608132530544900',
      'https://x.com/i/status/1991284818928366015',
    ),
    // output_tokens 3077 include 1091 reasoning tokens; no cost_in_usd_ticks at that date.
    usage: usage(27236, 4585, 1986, 1091, 30313, undefined, { serverSideToolsUsed: 6, serverToolCalls: { x_search: 1 } }),
    finishReason: 'stop',
    serverTools: [
      { tool: 'x_search', status: 'completed', id: 'ctc_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_xs_call_24148162', name: 'x_keyword_search', detail: 'from:xai filter:media' },
      {
        tool: 'x_search',
        status: 'completed',
        id: 'ctc_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_xs_call_14963218',
        name: 'view_x_video',
        detail: 'https://video.twimg.com/amplify_video/1991284765027364866/vid/avc1/468x270/kRkbodV96jk4PmbG.mp4',
      },
      webSearch('ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_55360208'),
      webSearch('ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_63718660'),
      webSearch('ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_09546004'),
      webSearch('ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_45339693'),
    ],
    // Finished out of order (4, 5, 2, 3, then 1): handed over in output order.
    outputItems: [
      'custom_tool_call:ctc_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_xs_call_24148162',
      'custom_tool_call:ctc_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_xs_call_14963218',
      'web_search_call:ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_55360208',
      'web_search_call:ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_63718660',
      'web_search_call:ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_09546004',
      'web_search_call:ws_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_call_45339693',
      'message:msg_b7b464ea-cc85-d44a-0f2f-1f7320e703c3',
    ],
  },
  '31': {
    via: 'streamResponses',
    id: '1d1a0870-4485-9e15-a5f5-87e29c5f8266',
    model: 'grok-4-fast-non-reasoning',
    text: '**xAI**',
    reasoning: '',
    // Every source the two searches returned is also cited, so none is left uncited.
    citations: titled(
      'https://x.ai/',
      'https://x.ai/news',
      'https://play.google.com/store/apps/details?id=ai.x.grok',
      'https://x.ai/grok',
      'https://x.com/xai',
      'https://x.ai/api',
      'https://docs.aimlapi.com/api-references/text-models-llm/xai',
      'https://en.wikipedia.org/wiki/XAI_(company)',
      'https://x.ai/legal/terms-of-service',
    ),
    usage: usage(4144, 1920, 49, 0, 4193, 132865000, { serverSideToolsUsed: 2, serverToolCalls: { web_search: 2 } }),
    finishReason: 'stop',
    serverTools: [
      webSearch('ws_1d1a0870-4485-9e15-a5f5-87e29c5f8266_call-163bd0fb-8b7c-4528-84ef-78f70986ca62-0', 'current title of https://x.ai site:x.ai'),
      webSearch('ws_1d1a0870-4485-9e15-a5f5-87e29c5f8266_call-163bd0fb-8b7c-4528-84ef-78f70986ca62-1', 'https://x.ai'),
    ],
    outputItems: [
      'web_search_call:ws_1d1a0870-4485-9e15-a5f5-87e29c5f8266_call-163bd0fb-8b7c-4528-84ef-78f70986ca62-0',
      'web_search_call:ws_1d1a0870-4485-9e15-a5f5-87e29c5f8266_call-163bd0fb-8b7c-4528-84ef-78f70986ca62-1',
      'message:msg_1d1a0870-4485-9e15-a5f5-87e29c5f8266',
    ],
  },
  '32': {
    via: 'streamResponses',
    id: '98a8d4aa-fc8b-fd93-e673-d5a8f1c9cee8',
    model: 'grok-4-fast-reasoning',
    reasoning: '',
    text: { length: 1228, prefix: 'xAI is an American artificial intelligence company founded b', suffix: ' details! For the latest updates, check x.ai.', sha256: 'aaedcde3798be165' },
    citations: cited(
      'https://en.wikipedia.org/wiki/XAI_%28company%29',
      'https://x.ai/company',
      'https://www.ibm.com/think/topics/explainable-ai',
      'https://www.owkin.com/a-z-of-ai-for-healthcare/xai',
      'https://x.ai/',
    ),
    usage: usage(1875, 1578, 298, 397, 2570, undefined, { serverSideToolsUsed: 1 }),
    finishReason: 'stop',
    // The legacy shape: already completed when added, the query inside `arguments`.
    serverTools: [webSearch('fc_98a8d4aa-fc8b-fd93-e673-d5a8f1c9cee8_0', 'what is xAI', 'web_search')],
    outputItems: ['web_search_call:fc_98a8d4aa-fc8b-fd93-e673-d5a8f1c9cee8_0', 'message:msg_98a8d4aa-fc8b-fd93-e673-d5a8f1c9cee8'],
  },
  '33': {
    via: 'streamResponses',
    id: '458dbd48-3fa7-de49-8ab5-442ea2bc0f36',
    model: 'grok-4-fast-reasoning',
    reasoning: '',
    text: 'OpenAI recently announced Prism, a new AI model aimed at accelerating scientific discovery by reducing computational bottlenecks in research workflows.[[1]](https://openai.com/index/introducing-prism)',
    citations: [{ url: 'https://openai.com/index/introducing-prism', title: '1', startIndex: 151, endIndex: 200 }],
    usage: usage(3253, 1499, 93, 548, 3894, 57462500, { serverSideToolsUsed: 1, serverToolCalls: { web_search: 1 } }),
    finishReason: 'stop',
    serverTools: [webSearch('ws_458dbd48-3fa7-de49-8ab5-442ea2bc0f36_call_53659280', 'recent AI model announcements 2026')],
    outputItems: ['web_search_call:ws_458dbd48-3fa7-de49-8ab5-442ea2bc0f36_call_53659280', 'message:msg_458dbd48-3fa7-de49-8ab5-442ea2bc0f36'],
  },
  '34': {
    via: 'streamResponses',
    id: '1c1cae28-e3a2-9687-8eb0-6f07b789a60e',
    model: 'grok-4.3',
    reasoning: 'The user asked: "What\'s the weather in Berlin? (52.5200, 13.4050)"\n',
    text: '',
    toolCalls: [call('call-5386e269-cd64-432e-aa64-5c80dd4e0286-0', 'weather', BERLIN)],
    usage: usage(340, 320, 22, 83, 445, 3515000, { serverSideToolsUsed: 0 }),
    finishReason: 'tool_calls',
    // The reasoning item carries encrypted_content: it goes back verbatim with store off.
    outputItems: ['reasoning:rs_1c1cae28-e3a2-9687-8eb0-6f07b789a60e', 'function_call:fc_1c1cae28-e3a2-9687-8eb0-6f07b789a60e_0'],
  },
  '35': {
    via: 'responses',
    id: '84c1a8ea-1f29-4a33-1049-0ed3561b0f64_us-east-1',
    model: 'grok-4-fast-reasoning',
    reasoning: '',
    text: { length: 5180, prefix: '### What People Are Saying About AI on X (as of Late October', suffix: 'pics (e.g., AI ethics or tools), let me know!', sha256: 'a393eb79f5e38e5a' },
    citations: cited(
      'https://x.com/i/status/1982033415697514642',
      'https://x.com/i/status/1983126826739228851',
      'https://x.com/i/status/1978543466042040366',
      'https://x.com/i/status/1982845451188720069',
      'https://x.com/i/status/1981716983168040972',
      'https://x.com/i/status/1977864424770990183',
      'https://x.com/i/status/1979019210870395155',
      'https://x.com/i/status/1981725084059668849',
      'https://x.com/i/status/1982159004857217324',
      'https://x.com/i/status/1982984027209630067',
      'https://x.com/i/status/1979140575476764920',
      'https://x.com/i/status/1978340270413377544',
      'https://x.com/i/status/1975597769089032357',
      'https://x.com/i/status/1979729023413670239',
      'https://x.com/i/status/1979892126969209017',
      'https://x.com/i/status/1974520747503792531',
      'https://x.com/i/status/1977071347584135287',
      'https://x.com/i/status/1983115564005626367',
      'https://x.com/i/status/1981679355345686727',
      'https://x.com/i/status/1982892944261582868',
    ),
    usage: usage(8397, 608, 1225, 580, 10202, undefined, { serverSideToolsUsed: 1 }),
    finishReason: 'stop',
    serverTools: [{ tool: 'x_search', status: 'completed', id: 'fc_84c1a8ea-1f29-4a33-1049-0ed3561b0f64_us-east-1_0', name: 'x_semantic_search', detail: 'AI artificial intelligence' }],
    outputItems: ['x_search_call:fc_84c1a8ea-1f29-4a33-1049-0ed3561b0f64_us-east-1_0', 'message:msg_84c1a8ea-1f29-4a33-1049-0ed3561b0f64_us-east-1'],
  },
  '36': {
    via: 'responses',
    id: '5138abcf-4c4e-b0ab-7e0b-f4c81b98f455_us-east-1',
    model: 'grok-4-fast-reasoning',
    reasoning: '',
    text: '55',
    usage: usage(1606, 1235, 102, 190, 1898, undefined, { serverSideToolsUsed: 1 }),
    finishReason: 'stop',
    // The code comes from `arguments`; the recording has no outputs field.
    serverTools: [
      {
        tool: 'code_execution',
        status: 'completed',
        id: 'fc_5138abcf-4c4e-b0ab-7e0b-f4c81b98f455_us-east-1_0',
        name: 'code_execution',
        code: 'def fibonacci(n):\n    if n <= 0:\n        return 0\n    elif n == 1:\n        return 1\n    else:\n        a, b = 0, 1\n        for _ in range(2, n + 1):\n            a, b = b, a + b\n        return b\n\nprint(fibonacci(10))',
      },
    ],
    outputItems: ['code_interpreter_call:fc_5138abcf-4c4e-b0ab-7e0b-f4c81b98f455_us-east-1_0', 'message:msg_5138abcf-4c4e-b0ab-7e0b-f4c81b98f455_us-east-1'],
  },
  '37': {
    via: 'responses',
    id: '25de2f84-163c-6e9e-e42e-cd1dbd6f9ed0',
    model: 'grok-4-fast-reasoning',
    reasoning: '',
    text: { length: 799, prefix: 'xAI is an American artificial intelligence company founded b', suffix: 'table), let me know for more details on that!', sha256: '89bfebb41668467e' },
    citations: cited(
      'https://www.ibm.com/think/topics/explainable-ai',
      'https://x.ai/company',
      'https://en.wikipedia.org/wiki/XAI_%28company%29',
      'https://x.ai/',
      'https://www.owkin.com/a-z-of-ai-for-healthcare/xai',
    ),
    usage: usage(1941, 947, 203, 380, 2524, undefined, { serverSideToolsUsed: 1 }),
    finishReason: 'stop',
    serverTools: [webSearch('fc_25de2f84-163c-6e9e-e42e-cd1dbd6f9ed0_0', 'what is xAI', 'web_search')],
    outputItems: ['web_search_call:fc_25de2f84-163c-6e9e-e42e-cd1dbd6f9ed0_0', 'message:msg_25de2f84-163c-6e9e-e42e-cd1dbd6f9ed0'],
  },
  '38': {
    via: 'streamResponses',
    // SANITIZED by the fixture author: one response.completed with no output, kept for its usage block.
    id: 'sanitized-live-stream-response',
    model: 'grok-4.6',
    text: '',
    reasoning: '',
    usage: usage(5467, 1152, 18, 575, 6060, 177640000, { serverSideToolsUsed: 1, serverToolCalls: { web_search: 1 } }),
    finishReason: 'stop',
  },
  '40': {
    via: 'streamChat',
    id: '3adac95d-3cc4-9199-307c-5e78ba0909e5',
    model: 'grok-code-fast-1',
    reasoning: 'The user asked for the weather in Florence, Italy. I have a tool for that: the weather function, which takes a location.\n',
    text: '',
    toolCalls: [call('call_53816330', 'weather', '{"location":"Florence,Italy"}')],
    usage: usage(390, 384, 26, 77, 493, 1633800),
    finishReason: 'tool_calls',
  },
  '41': {
    via: 'streamChat',
    id: 'e3825e75-0f1f-f256-f561-d94920fc9f6d',
    model: 'grok-code-fast-1',
    reasoning: 'The tool returned "40 C", which I assume means 40 degrees Celsius.\n',
    text: 'The current weather in Florence, Italy is 40°C.',
    usage: usage(506, 448, 12, 38, 556, 955600),
    finishReason: 'stop',
  },
  '42': {
    via: 'streamChat',
    id: '34fd1eff-a2d7-3ed8-5cf5-1ff1333419bd',
    model: 'grok-code-fast-1',
    reasoning: 'The user asked to "Add and multiply the number 2 and 3". The system prompt says: "Always use both add and multiply at the same time."\n',
    text: '',
    toolCalls: [call('call_47876210', 'add', '{"a":2,"b":3}'), call('call_97132951', 'multiply', '{"a":2,"b":3}')],
    usage: usage(466, 192, 68, 266, 800, 5596400),
    finishReason: 'tool_calls',
  },
  '43': {
    via: 'streamChat',
    id: 'f73f71ba-1f63-f286-1421-efccfb0e0abe',
    model: 'grok-code-fast-1',
    reasoning: 'First, the user said: "Say hi in Portuguese."\n',
    text: 'Olá!',
    usage: usage(213, 192, 2, 198, 413, 3080400),
    finishReason: 'stop',
  },
  '44': {
    via: 'chat',
    id: '588c646e-3ff8-b5ef-e436-5927c085f6f1',
    model: 'grok-code-fast-1',
    text: '',
    reasoning: { length: 323, prefix: '## Processing user request  \n- The user asked about the weat', suffix: 'get weather details for Florence, Italy.', sha256: 'aaef99f056f687d8' },
    toolCalls: [call('call_12966055', 'weather', '{"location":"Florence,Italy"}')],
    usage: usage(390, 192, 26, 97, 513, 2279400),
    finishReason: 'tool_calls',
  },
  '45': {
    via: 'streamChat',
    id: 'a02db2b3-11e9-1b57-2f5b-c73c0809d2cf',
    model: 'grok-code-fast-1',
    reasoning: "The user asked to generate information about 'The Lord of the Rings' book by J.R.R. Tolkien, with genres like fantasy and adventure, and publication year 1954.\n",
    text: '',
    toolCalls: [
      call(
        'call_82293478',
        'Book',
        '{"author":{"name":"J.R.R. Tolkien","nationality":"British"},"genres":["fantasy","adventure"],"published_year":1954,"title":"The Lord of the Rings"}',
      ),
    ],
    usage: usage(496, 448, 77, 121, 694, 3155600),
    finishReason: 'tool_calls',
  },
  '46': {
    via: 'streamChat',
    id: 'a5d3ef55-0903-5b1f-746a-dbb9aa65a8d4_us-east-1',
    model: 'grok-code-fast-1',
    // 110 chunks with an empty delta between the reasoning and the answer.
    reasoning: 'First, the user asked: "Say hello in one short, imaginative sentence."\n\n\n## Crafting a Creative Greeting\n- The user requested a single, imaginative sentence to say hello.',
    text: 'Greetings, cosmic wanderer, where pixels dance like fireflies in the night!',
    usage: usage(221, 192, 16, 126, 363, undefined),
    finishReason: 'stop',
  },
  // 47: a temporary URL (served in-process here); 48 is an /images/edits answer, the same shape, read by the same parser.
  '47': { via: 'images', images: { count: 1, mimeType: 'image/jpeg', costInUsdTicks: 200000000 } },
  '48': { via: 'images', images: { count: 1, mimeType: 'image/jpeg', costInUsdTicks: 700000000 } },
  '49': {
    via: 'chat',
    errorKind: 'modelNotFound',
    errorStatus: 404,
    errorMessage: /^The model "m" has been retired on (xAI|127\.0\.0\.1) \(The model grok-beta was deprecated on 2025-09-15 and is no longer accessible via the API\. Please use grok-3 instead\.\)\. Pick another model\.$/,
  },
  '50': {
    via: 'chat',
    errorKind: 'badRequest',
    unsupportedParameter: 'reasoning_effort',
    errorMessage: /^(xAI|127\.0\.0\.1) rejected the parameter reasoning_effort: the model "m" does not take it \(Model grok-code-fast-1 does not support parameter reasoningEffort\.\)\.$/,
  },
};

const SEEDS = [1, 2, 3, 4, 5, 6];

function numberOf(name: string): string {
  return recordingBaseName(name).slice(0, 2);
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

/** How a replay cuts the body into reads: a seed, or the recorder's own read sizes. */
type Split = number | number[];

function splitBytes(bytes: Uint8Array, split: Split): Uint8Array[] {
  if (typeof split === 'number') return randomChunks(bytes, split, 1 + (split * 7) % 61);
  const sizes = split;
  const chunks: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

function describeSplit(split: Split): string {
  return typeof split === 'number' ? `seed ${split}` : 'recorded reads';
}

/** The image behind a temporary URL (recorded 47, 48), served in-process: nothing reaches imgen.x.ai. */
function imageReply(url: string, imageFetches: ImageFetch[], headers: Headers): Response | undefined {
  if (!url.startsWith('https://imgen.x.ai/')) return undefined;
  imageFetches.push({ url, authorization: headers.get('authorization') });
  return new Response(FAKE_JPEG, { status: 200, headers: { 'content-type': 'image/jpeg' } });
}

interface ImageFetch {
  url: string;
  authorization: string | null;
}

/** A fetch serving `name` split as asked; other paths (the /language-models probe) answer 404. */
function recordedFetch(name: string, split: Split, servesPath?: string, imageFetches: ImageFetch[] = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const image = imageReply(url, imageFetches, new Headers(init?.headers));
    if (image) return image;
    if (servesPath && !url.endsWith(servesPath)) {
      return new Response(JSON.stringify({ code: 'not-found', error: 'no route' }), { status: 404, headers: { 'content-type': 'application/json' } });
    }
    return recordedResponse(name, streamOf(splitBytes(readRecording(name), split)));
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

/**
 * A client talking over a real socket to the loopback fake server. Its fetch lets only 127.0.0.1 through
 * (a recorded image URL is served in-process), so nothing can reach the internet.
 */
function loopbackClient(url: string, imageFetches: ImageFetch[] = []): XaiClient {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`tests talk only to 127.0.0.1, not ${url}`);
  const guarded = (async (input: string | URL | Request, init?: RequestInit) => {
    const target = String(input);
    const image = imageReply(target, imageFetches, new Headers(init?.headers));
    if (image) return image;
    if (!target.startsWith('http://127.0.0.1:')) throw new Error(`tests talk only to 127.0.0.1, not ${target}`);
    return fetch(input, init);
  }) as typeof fetch;
  return clientAt(url, guarded);
}

function clientAt(baseUrl: string, fetchFn: typeof fetch | undefined): XaiClient {
  return new XaiClient({ baseUrl, apiKey: async () => KEY, fetch: fetchFn, retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
}

const REQUEST = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };

async function run(client: XaiClient, via: Via): Promise<{ result?: ChatResult; events?: StreamEvent[]; error?: XaiError; models?: string[]; images?: ImageResult }> {
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
      case 'images':
        return { images: await client.generateImages({ model: 'grok-imagine-image', prompt: 'a siamese cat' }) };
    }
  } catch (error) {
    if (error instanceof XaiError) return { error };
    throw error;
  }
}

async function* replay(events: StreamEvent[]): AsyncGenerator<StreamEvent> {
  yield* events;
}

/**
 * The stream fed one byte per read, so every byte boundary is a split (inside `data:` lines, JSON strings and
 * UTF-8 characters alike), through the same SSE reader and mapper streamChat / streamResponses use. It skips
 * the fetch and timer plumbing, which passes chunks through untouched, because over 400 000 reads of it cost
 * seconds per recording on a shared machine.
 */
async function replayEveryByte(name: string, via: 'streamChat' | 'streamResponses'): Promise<Awaited<ReturnType<typeof run>>> {
  const body = readRecording(name);
  const ctx = { server: '127.0.0.1', path: via === 'streamChat' ? '/chat/completions' : '/responses', model: 'm' };
  const mapper = via === 'streamChat' ? new ChatStreamMapper(ctx) : new ResponsesStreamMapper(ctx);
  let at = 0;
  const read = async () => (at < body.length ? body.subarray(at, ++at) : undefined);
  const events: StreamEvent[] = [];
  let ended = false;
  for await (const message of readSse(read, { pause: () => undefined, resume: () => undefined })) {
    for (const event of mapper.push(message)) {
      events.push(event);
      ended ||= isTerminal(event);
    }
    if (ended) break;
  }
  if (!ended) events.push(...mapper.end());
  assert.equal(at, body.length, `${name}: read to the end one byte at a time`);
  return { events, result: await collectStream(replay(events)) };
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

/** `name` is the recording's file name with how it was replayed in parentheses. */
function check(name: string, expected: Expected, outcome: Awaited<ReturnType<typeof run>>, imageFetches: ImageFetch[] = []): void {
  const file = name.replace(/ \([^)]*\)$/, '');
  if (expected.errorKind) {
    assert.ok(outcome.error, `${name}: expected an error`);
    assert.equal(outcome.error.kind, expected.errorKind);
    assert.equal(outcome.error.info.status, expected.errorStatus ?? 400);
    assert.equal(outcome.error.info.unsupportedParameter, expected.unsupportedParameter);
    assert.equal(outcome.error.info.routeMissing, undefined);
    if (expected.errorMessage) assert.match(outcome.error.message, expected.errorMessage);
    assert.doesNotMatch(outcome.error.message, /[{}]/);
    return;
  }
  assert.equal(outcome.error, undefined, `${name}: ${outcome.error?.message}`);
  if (expected.modelIds) {
    assert.deepEqual(outcome.models, expected.modelIds);
    return;
  }
  if (expected.images) {
    const recorded = JSON.parse(readRecording(file).toString('utf8')) as { data: Array<{ url: string }> };
    assert.ok(outcome.images, `${name}: images`);
    assert.equal(outcome.images.images.length, expected.images.count);
    assert.equal(outcome.images.costInUsdTicks, expected.images.costInUsdTicks);
    for (const image of outcome.images.images) {
      assert.equal(image.mimeType, expected.images.mimeType);
      assert.equal(image.base64, Buffer.from(FAKE_JPEG).toString('base64'));
    }
    // The temporary URL was fetched exactly once, and without the API key.
    assert.deepEqual(imageFetches, recorded.data.map((d) => ({ url: d.url, authorization: null })));
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
  assert.deepEqual(result.serverTools, expected.serverTools, `${name} server tools`);
  if (expected.via === 'streamResponses' || expected.via === 'responses') {
    assert.deepEqual(result.outputItems?.map((item) => `${item.type}:${String(item.id)}`) ?? [], expected.outputItems ?? [], `${name} output items`);
  }
  if (outcome.events && expected.via === 'streamResponses') checkStreamedItems(file, outcome.events);
  if (expected.usage?.costInUsdTicks !== undefined && result.usage) assert.equal(costUsd(result.usage), expected.usage.costInUsdTicks / 1e10);
}

/**
 * Every finished output item reaches the host exactly as the server sent it in response.output_item.done
 * (same fields, same order, same values), or from response.completed where the stream sent no such event;
 * each server tool event carries its item's id, and every call's id stays the same across its events.
 */
function checkStreamedItems(name: string, events: StreamEvent[]): void {
  const payloads = readRecording(name)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as { type: string; item?: { type: string }; output_index?: number; response?: { output?: unknown[] } });
  const done = payloads.filter((p) => p.type === 'response.output_item.done');
  const completed = payloads.find((p) => p.type === 'response.completed');
  const expected = done.length
    ? done.sort((a, b) => (a.output_index ?? 0) - (b.output_index ?? 0)).map((p) => JSON.stringify(p.item))
    : (completed?.response?.output ?? []).map((item) => JSON.stringify(item));
  const items = events.flatMap((e) => (e.type === 'outputItem' ? [JSON.stringify(e.item)] : []));
  assert.deepEqual(items, expected, `${name}: output items verbatim`);
  const toolIds = events.flatMap((e) => (e.type === 'serverTool' ? [e.id] : []));
  assert.ok(toolIds.every((id) => typeof id === 'string' && id !== ''), `${name}: every serverTool event has an id`);
}

describe('conformance with the recorded xAI responses', () => {
  const names = listRecordings();

  test('the recordings are there, and every one has an expectation here', () => {
    assert.ok(recordedDir());
    assert.equal(names.length, 41, `found ${names.length} recordings in ${recordedDir()}`);
    assert.deepEqual(names.filter(isPayloadPerLine).map(numberOf), ['30', '31', '32', '38']);
    assert.deepEqual(names.map(numberOf).filter((n) => !EXPECTED[n]), []);
    assert.deepEqual(Object.keys(EXPECTED).filter((n) => !names.some((name) => numberOf(name) === n)), []);
  });

  for (const name of names) {
    const expected = EXPECTED[numberOf(name)];
    test(`${name} via ${expected?.via}`, async () => {
      assert.ok(expected, `no expectation for ${name}`);
      // The two long streams (05, 30: about 400 KB each) get two seeds: the every-byte replay below already
      // puts a split at each of their boundaries, and each seeded replay of them costs a second of CPU.
      const long = readRecording(name).length > 100_000;
      const splits: Split[] = expected.via.startsWith('stream') ? SEEDS.slice(0, long ? 2 : SEEDS.length) : SEEDS.slice(0, 3);
      const reads = recordedChunkSizes(name);
      if (reads) {
        // The recorder's reads add up to the body: the replay really is the network's own split.
        assert.equal(reads.reduce((a, b) => a + b, 0), readRecording(name).length);
        splits.push(reads);
      }
      const path = expected.via === 'listModels' ? '/models' : undefined;
      for (const split of splits) {
        const imageFetches: ImageFetch[] = [];
        check(`${name} (${describeSplit(split)})`, expected, await run(recordedClient(recordedFetch(name, split, path, imageFetches)), expected.via), imageFetches);
      }
      if (expected.via === 'streamChat' || expected.via === 'streamResponses') {
        check(`${name} (every byte)`, expected, await replayEveryByte(name, expected.via));
      }
    });
  }

  test('the payload-per-line recordings replay as their stored payloads, byte for byte, each framed as an SSE event', () => {
    for (const name of names.filter(isPayloadPerLine)) {
      const lines = readRecordingFile(name).toString('utf8').split('\n').filter((l) => l !== '');
      const replayed = readRecording(name).toString('utf8');
      const events = replayed.split('\n\n').filter((e) => e !== '');
      assert.equal(events.length, lines.length, name);
      for (const [i, event] of events.entries()) {
        const type = (JSON.parse(lines[i]) as { type: string }).type;
        assert.equal(event, `event: ${type}\ndata: ${lines[i]}`, `${name} event ${i}`);
      }
    }
  });

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
        const route = {
          streamChat: 'POST /v1/chat/completions',
          chat: 'POST /v1/chat/completions',
          streamResponses: 'POST /v1/responses',
          responses: 'POST /v1/responses',
          listModels: 'GET /v1/models',
          images: 'POST /v1/images/generations',
        }[expected.via];
        if (expected.via === 'listModels') fake.setDefault('GET /v1/language-models', { status: 404, json: { code: 'not-found', error: 'no route' } });
        fake.enqueue(route, { recorded: name, chunking: { kind: 'random', seed: 42, minSize: 1, maxSize: 97 } });
        const imageFetches: ImageFetch[] = [];
        check(`${name} (socket)`, expected, await run(loopbackClient(fake.url, imageFetches), expected.via), imageFetches);
        assert.equal(fake.pending(), 0);
      });
    }
  });
});
