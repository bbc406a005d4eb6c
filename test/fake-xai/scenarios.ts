// Named behaviours for a whole server, chosen with `--scenario` when the fake runs as its own
// process (VS Code integration tests cannot reach into it to enqueue replies per test, though they
// can also use the control endpoint). Each maps routes to default replies.
import { recordedEvents } from './recorded';
import type { RecordedRequest } from './recordedRequest';
import type { ReplySource } from './reply';
import { inStreamError } from './sse';
import { demoDefaults } from './demo';

const CHAT = 'POST /v1/chat/completions';
const RESPONSES = 'POST /v1/responses';

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
