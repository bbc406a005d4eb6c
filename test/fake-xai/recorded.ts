// Finds and reads the real api.x.ai recordings (bodies, response headers, requests) that the fake
// server replays. The recordings live beside the repository (../shared/xai-recorded), not in it, so
// the path is resolved from this file, with XAI_RECORDED_DIR as an override. A missing folder is a
// loud error, never a skipped test: tests that silently pass without the real bytes prove nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RECORDED_DIR_ENV = 'XAI_RECORDED_DIR';

/** The recorded status line and response headers (values are lists, as the recorder stored them). */
export interface RecordedHeaders {
  status: { code: number; message: string };
  headers: Record<string, string[]>;
  recorded_at: string;
}

/** The request that produced a recording (`method` is lower-case, `uri` the full api.x.ai URL). */
export interface RecordedRequestFile {
  method: string;
  uri: string;
  body: string;
}

let cachedDir: string | undefined;
const bodyCache = new Map<string, Buffer>();

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The recordings folder; throws naming every path tried when it cannot be found. */
export function recordedDir(): string {
  if (cachedDir) return cachedDir;
  const override = process.env[RECORDED_DIR_ENV];
  if (override) {
    const dir = path.resolve(override);
    // An explicit override that is wrong must fail, not fall back to some other copy.
    if (!isDir(dir)) {
      throw new Error(`fake-xai: ${RECORDED_DIR_ENV}=${override} is not a directory (resolved to ${dir})`);
    }
    cachedDir = dir;
    return dir;
  }
  // test/fake-xai -> repository root -> its parent, where `shared/` sits beside the repository.
  const primary = path.resolve(__dirname, '../../../shared/xai-recorded');
  const tried = [primary];
  if (isDir(primary)) {
    cachedDir = primary;
    return primary;
  }
  // A worktree or copy placed deeper than usual: look in every ancestor for shared/xai-recorded.
  for (let dir = path.resolve(__dirname, '..'); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'xai-recorded');
    if (!tried.includes(candidate)) tried.push(candidate);
    if (isDir(candidate)) {
      cachedDir = candidate;
      return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `fake-xai: the recorded xAI responses were not found. Tried:\n  ${tried.join('\n  ')}\n` +
      `Put the recordings at ${primary} or set ${RECORDED_DIR_ENV} to their folder.`,
  );
}

/**
 * Folder of the payload-per-line recordings (30-32, 38): one SSE `data:` JSON payload per line, the `event:`
 * lines and blank lines were not stored. They are listed as `payload-per-line/<file>` and replayed with their
 * framing rebuilt (see rebuildSseFraming).
 */
export const PAYLOAD_PER_LINE = 'payload-per-line';

/**
 * Body file names (e.g. `05-stream-reasoning-grok-3-mini-high.sse`, `payload-per-line/30-....chunks.jsonl`),
 * sorted by their number.
 */
export function listRecordings(): string[] {
  const dir = recordedDir();
  const bodies = fs.readdirSync(dir).filter((name) => /^\d\d-.*\.(sse|json)$/.test(name));
  const perLine = path.join(dir, PAYLOAD_PER_LINE);
  const rebuilt = isDir(perLine)
    ? fs
        .readdirSync(perLine)
        .filter((name) => /^\d\d-.*\.chunks\.jsonl$/.test(name))
        .map((name) => `${PAYLOAD_PER_LINE}/${name}`)
    : [];
  return [...bodies, ...rebuilt].sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
}

/** The file name without its folder: `30-responses-stream-....chunks.jsonl`. */
export function recordingBaseName(name: string): string {
  return path.basename(name);
}

/** True for the payload-per-line recordings, whose replayed bytes are rebuilt rather than read. */
export function isPayloadPerLine(name: string): boolean {
  return name.startsWith(`${PAYLOAD_PER_LINE}/`);
}

/**
 * The Responses API's framing around stored payloads: `event: <payload.type>` then `data: <line>` and a blank
 * line, LF only, as in the byte-exact recordings 21, 33 and 34. The payload text is kept byte for byte.
 */
export function rebuildSseFraming(jsonLines: string): string {
  return jsonLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const payload = JSON.parse(line) as { type?: unknown };
      const event = typeof payload.type === 'string' ? `event: ${payload.type}\n` : '';
      return `${event}data: ${line}\n\n`;
    })
    .join('');
}

/** The network read sizes the recorder captured (chunk-boundaries/<prefix>.chunk-boundaries.json), where it did. */
export function recordedChunkSizes(ref: string | number): number[] | undefined {
  const name = findRecording(ref);
  const file = path.join(recordedDir(), 'chunk-boundaries', `${recordingPrefix(name)}.chunk-boundaries.json`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as number[];
}

/**
 * Resolves a recording reference to its file name: the full name, the name without its extension,
 * or just its number (`'16'` or `16`). Throws listing the recordings when none or several match.
 */
export function findRecording(ref: string | number): string {
  const names = listRecordings();
  const key = typeof ref === 'number' ? String(ref).padStart(2, '0') : ref;
  const exact = names.find((n) => n === key || recordingPrefix(n) === key || recordingBaseName(n) === key);
  if (exact) return exact;
  const byNumber = /^\d{1,2}$/.test(key) ? names.filter((n) => recordingBaseName(n).startsWith(`${key.padStart(2, '0')}-`)) : [];
  if (byNumber.length === 1) return byNumber[0];
  throw new Error(`fake-xai: no recording named "${key}" in ${recordedDir()}; have:\n  ${names.join('\n  ')}`);
}

/** The base name without its final extension; the headers, request and chunk-boundary files are keyed by it. */
export function recordingPrefix(name: string): string {
  return recordingBaseName(name).replace(/\.(sse|json|chunks\.jsonl)$/, '');
}

/**
 * The recorded body, byte for byte; for a payload-per-line recording, its payloads with the SSE framing
 * rebuilt (the payload bytes unchanged).
 */
export function readRecording(ref: string | number): Buffer {
  const name = findRecording(ref);
  let body = bodyCache.get(name);
  if (!body) {
    const raw = fs.readFileSync(path.join(recordedDir(), name));
    body = isPayloadPerLine(name) ? Buffer.from(rebuildSseFraming(raw.toString('utf8')), 'utf8') : raw;
    bodyCache.set(name, body);
  }
  return body;
}

/** The stored file itself (for a payload-per-line recording, the JSON lines without framing). */
export function readRecordingFile(ref: string | number): Buffer {
  return fs.readFileSync(path.join(recordedDir(), findRecording(ref)));
}

export function readRecordedHeaders(ref: string | number): RecordedHeaders {
  const name = findRecording(ref);
  const file = path.join(recordedDir(), 'headers', `${recordingPrefix(name)}.response-headers.json`);
  // The payload-per-line fixtures kept no headers: they were 200 event streams (SOURCES.md).
  if (isPayloadPerLine(name) && !fs.existsSync(file)) {
    return { status: { code: 200, message: 'OK' }, headers: { 'Content-Type': ['text/event-stream'] }, recorded_at: '' };
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RecordedHeaders;
}

export function readRecordedRequest(ref: string | number): RecordedRequestFile {
  const name = findRecording(ref);
  const file = path.join(recordedDir(), 'requests', `${recordingPrefix(name)}.request.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RecordedRequestFile;
}

/**
 * The parsed `data:` payloads of a recorded stream, without the final `[DONE]`: a starting point for
 * tests that splice in a malformed or error event, or cut a stream short.
 */
export function recordedEvents(ref: string | number): unknown[] {
  const text = readRecording(ref).toString('utf8');
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trimStart();
    if (data === '[DONE]') continue;
    out.push(JSON.parse(data));
  }
  return out;
}
