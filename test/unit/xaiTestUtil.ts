// Shared by the xAI client tests: an injected fetch that serves bytes split at seeded random points,
// stalled bodies, and small helpers. Not a test file itself (no .test.ts).
import type { StreamEvent, XaiLogEntry } from '../../src/xai/types';
import type { XaiClientOptions } from '../../src/xai/client';
import { XaiClient } from '../../src/xai/client';
import { createPrng } from '../fake-xai/prng';

/**
 * A key shaped like a real one, so redact() has something to catch if it ever leaks. Assembled at run
 * time so that no key-shaped literal sits in the repository (secret scanners would flag it).
 */
export const KEY = ['xai', 'SECRET'.repeat(3) + '123'].join('-');

/** Cuts bytes at random points (1..maxChunk bytes each), so splits land inside lines and UTF-8 characters. */
export function randomChunks(bytes: Uint8Array, seed: number, maxChunk = 40): Uint8Array[] {
  const next = createPrng(seed);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(next() * maxChunk);
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

export function streamOf(chunks: Uint8Array[], options: { stallAtEnd?: boolean; onCancel?: () => void } = {}): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) {
        controller.enqueue(chunks[i++]);
        return;
      }
      if (options.stallAtEnd) return new Promise<void>(() => undefined);
      controller.close();
    },
    cancel() {
      options.onCancel?.();
    },
  });
}

export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** The body, cut by `seed` (or sent whole without one). */
  body?: string | Uint8Array;
  seed?: number;
  /** Keep the body open after the bytes: a stalled connection. */
  stall?: boolean;
  /** Make fetch itself reject with this. */
  throws?: unknown;
  /** Make fetch never settle (until aborted, if it honours the signal). */
  hang?: boolean;
  /** Ignore the abort signal entirely, as a badly behaved fetch might. */
  ignoreAbort?: boolean;
}

/** A fetch that answers with the scripted replies in order (the last one repeats) and records each call. */
export function scriptedFetch(...replies: ScriptedReply[]): { fetch: typeof fetch; calls: FetchCall[]; cancelled: () => number } {
  const calls: FetchCall[] = [];
  let cancelled = 0;
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    const rawBody = typeof init?.body === 'string' ? init.body : undefined;
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: rawBody !== undefined ? JSON.parse(rawBody) : undefined,
      signal: init?.signal ?? undefined,
    });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply.throws !== undefined) throw reply.throws;
    if (reply.hang) {
      return new Promise<Response>((_resolve, reject) => {
        if (!reply.ignoreAbort) init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    const bytes = typeof reply.body === 'string' ? new TextEncoder().encode(reply.body) : (reply.body ?? new Uint8Array());
    const chunks = reply.seed !== undefined ? randomChunks(bytes, reply.seed) : bytes.length ? [bytes] : [];
    const body = streamOf(chunks, { stallAtEnd: reply.stall, onCancel: () => cancelled++ });
    return new Response(body, {
      status: reply.status ?? 200,
      headers: { 'content-type': 'text/event-stream', ...reply.headers },
    });
  };
  return { fetch: fetchFn as typeof fetch, calls, cancelled: () => cancelled };
}

/** SSE `data:` events the way xAI frames them, with `data: [DONE]` unless done is false. */
export function sse(payloads: unknown[], done = true): string {
  const events = payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`);
  return events.join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** Responses-API SSE: `event: <type>` before each data line, no [DONE]. */
export function typedSse(payloads: Array<{ type: string; [key: string]: unknown }>): string {
  return payloads.map((p) => `event: ${p.type}\ndata: ${JSON.stringify(p)}\n\n`).join('');
}

export function testClient(fetchFn: typeof fetch, options: Partial<XaiClientOptions> = {}): { client: XaiClient; logs: XaiLogEntry[] } {
  const logs: XaiLogEntry[] = [];
  const client = new XaiClient({
    baseUrl: 'https://api.x.ai/v1',
    apiKey: async () => KEY,
    fetch: fetchFn,
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
    onLog: (entry) => logs.push(entry),
    ...options,
  });
  return { client, logs };
}

export async function allEvents(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Exactly one terminal event, and it is the last one. */
export function terminalOf(events: StreamEvent[]): StreamEvent {
  const terminals = events.filter((e) => e.type === 'finish' || e.type === 'error');
  if (terminals.length !== 1) throw new Error(`expected exactly one finish/error, got ${terminals.length}: ${JSON.stringify(terminals)}`);
  if (events[events.length - 1] !== terminals[0]) throw new Error('the terminal event is not the last one');
  return terminals[0];
}

export function textOf(events: StreamEvent[], type: 'text' | 'reasoning' = 'text'): string {
  return events.map((e) => (e.type === type ? e.delta : '')).join('');
}

export const CHAT = { model: 'grok-4-1-fast-non-reasoning', messages: [{ role: 'user' as const, content: 'Count from 1 to 3' }] };
