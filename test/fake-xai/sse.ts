// SSE encoding in xAI's exact framing: `data: <compact JSON>\n\n`, LF only, ending `data: [DONE]\n\n`
// on chat completions; /v1/responses adds an `event: <type>` line before each data line.

/** A full SSE event, for streams that need `event:` lines (the Responses API) or comments. */
export interface SseFrame {
  /** Written as `event: <name>` before the data line. */
  event?: string;
  /** A string is written verbatim after `data: ` (so it can be invalid JSON); anything else as compact JSON. */
  data: unknown;
  /** Written as `: <comment>` (a keep-alive line clients must ignore). */
  comment?: string;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

/** The text after `data: `: strings verbatim, everything else JSON.stringify'd (compact, like xAI). */
export function dataText(payload: unknown): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

export function encodeFrame(frame: SseFrame): string {
  let out = '';
  if (frame.comment !== undefined) out += `: ${frame.comment}\n`;
  if (frame.event !== undefined) out += `event: ${frame.event}\n`;
  return `${out}data: ${dataText(frame.data)}\n\n`;
}

/** `data:` events from payloads, then `data: [DONE]` unless `done` is false. */
export function encodeEvents(payloads: readonly unknown[], done = true): Buffer {
  const parts = payloads.map((p) => `data: ${dataText(p)}\n\n`);
  if (done) parts.push(DONE_EVENT);
  return Buffer.from(parts.join(''), 'utf8');
}

export function encodeFrames(frames: readonly SseFrame[], done = true): Buffer {
  const parts = frames.map(encodeFrame);
  if (done) parts.push(DONE_EVENT);
  return Buffer.from(parts.join(''), 'utf8');
}

/** Byte offsets just past each event's terminating blank line (`\n\n`). */
export function eventEndOffsets(body: Buffer): number[] {
  const ends: number[] = [];
  let from = 0;
  for (;;) {
    const at = body.indexOf('\n\n', from);
    if (at < 0) return ends;
    ends.push(at + 2);
    from = at + 2;
  }
}

/**
 * The error xAI can send inside a stream, after a 200 (docs: "The service is currently unavailable",
 * "Timed out waiting for first token"). Flat `{code, error}`, like its HTTP error bodies; the code uses
 * the newer kebab-case style of recording 18 (the exact in-stream code is not recorded).
 */
export function inStreamError(
  error = 'The service is currently unavailable',
  code = 'unavailable',
): { code: string; error: string } {
  return { code, error };
}

/** A data line that is not valid JSON (cut off mid-object), for parsers that must survive one. */
export const MALFORMED_EVENT = '{"id":"malformed","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"oops';
