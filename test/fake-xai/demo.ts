// The `demo` scenario (npm start -- --demo): real recorded Grok answers, one after another, so that a
// newcomer without a key sees each kind of answer the extension renders. The answers are recordings of
// other questions: the point is to see streaming, reasoning, search citations, a tool call and an image
// work, not to get an answer to what was asked.
import type { RecordedRequest } from './recordedRequest';
import type { ReplySource } from './reply';

function streamed(request: RecordedRequest): boolean {
  return (request.json as { stream?: unknown } | undefined)?.stream === true;
}

/** Each call gives the next item, round and round. */
function rotation<T>(items: T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length];
}

/**
 * A 1×1 PNG in place of the recorded image's URL: the recording (47) points at xAI's image host, and
 * the demo must not reach any machine but this one.
 */
const LOCAL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==';

/** Chat: text, reasoning (grok-4.3, then grok-3-mini), a tool call, code with reasoning. */
export const DEMO_CHAT_STREAMS = ['01', '04', '05', '07', '43'];
/** Responses API: reasoning, web search with citations, a function call. */
export const DEMO_RESPONSES_STREAMS = ['21', '33', '34'];

export function demoDefaults(): Record<string, ReplySource> {
  const chat = rotation(DEMO_CHAT_STREAMS);
  const responses = rotation(DEMO_RESPONSES_STREAMS);
  return {
    // Event by event, a little apart, so the answer visibly streams.
    'POST /v1/chat/completions': (request: RecordedRequest) =>
      streamed(request) ? { recorded: chat(), chunking: { kind: 'events' }, chunkDelayMs: 3 } : { recorded: '02' },
    'POST /v1/responses': (request: RecordedRequest) =>
      streamed(request) ? { recorded: responses(), chunking: { kind: 'events' }, chunkDelayMs: 3 } : { recorded: '20' },
    'POST /v1/images/generations': { json: { data: [{ b64_json: LOCAL_PNG, mime_type: 'image/png' }], usage: { cost_in_usd_ticks: 200000000 } } },
  };
}
