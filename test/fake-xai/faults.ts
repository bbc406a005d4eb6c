// The fault matrix: every way the network or xAI can fail an answer, as replies this fake can send
// (JSON-expressible, so a test in another process scripts them through /__control/enqueue). Each
// fault says what text got through before it, so a test can check that exactly that is kept. The
// expectations (which error, which action) live in the tests that run them against each feature:
// test/vscode/faults.test.ts (chat, Insert at Cursor, Edit Selection in the real VS Code).
import { MALFORMED_EVENT } from './sse';
import type { Reply } from './reply';

export interface Fault {
  /** The number in the list ("1. 400 bad key", …), with a letter for variants. */
  id: string;
  name: string;
  /** Replies for the chat route, in order (a retried fault needs one per attempt). */
  replies: Reply[];
  /** The answer text the client receives before the fault ('' when it fails before any). */
  arrived: string;
  /** The whole answer, for faults a client must ride through (split characters, a trickle, 10 MB). */
  whole?: string;
  /** No server at all: the client must be pointed at a port nothing listens on. */
  connectionRefused?: true;
}

const MODEL = 'grok-4-1-fast-non-reasoning';
const BASE = { id: 'f4a17000-0000-4000-8000-000000000013', object: 'chat.completion.chunk', created: 1772541411, model: MODEL, system_fingerprint: 'fp_faults' };

/** chat.completion.chunk events in xAI's shape (recording 01): a delta per piece, then finish and usage unless `end` is false. */
export function answerEvents(pieces: string[], end = true): unknown[] {
  const deltas = pieces.map((content, i) => ({ ...BASE, choices: [{ index: 0, delta: i === 0 ? { content, role: 'assistant' } : { content } }] }));
  if (!end) return deltas;
  return [
    ...deltas,
    { ...BASE, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    { ...BASE, choices: [], usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 } },
  ];
}

/** One call of the client's function tool, as chat.completion.chunk events (finish reason tool_calls, then usage). */
export function toolCallEvents(id: string, name: string, args: string): unknown[] {
  return [
    { ...BASE, choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ id, index: 0, type: 'function', function: { name, arguments: args } }] } }] },
    { ...BASE, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    { ...BASE, choices: [], usage: { prompt_tokens: 400, completion_tokens: 20, total_tokens: 420 } },
  ];
}

/** What streams before a mid-stream fault: code, so that an editor command has written some of it. */
export const BEFORE_FAULT = ['const kept', ' = 1;\n', 'const also', 'Kept = 2;\n'];
const ARRIVED = BEFORE_FAULT.join('');
const AFTER_FAULT = ['const never', 'Seen = 3;\n'];

/** Out of credits as xAI said it in 2026-09 (quoted, not recorded: ../shared/xai-recorded/SOURCES.md). */
const OUT_OF_CREDITS_403 = {
  code: 'permission-denied',
  error:
    'Your team 0d9c3e52-1f4a-4b8e-9a51-7c2f1e0b6d13 has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit.',
};
const OUT_OF_CREDITS_429 = {
  code: 'Some resource has been exhausted',
  error: 'Your team 0d9c3e52-1f4a-4b8e-9a51-7c2f1e0b6d13 has either used all available credits or reached its monthly spending limit.',
};
const CAPTIVE_PORTAL = '<!DOCTYPE html>\n<html><head><title>Sign in to Airport Wi-Fi</title></head><body><h1>Welcome!</h1><p>Accept the terms to continue.</p><form action="/login"><button>Connect</button></form></body></html>\n';
const PROXY_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';

/** Text with 2-, 3- and 4-byte characters at the end, so that a cut falls inside one. */
const MULTIBYTE = ['Café', ' — 25°C', ' 🚀', ' naïve 😀'];

/** About 10 MB of answer: 160 pieces of 64 KiB of numbered lines. */
function tenMegabytes(): string[] {
  const line = (n: number) => `line ${String(n).padStart(7, '0')}: the quick brown fox jumps over the lazy dog ${'.'.repeat(8)}\n`;
  const pieces: string[] = [];
  let n = 0;
  for (let p = 0; p < 160; p++) {
    let piece = '';
    while (piece.length < 65_536 - 80) piece += line(n++);
    pieces.push(piece);
  }
  return pieces;
}

/** Every fault; `retries` is how many times the client retries (its grok.retries.max) for the retried ones. */
export function faultMatrix(retries: number): Fault[] {
  const attempts = retries + 1;
  const every = (reply: Reply): Reply[] => Array.from({ length: attempts }, () => reply);
  const ten = tenMegabytes();
  return [
    { id: '1a', name: '400 bad key (older code "Client specified an invalid argument", recording 16)', replies: [{ recorded: '16' }], arrived: '' },
    { id: '1b', name: '400 bad key (newer code "invalid-argument", recording 18)', replies: [{ recorded: '18' }], arrived: '' },
    {
      id: '2',
      name: '401 unauthenticated',
      replies: [{ status: 401, json: { code: 'unauthenticated', error: 'Invalid or missing API key. You can obtain an API key from https://console.x.ai.' } }],
      arrived: '',
    },
    { id: '3', name: '403 out of credits ("permission-denied")', replies: [{ status: 403, json: OUT_OF_CREDITS_403 }], arrived: '' },
    { id: '4', name: '404 retired model (recording 49)', replies: [{ recorded: '49' }], arrived: '' },
    { id: '5', name: '400 unsupported parameter (recording 50)', replies: [{ recorded: '50' }], arrived: '' },
    { id: '6', name: '400 context too long (recording 17)', replies: [{ recorded: '17' }], arrived: '' },
    {
      id: '7',
      name: '429 with Retry-After: 1, then the answer',
      replies: [
        { status: 429, headers: { 'Retry-After': '1' }, json: { code: 'Too many requests', error: 'Too many requests: the rate limit of your team was reached.' } },
        { events: answerEvents(BEFORE_FAULT) },
      ],
      arrived: ARRIVED,
      whole: ARRIVED,
    },
    { id: '8', name: '429 out of credits', replies: [{ status: 429, json: OUT_OF_CREDITS_429 }], arrived: '' },
    { id: '9a', name: '500 with a body', replies: every({ status: 500, json: { code: 'internal', error: 'Internal server error' } }), arrived: '' },
    { id: '9b', name: '500 without a body', replies: every({ status: 500 }), arrived: '' },
    { id: '9c', name: '502 with a proxy page', replies: every({ status: 502, contentType: 'text/html', body: PROXY_PAGE }), arrived: '' },
    { id: '9d', name: '502 without a body', replies: every({ status: 502 }), arrived: '' },
    { id: '9e', name: '503 with a body', replies: every({ status: 503, json: { code: 'unavailable', error: 'The service is currently unavailable' } }), arrived: '' },
    { id: '9f', name: '503 without a body', replies: every({ status: 503 }), arrived: '' },
    { id: '10', name: '200 with an HTML body (a captive portal)', replies: [{ status: 200, contentType: 'text/html; charset=utf-8', body: CAPTIVE_PORTAL }], arrived: '' },
    { id: '11', name: 'connection refused', replies: [], arrived: '', connectionRefused: true },
    { id: '12', name: 'stall before the headers', replies: [{ events: answerEvents(BEFORE_FAULT), headersDelayMs: 120_000 }], arrived: '' },
    { id: '13', name: 'stall mid-stream', replies: [{ events: answerEvents([...BEFORE_FAULT, ...AFTER_FAULT]), stall: { afterEvents: BEFORE_FAULT.length } }], arrived: ARRIVED },
    { id: '14', name: 'reset mid-stream', replies: [{ events: answerEvents([...BEFORE_FAULT, ...AFTER_FAULT]), reset: { afterEvents: BEFORE_FAULT.length } }], arrived: ARRIVED },
    {
      id: '15',
      name: 'a malformed event between good ones',
      replies: [{ events: [...answerEvents(BEFORE_FAULT, false), MALFORMED_EVENT, ...answerEvents(AFTER_FAULT)] }],
      arrived: ARRIVED,
    },
    {
      id: '16',
      name: 'an in-stream error event',
      replies: [{ events: [...answerEvents(BEFORE_FAULT, false), { code: 'unavailable', error: 'The service is currently unavailable' }], done: false }],
      arrived: ARRIVED,
    },
    { id: '17', name: 'the stream ends without [DONE] or a finish', replies: [{ events: answerEvents(BEFORE_FAULT, false), done: false }], arrived: ARRIVED },
    {
      id: '18',
      name: 'a UTF-8 character split across reads (every byte its own read)',
      replies: [{ events: answerEvents(MULTIBYTE), chunking: { kind: 'bytes' } }],
      arrived: MULTIBYTE.join(''),
      whole: MULTIBYTE.join(''),
    },
    { id: '19', name: 'a 10 MB answer', replies: [{ events: answerEvents(ten), writesPerTick: 8 }], arrived: ten.join(''), whole: ten.join('') },
    {
      id: '20',
      name: 'a trickle: one byte every 200 ms',
      replies: [{ events: [{ choices: [{ index: 0, delta: { content: 'ok' } }] }], chunking: { kind: 'bytes' }, chunkDelayMs: 200 }],
      arrived: 'ok',
      whole: 'ok',
    },
  ];
}
