// The Reply type: how a test scripts one response. An option bag rather than a class so the same
// value can be written inline in a unit test or sent as JSON to the control endpoint of a server
// running in another process (every field but `handler` is JSON-expressible).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Chunking } from './chunking';
import { longStreamEvents, type LongStreamOptions } from './longStream';
import { findRecording, readRecordedHeaders, readRecording } from './recorded';
import type { RecordedRequest } from './recordedRequest';
import type { ResponsesScript } from './responsesScript';
import { encodeEvents, encodeFrames, type SseFrame } from './sse';

export type ReplyHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  request: RecordedRequest,
) => void | Promise<void>;

export interface Reply {
  // ---- The body: at most one of these (none means an empty body). ----
  /** Replay a recording byte for byte: file name, name without extension, or number (`'05'`). Status and headers come from headers/<name>.response-headers.json. */
  recorded?: string | number;
  /** SSE `data:` events: strings are sent verbatim (so they can be invalid JSON or `[DONE]`), anything else as compact JSON. */
  events?: unknown[];
  /** SSE events with `event:` lines or comments (the Responses API's shape). */
  frames?: SseFrame[];
  /** A generated chat.completion.chunk stream (see longStream.ts). */
  longStream?: LongStreamOptions;
  /**
   * A generated /v1/responses answer (see responsesScript.ts): streamed when the request asked for a stream,
   * else the response object. Server tools, citations, reasoning with encrypted_content, usage with cost.
   */
  responses?: ResponsesScript;
  /** A generated /v1/responses/compact answer for the request's input (compaction.ts), e.g. with a delay to Stop. */
  compaction?: true;
  /** For events, frames and longStream: append `data: [DONE]` (default true). false = a stream that ends without it. */
  done?: boolean;
  /** A JSON body (e.g. xAI's flat `{code, error}` or OpenAI's `{error: {message, type, code}}`). */
  json?: unknown;
  /** Raw text or bytes. Content-Type defaults to text/event-stream. */
  body?: string | Uint8Array;
  /** Raw bytes as base64, for scripting arbitrary bytes over the JSON control endpoint. */
  bodyBase64?: string;
  /** Escape hatch: answer the request yourself. The body was already read: use `request.body`. */
  handler?: ReplyHandler;

  // ---- The envelope. ----
  /** Default 200, or the recorded status. */
  status?: number;
  /** Extra headers (e.g. Retry-After, x-request-id); they replace recorded ones of the same name. */
  headers?: Record<string, string | number | string[]>;
  contentType?: string;
  /** Send Content-Length instead of chunked transfer encoding. Default: true for `json` and for recordings that had one. */
  contentLength?: boolean;

  // ---- Timing and faults. ----
  /** Wait this long before sending the status line and headers. */
  headersDelayMs?: number;
  /** How the body is cut into writes. Default: one write per event for SSE, the whole body otherwise. */
  chunking?: Chunking;
  /** Pause between two writes. */
  chunkDelayMs?: number;
  /**
   * Without a delay, the server yields to the event loop after this many writes (default 1, so a
   * client in the same process reads each piece separately). Raise it for very long streams in
   * benchmarks: 20000 event-loop turns cost about half a second.
   */
  writesPerTick?: number;
  /** Send the headers and this much of the body, then nothing more until the client closes. Give neither field to stall right after the headers. */
  stall?: { afterBytes?: number; afterEvents?: number };
  /** Kill the connection: before the headers, or after this much of the body. Default mode 'rst' (TCP reset via resetAndDestroy); 'fin' closes it cleanly mid-body. */
  reset?: { beforeHeaders?: boolean; afterBytes?: number; afterEvents?: number; mode?: 'rst' | 'fin' };
}

/** Replies may be computed from the request (e.g. stream or not). */
export type ReplyFactory = (request: RecordedRequest) => Reply;
export type ReplySource = Reply | ReplyFactory;

const BODY_FIELDS = ['recorded', 'events', 'frames', 'longStream', 'responses', 'compaction', 'json', 'body', 'bodyBase64', 'handler'] as const;

/** Throws on a reply that cannot mean anything, so a bad script fails where it is written. */
export function validateReply(reply: Reply): void {
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) {
    throw new Error(`fake-xai: a reply must be an object, got ${JSON.stringify(reply)}`);
  }
  const given = BODY_FIELDS.filter((k) => reply[k] !== undefined);
  if (given.length > 1) {
    throw new Error(`fake-xai: a reply takes at most one body field, got ${given.join(', ')}`);
  }
  if (reply.recorded !== undefined) findRecording(reply.recorded);
  if (reply.status !== undefined && !(Number.isInteger(reply.status) && reply.status >= 100 && reply.status <= 999)) {
    throw new Error(`fake-xai: bad status ${reply.status}`);
  }
  if (reply.stall && reply.reset) {
    throw new Error('fake-xai: a reply can stall or reset, not both');
  }
}

/** A reply reduced to what goes on the wire. */
export interface ResolvedReply {
  status: number;
  /** [name, value] pairs in sending order, names as written (xAI's recorded casing). */
  headers: Array<[string, string | string[]]>;
  body: Buffer;
  isEventStream: boolean;
}

// Recorded headers the fake must not copy: hop-by-hop framing Node computes itself, the recording's
// own date, and values the recorder replaced with placeholders.
const DROPPED = new Set(['transfer-encoding', 'connection', 'keep-alive', 'content-length', 'date']);

export function resolveReply(reply: Reply): ResolvedReply {
  validateReply(reply);
  if (reply.responses !== undefined || reply.compaction !== undefined) throw new Error('fake-xai: a `responses` or `compaction` reply is expanded with its request first (server.ts)');
  const headers = new HeaderList();
  let status = reply.status ?? 200;
  let body: Buffer = Buffer.alloc(0);
  let contentLength = false;

  if (reply.recorded !== undefined) {
    const rec = readRecordedHeaders(reply.recorded);
    body = readRecording(reply.recorded);
    status = reply.status ?? rec.status.code;
    for (const [name, values] of Object.entries(rec.headers)) {
      const lower = name.toLowerCase();
      if (lower === 'content-length') contentLength = true;
      if (DROPPED.has(lower)) continue;
      const kept = values.map((v) => (lower === 'x-request-id' && isPlaceholder(v) ? randomUUID() : v));
      if (kept.some(isPlaceholder)) continue; // Cf-Ray, Set-Cookie: meaningless placeholders.
      headers.set(name, kept.length === 1 ? kept[0] : kept);
    }
  } else if (reply.events !== undefined) {
    body = encodeEvents(reply.events, reply.done ?? true);
    headers.set('Content-Type', 'text/event-stream');
    headers.set('Cache-Control', 'no-cache');
  } else if (reply.frames !== undefined) {
    body = encodeFrames(reply.frames, reply.done ?? true);
    headers.set('Content-Type', 'text/event-stream');
    headers.set('Cache-Control', 'no-cache');
  } else if (reply.longStream !== undefined) {
    body = encodeEvents(longStreamEvents(reply.longStream), reply.done ?? true);
    headers.set('Content-Type', 'text/event-stream');
    headers.set('Cache-Control', 'no-cache');
  } else if (reply.json !== undefined) {
    body = Buffer.from(JSON.stringify(reply.json), 'utf8');
    headers.set('Content-Type', 'application/json');
    contentLength = true;
  } else if (reply.body !== undefined) {
    body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : Buffer.from(reply.body);
    headers.set('Content-Type', 'text/event-stream');
  } else if (reply.bodyBase64 !== undefined) {
    body = Buffer.from(reply.bodyBase64, 'base64');
    headers.set('Content-Type', 'text/event-stream');
  }

  if (reply.contentType !== undefined) headers.set('Content-Type', reply.contentType);
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    headers.set(name, Array.isArray(value) ? value : String(value));
  }
  if (reply.contentLength ?? contentLength) headers.set('Content-Length', String(body.length));
  const type = headers.get('content-type');
  return {
    status,
    headers: headers.entries(),
    body,
    isEventStream: typeof type === 'string' && type.startsWith('text/event-stream'),
  };
}

function isPlaceholder(value: string): boolean {
  return /^<[A-Z_]+>$/.test(value);
}

/** Case-insensitive header map that keeps the first spelling and the insertion order. */
class HeaderList {
  private readonly map = new Map<string, [string, string | string[]]>();

  set(name: string, value: string | string[]): void {
    const key = name.toLowerCase();
    const existing = this.map.get(key);
    this.map.set(key, [existing ? existing[0] : name, value]);
  }

  get(name: string): string | string[] | undefined {
    return this.map.get(name.toLowerCase())?.[1];
  }

  entries(): Array<[string, string | string[]]> {
    return [...this.map.values()];
  }
}
