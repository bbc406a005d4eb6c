// Named behaviours for a whole server, chosen with `--scenario` when the fake runs as its own
// process (VS Code integration tests cannot reach into it to enqueue replies per test, though they
// can also use the control endpoint). Each maps routes to default replies.
import { imageGenerationReply } from './images';
import { recordedEvents } from './recorded';
import type { RecordedRequest } from './recordedRequest';
import type { ReplySource } from './reply';
import { inStreamError } from './sse';
import { demoDefaults } from './demo';

const CHAT = 'POST /v1/chat/completions';
const RESPONSES = 'POST /v1/responses';
const IMAGES = 'POST /v1/images/generations';

/** The out-of-credits answer as xAI gives it now: 403 permission-denied (quoted, not recorded; see SOURCES.md). */
const OUT_OF_CREDITS = {
  status: 403,
  json: {
    code: 'permission-denied',
    error:
      'Your team 00000000-0000-0000-0000-000000000000 has either used all available credits or reached its monthly spending limit. ' +
      'To continue making API requests, please purchase more credits or raise your spending limit.',
  },
};

/** True when the body asks for a reasoning effort (chat's reasoning_effort or Responses' reasoning.effort). */
function asksReasoningEffort(request: RecordedRequest): boolean {
  const body = request.json as { reasoning_effort?: unknown; reasoning?: { effort?: unknown } } | undefined;
  return body?.reasoning_effort !== undefined || body?.reasoning?.effort !== undefined;
}

function streamed(request: RecordedRequest): boolean {
  return (request.json as { stream?: unknown } | undefined)?.stream === true;
}

export interface Scenario {
  description: string;
  defaults(): Record<string, ReplySource>;
}

export const SCENARIOS = {
  default: {
    description: 'Recorded answers on every route (chat: 01 streamed / 02 not; responses: 21 / 20).',
    defaults: () => ({}),
  },
  'slow-stream': {
    description:
      'Chat streams 200 content chunks 50 ms apart (10 s), long enough to press Stop; a non-streamed chat ' +
      'answers after 10 s; /v1/responses replays 21 with 50 ms between events.',
    defaults: () => ({
      [CHAT]: (request: RecordedRequest) =>
        streamed(request)
          ? { longStream: { events: 200 }, chunking: { kind: 'events' }, chunkDelayMs: 50 }
          : { recorded: '02', headersDelayMs: 10_000 },
      [RESPONSES]: (request: RecordedRequest) =>
        streamed(request)
          ? { recorded: '21', chunking: { kind: 'events' }, chunkDelayMs: 50 }
          : { recorded: '20', headersDelayMs: 10_000 },
    }),
  },
  hang: {
    description: 'Chat and responses send 200 and SSE headers, then nothing until the client closes.',
    defaults: () => ({
      [CHAT]: { events: [], done: false, stall: {} },
      [RESPONSES]: { events: [], done: false, stall: {} },
    }),
  },
  'rate-limited': {
    description: 'Chat and responses answer 429 with Retry-After: 1 and a flat xAI error body.',
    defaults: () => {
      const reply = {
        status: 429,
        headers: { 'Retry-After': '1' },
        json: { code: 'resource-exhausted', error: 'Too many requests: rate limit exceeded. Retry after 1 second.' },
      };
      return { [CHAT]: reply, [RESPONSES]: reply };
    },
  },
  unavailable: {
    description: 'Chat and responses answer 503 with a flat xAI error body.',
    defaults: () => {
      const reply = { status: 503, json: { code: 'unavailable', error: 'The service is currently unavailable' } };
      return { [CHAT]: reply, [RESPONSES]: reply };
    },
  },
  'stream-error': {
    description: 'A chat stream sends the first 4 chunks of 01, then an in-stream error event, and no [DONE].',
    defaults: () => ({
      [CHAT]: { events: [...recordedEvents('01').slice(0, 4), inStreamError()], done: false },
    }),
  },
  reasoning: {
    description: 'Chat replays the grok-3-mini reasoning recordings (05 streamed, 06 not).',
    defaults: () => ({
      [CHAT]: (request: RecordedRequest) => ({ recorded: streamed(request) ? '05' : '06' }),
    }),
  },
  'tool-call': {
    description: 'Chat replays a tool call (07 streamed, 10 not: two parallel calls).',
    defaults: () => ({
      [CHAT]: (request: RecordedRequest) => ({ recorded: streamed(request) ? '07' : '10' }),
    }),
  },
  'server-tools': {
    description:
      'Responses answers generated from the request (responsesScript.ts): a reasoning item with encrypted_content, then ' +
      'one call per server tool the request enables (web_search -> web_search_call with query and two example.com ' +
      'sources; x_search -> custom_tool_call x_keyword_search with streamed input; code_interpreter -> ' +
      'code_interpreter_call with code and output "55"), then the text citing every source as [[n]](url) with ' +
      'url_citation annotations, usage with cost_in_usd_ticks and cached tokens from the input prefix shared with the ' +
      'previous request of the same prompt_cache_key. Streamed or not, as asked. Chat as default.',
    defaults: () => ({ [RESPONSES]: { responses: {} } }),
  },
  'responses-web-search': {
    description: 'Responses replays the recorded web search: 33 streamed (one search, one [[1]] citation), 20 not.',
    defaults: () => ({ [RESPONSES]: (request: RecordedRequest) => ({ recorded: streamed(request) ? '33' : '20' }) }),
  },
  'responses-x-search': {
    description: 'Responses replays the recorded X search: 30 streamed (custom_tool_call x_keyword_search and view_x_video, four web searches, 20 x.com citations), 35 not.',
    defaults: () => ({ [RESPONSES]: (request: RecordedRequest) => ({ recorded: streamed(request) ? '30' : '35' }) }),
  },
  'responses-code-execution': {
    description: 'Responses: code execution. Streamed: generated (code_interpreter_call with code and output "55"); not streamed: recorded 36.',
    defaults: () => ({
      [RESPONSES]: (request: RecordedRequest) =>
        streamed(request) ? { responses: { codeExecution: true, webSearch: false, xSearch: false, text: 'The sum is 55.' } } : { recorded: '36' },
    }),
  },
  'responses-function-call': {
    description: 'Responses: the model calls the client function "weather": recorded 34 streamed (reasoning with encrypted_content, then the call), generated when not streamed.',
    defaults: () => ({
      [RESPONSES]: (request: RecordedRequest) =>
        streamed(request) ? { recorded: '34' } : { responses: { functionCall: { name: 'weather', arguments: '{"latitude":"52.5200","longitude":"13.4050"}' } } },
    }),
  },
  'no-responses-api': {
    description: 'A compatible server without the Responses API: /v1/responses answers 404 {"detail":"Not Found"}; chat works as by default.',
    defaults: () => ({ [RESPONSES]: { status: 404, json: { detail: 'Not Found' } } }),
  },
  'images-url': {
    description: 'Image generation answers temporary URLs (like recorded 47) pointing at this server\'s /imgen/, whatever response_format asked.',
    defaults: () => ({ [IMAGES]: (request: RecordedRequest) => imageGenerationReply(request, 'url') }),
  },
  'retired-model': {
    description: 'Chat and responses answer recording 49: 404 "The model grok-beta was deprecated ...".',
    defaults: () => ({ [CHAT]: { recorded: '49' }, [RESPONSES]: { recorded: '49' } }),
  },
  'unsupported-parameter': {
    description: 'Chat and responses answer recording 50 (400 "does not support parameter reasoningEffort") when the body asks for a reasoning effort; otherwise as by default.',
    defaults: () => ({
      [CHAT]: (request: RecordedRequest) => (asksReasoningEffort(request) ? { recorded: '50' } : { recorded: streamed(request) ? '01' : '02' }),
      [RESPONSES]: (request: RecordedRequest) => (asksReasoningEffort(request) ? { recorded: '50' } : { recorded: streamed(request) ? '21' : '20' }),
    }),
  },
  'out-of-credits': {
    description: 'Chat, responses and image generation answer 403 permission-denied "used all available credits or reached its monthly spending limit".',
    defaults: () => ({ [CHAT]: OUT_OF_CREDITS, [RESPONSES]: OUT_OF_CREDITS, [IMAGES]: OUT_OF_CREDITS }),
  },
  'long-stream': {
    description: 'Chat streams 20000 generated deltas (half reasoning), for load and rendering tests.',
    defaults: () => ({ [CHAT]: { longStream: { events: 20000, reasoning: true }, writesPerTick: 16 } }),
  },
  demo: {
    description: 'npm start -- --demo: recorded answers in turn (chat: text, reasoning, a tool call; responses: reasoning, web search with citations, a function call) and a local image.',
    defaults: demoDefaults,
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(name: string): name is ScenarioName {
  return Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}
