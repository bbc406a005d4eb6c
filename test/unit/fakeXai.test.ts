// Tests of the fake xAI server itself: other tests trust it to put the recorded bytes on the wire
// unchanged and to report cancellations faithfully, so both are checked against independent sources
// (the files read directly, SOURCES.md's sizes and hashes) and with controls that must differ.
import { test, after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { splitBody } from '../fake-xai/chunking';
import { isPayloadPerLine, listRecordings, readRecordedHeaders, readRecording, recordedDir, recordedEvents } from '../fake-xai/recorded';
import { SCENARIOS } from '../fake-xai/scenarios';
import {
  FAKE_IMAGE_PNG,
  inStreamError,
  longStreamText,
  MALFORMED_EVENT,
  openAiError,
  startFakeXai,
  xaiError,
  type FakeXai,
} from '../fake-xai/server';

const AUTH = { Authorization: 'Bearer xai-test-key-0001' };
const CHAT = 'POST /v1/chat/completions';

let fake: FakeXai;

before(async () => {
  fake = await startFakeXai();
});
beforeEach(() => fake.reset());
after(() => fake.close());

function post(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
}

async function bytes(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

/** Reads until `count` complete SSE events (blank-line terminated) have arrived. */
async function readEvents(reader: ReadableStreamDefaultReader<Uint8Array>, count: number): Promise<Buffer> {
  let got = Buffer.alloc(0);
  while (got.toString('latin1').split('\n\n').length - 1 < count) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended after ${got.length} bytes`);
    got = Buffer.concat([got, value]);
  }
  return got;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** File name -> {bytes, sha16} from the table in SOURCES.md: an independent record of each body. */
function sourcesTable(): Map<string, { bytes: number; sha16: string }> {
  const table = new Map<string, { bytes: number; sha16: string }>();
  for (const line of fs.readFileSync(path.join(recordedDir(), 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!/^(payload-per-line\/)?\d\d-/.test(cells[1] ?? '')) continue;
    table.set(cells[1], { bytes: Number(cells[5]), sha16: cells[6] });
  }
  return table;
}

test('the recordings are found and all 41 are listed, the payload-per-line ones among them in number order', () => {
  const names = listRecordings();
  assert.equal(names.length, 41);
  assert.equal(names[0], '01-stream-text-grok-4-1-fast-non-reasoning.sse');
  assert.equal(names[20], '21-responses-api-stream-reasoning-grok-4.3.sse');
  assert.equal(names[21], 'payload-per-line/30-responses-stream-x_search-custom_tool_call-web_search_call-annotations.chunks.jsonl');
  assert.equal(names[40], '50-error-400-grok-code-fast-1-reasoning_effort-unsupported.json');
  assert.deepEqual(names.filter(isPayloadPerLine).length, 4);
});

test('replay with seeded random chunking reassembles every recording byte for byte', async () => {
  const sources = sourcesTable();
  const names = listRecordings();
  assert.equal(sources.size, names.length, 'SOURCES.md lists every recording');
  for (const [i, name] of names.entries()) {
    const stored = fs.readFileSync(path.join(recordedDir(), name));
    const expected = sources.get(name);
    assert.ok(expected, `${name} is in SOURCES.md`);
    assert.equal(stored.length, expected.bytes, `${name} size matches SOURCES.md`);
    assert.equal(createHash('sha256').update(stored).digest('hex').slice(0, 16), expected.sha16, `${name} hash`);
    // The payload-per-line files go out with their SSE framing rebuilt (conformance.test.ts checks the rebuild).
    const onDisk = isPayloadPerLine(name) ? readRecording(name) : stored;

    const chunking = { kind: 'random' as const, seed: 1000 + i, maxSize: 97 };
    fake.enqueue(CHAT, { recorded: name, chunking });
    const res = await post(`${fake.url}/chat/completions`, { stream: true });
    const body = await bytes(res);
    const recorded = readRecordedHeaders(name);
    assert.equal(res.status, recorded.status.code, `${name} status`);
    assert.equal(res.headers.get('content-type'), recorded.headers['Content-Type'][0], `${name} content-type`);
    assert.ok(body.equals(onDisk), `${name}: ${body.length} bytes received, ${onDisk.length} expected, identical`);
    // The body really went out in the seeded pieces, not in one write.
    const request = fake.requests[fake.requests.length - 1];
    assert.equal(request.chunksSent, splitBody(onDisk, chunking).length, `${name} chunk count`);
    assert.ok(request.chunksSent >= Math.ceil(onDisk.length / 97), `${name} was split`);
  }
  assert.equal(fake.requests.length, names.length);
});

test('recorded headers are replayed: rate-limit headers kept, placeholders replaced or dropped', async () => {
  fake.enqueue(CHAT, { recorded: '01-stream-text-grok-4-1-fast-non-reasoning.sse' });
  const res = await post(`${fake.url}/chat/completions`, { stream: true });
  await bytes(res);
  assert.equal(res.headers.get('x-ratelimit-limit-requests'), '607');
  assert.equal(res.headers.get('x-ratelimit-remaining-tokens'), '4000000');
  assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(res.headers.get('cf-ray'), null);
  assert.equal(res.headers.get('transfer-encoding'), 'chunked');
});

test('random split points reproduce from the seed and do fall inside UTF-8 characters', () => {
  const body = fs.readFileSync(path.join(recordedDir(), '08-stream-text-after-tool-result-grok-4-1-fast-non-reasoning.sse'));
  const cuts = (seed: number) => {
    let at = 0;
    return splitBody(body, { kind: 'random', seed, maxSize: 40 }).map((c) => (at += c.length));
  };
  assert.deepEqual(cuts(7), cuts(7));
  assert.notDeepEqual(cuts(7), cuts(8));
  let insideCharacter = 0;
  for (let seed = 0; seed < 50; seed++) {
    for (const cut of cuts(seed)) if (cut < body.length && (body[cut] & 0xc0) === 0x80) insideCharacter++;
  }
  assert.ok(insideCharacter > 0, 'some cut lands on a UTF-8 continuation byte');
  assert.ok(Buffer.concat(splitBody(body, { kind: 'bytes' })).equals(body));
  assert.deepEqual(
    splitBody(Buffer.from('abcdefghij'), { kind: 'sizes', sizes: [3, 1] }).map(String),
    ['abc', 'd', 'efg', 'h', 'ij'],
  );
});

test('byte-by-byte and fixed-size chunking put that many writes on the wire', async () => {
  const name = '07-stream-tool-call-grok-4-1-fast-non-reasoning.sse';
  const onDisk = fs.readFileSync(path.join(recordedDir(), name));
  fake.enqueue(CHAT, { recorded: name, chunking: { kind: 'bytes' } }, { recorded: name, chunking: { kind: 'sizes', sizes: [100] } });
  // Read piece by piece: the writes must reach a client in this process as separate reads, or a
  // test of its split handling would only ever see one coalesced buffer.
  const reader = (await post(`${fake.url}/chat/completions`, {})).body!.getReader();
  const pieces: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) pieces.push(r.value);
  assert.ok(Buffer.concat(pieces).equals(onDisk));
  assert.ok(pieces.length > 100, `${pieces.length} reads for ${onDisk.length} one-byte writes`);
  assert.ok((await bytes(await post(`${fake.url}/chat/completions`, {}))).equals(onDisk));
  assert.equal(fake.requests[0].chunksSent, onDisk.length);
  assert.equal(fake.requests[1].chunksSent, Math.ceil(onDisk.length / 100));
});

test('replies are FIFO per route, then the default, then the built-in answer', async () => {
  fake.enqueue(CHAT, { json: { n: 1 } }, { json: { n: 2 } });
  fake.setDefault(CHAT, { json: { n: 'default' } });
  assert.equal(fake.pending(CHAT), 2);
  const seen = [];
  for (let i = 0; i < 3; i++) seen.push(await (await post(`${fake.url}/chat/completions`, {})).json());
  assert.deepEqual(seen, [{ n: 1 }, { n: 2 }, { n: 'default' }]);
  assert.equal(fake.pending(), 0);
  fake.setDefault(CHAT, undefined);
  const builtin = (await (await post(`${fake.url}/chat/completions`, {})).json()) as { object: string };
  assert.equal(builtin.object, 'chat.completion');
  assert.deepEqual(
    fake.requests.map((r) => r.answeredBy),
    ['queue', 'queue', 'default', 'builtin'],
  );
});

test('records closedByClient when the client aborts mid-response, and only then', async () => {
  fake.enqueue(CHAT, { recorded: '01' }, { events: recordedEvents('01'), stall: { afterEvents: 2 } });
  await bytes(await post(`${fake.url}/chat/completions`, { stream: true }));
  const abort = new AbortController();
  const res = await post(`${fake.url}/chat/completions`, { stream: true }, { signal: abort.signal });
  const reader = res.body!.getReader();
  await readEvents(reader, 2);
  assert.equal(fake.requests[1].closedByClient, false, 'not closed before the abort');
  abort.abort();
  const closed = await fake.waitForClientClose(1000);
  assert.equal(closed, fake.requests[1]);
  assert.equal(closed.closedByClient, true);
  assert.ok(closed.closedAt! >= closed.headersSentAt!);
  assert.equal(fake.requests[0].closedByClient, false, 'a response read to the end is not a client close');
});

test('waitForClientClose rejects on timeout when nothing was closed', async () => {
  await bytes(await post(`${fake.url}/chat/completions`, {}));
  await assert.rejects(fake.waitForClientClose(50), /within 50 ms/);
});

test('stall: sends N events, then nothing until the client closes', async () => {
  const events = recordedEvents('01');
  fake.enqueue(CHAT, { events, stall: { afterEvents: 3 } });
  const abort = new AbortController();
  const res = await post(`${fake.url}/chat/completions`, { stream: true }, { signal: abort.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const got = await readEvents(reader, 3);
  const expected = events.slice(0, 3).map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');
  assert.equal(got.toString('utf8'), expected);
  const more = await Promise.race([reader.read().then(() => 'data'), sleep(300).then(() => 'silence')]);
  assert.equal(more, 'silence');
  assert.equal(fake.requests[0].bytesSent, Buffer.byteLength(expected));
  assert.equal(fake.requests[0].endedAt, undefined);
  abort.abort();
  assert.equal((await fake.waitForClientClose(1000)).index, 0);
});

test('stall with no offset sends the headers and no body (hang)', async () => {
  fake.enqueue(CHAT, { events: [], done: false, stall: {} });
  const abort = new AbortController();
  const res = await post(`${fake.url}/chat/completions`, { stream: true }, { signal: abort.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const first = await Promise.race([res.body!.getReader().read().then(() => 'data'), sleep(200).then(() => 'silence')]);
  assert.equal(first, 'silence');
  abort.abort();
  await fake.waitForClientClose(1000);
});

test('headersDelayMs holds the status line back', async () => {
  fake.enqueue(CHAT, { json: { ok: true }, headersDelayMs: 250 });
  const start = Date.now();
  const res = await post(`${fake.url}/chat/completions`, {});
  const elapsed = Date.now() - start;
  assert.deepEqual(await res.json(), { ok: true });
  assert.ok(elapsed >= 240, `headers came after ${elapsed} ms`);
  const r = fake.requests[0];
  assert.ok(r.headersSentAt! - r.bodyReceivedAt! >= 240);
  // Control: without the delay the same reply is quick.
  fake.enqueue(CHAT, { json: { ok: true } });
  const t = Date.now();
  await (await post(`${fake.url}/chat/completions`, {})).json();
  assert.ok(Date.now() - t < 200);
});

test('chunkDelayMs spaces the writes', async () => {
  fake.enqueue(CHAT, { events: [{ a: 1 }, { a: 2 }, { a: 3 }], chunkDelayMs: 60 });
  const start = Date.now();
  const body = await bytes(await post(`${fake.url}/chat/completions`, {}));
  assert.equal(body.toString(), 'data: {"a":1}\n\ndata: {"a":2}\n\ndata: {"a":3}\n\ndata: [DONE]\n\n');
  assert.equal(fake.requests[0].chunksSent, 4);
  assert.ok(Date.now() - start >= 170, '3 pauses of 60 ms');
});

test('status with Retry-After and x-request-id, in both error body shapes', async () => {
  fake.enqueue(
    CHAT,
    xaiError(429, 'resource-exhausted', 'Too many requests', { 'Retry-After': '2', 'x-request-id': 'req-123' }),
    openAiError(503, 'overloaded', 'server_error', 'overloaded'),
  );
  const limited = await post(`${fake.url}/chat/completions`, {});
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '2');
  assert.equal(limited.headers.get('x-request-id'), 'req-123');
  assert.equal(limited.headers.get('content-type'), 'application/json');
  assert.deepEqual(await limited.json(), { code: 'resource-exhausted', error: 'Too many requests' });
  const down = await post(`${fake.url}/chat/completions`, {});
  assert.equal(down.status, 503);
  assert.deepEqual(await down.json(), { error: { message: 'overloaded', type: 'server_error', code: 'overloaded' } });
});

test('reset after N bytes: the client gets exactly N bytes, then an error; not a client close', async () => {
  const events = recordedEvents('01');
  fake.enqueue(CHAT, { events, reset: { afterBytes: 150 } });
  const res = await post(`${fake.url}/chat/completions`, { stream: true });
  const reader = res.body!.getReader();
  let got = 0;
  await assert.rejects(async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      got += value.length;
    }
  });
  assert.equal(got, 150);
  assert.equal(fake.requests[0].bytesSent, 150);
  await sleep(20);
  assert.equal(fake.requests[0].closedByClient, false);
});

test('reset before headers makes fetch itself fail', async () => {
  fake.enqueue(CHAT, { json: {}, reset: { beforeHeaders: true } });
  await assert.rejects(post(`${fake.url}/chat/completions`, {}), TypeError);
  assert.equal(fake.requests[0].status, undefined);
});

test('inline SSE: malformed event, in-stream error, no [DONE]; typed frames', async () => {
  fake.enqueue(
    CHAT,
    { events: [{ x: 1 }, MALFORMED_EVENT, inStreamError()], done: false },
    { frames: [{ event: 'response.created', data: { sequence_number: 0 } }], done: false },
  );
  const body = (await bytes(await post(`${fake.url}/chat/completions`, {}))).toString('utf8');
  assert.equal(
    body,
    `data: {"x":1}\n\ndata: ${MALFORMED_EVENT}\n\ndata: {"code":"unavailable","error":"The service is currently unavailable"}\n\n`,
  );
  assert.throws(() => JSON.parse(MALFORMED_EVENT));
  const typed = (await bytes(await post(`${fake.url}/chat/completions`, {}))).toString('utf8');
  assert.equal(typed, 'event: response.created\ndata: {"sequence_number":0}\n\n');
});

test('longStream: 20000 deltas in the real chunk shape, reasoning first, finish then usage', async () => {
  const options = { events: 20000, reasoning: true };
  fake.enqueue(CHAT, { longStream: options, writesPerTick: 64 });
  const text = (await bytes(await post(`${fake.url}/chat/completions`, { stream: true }))).toString('utf8');
  const frames = text.split('\n\n');
  assert.equal(frames.pop(), '');
  assert.equal(frames.pop(), 'data: [DONE]');
  assert.equal(frames.length, 20002);
  const chunks = frames.map((f) => {
    assert.ok(f.startsWith('data: {'));
    return JSON.parse(f.slice(6)) as {
      id: string;
      object: string;
      model: string;
      choices: Array<{ index: number; delta: Record<string, string>; finish_reason?: string }>;
      usage?: {
        prompt_tokens: number;
        completion_tokens: number;
        total_tokens: number;
        completion_tokens_details: { reasoning_tokens: number };
      };
    };
  });
  let reasoning = '';
  let content = '';
  for (const [i, c] of chunks.slice(0, 20000).entries()) {
    assert.equal(c.object, 'chat.completion.chunk');
    assert.equal(c.choices.length, 1);
    assert.equal(c.choices[0].finish_reason, undefined, 'no finish_reason key before the finish chunk');
    const delta = c.choices[0].delta;
    assert.equal(delta.role !== undefined, i === 0, 'role only in the first delta');
    assert.ok(!(delta.reasoning_content !== undefined && delta.content !== undefined));
    if (delta.reasoning_content !== undefined) {
      assert.equal(content, '', 'reasoning comes before content');
      reasoning += delta.reasoning_content;
    } else content += delta.content;
  }
  const expected = longStreamText(options);
  assert.equal(reasoning, expected.reasoning);
  assert.equal(content, expected.content);
  assert.ok(Buffer.byteLength(content) > content.length, 'the text includes multi-byte characters');
  const finish = chunks[20000];
  assert.deepEqual(finish.choices, [{ index: 0, delta: {}, finish_reason: 'stop' }]);
  const usage = chunks[20001];
  assert.deepEqual(usage.choices, []);
  assert.equal(usage.usage!.completion_tokens, 10000);
  assert.equal(usage.usage!.completion_tokens_details.reasoning_tokens, 10000);
  assert.equal(usage.usage!.total_tokens, usage.usage!.prompt_tokens + 20000);
  assert.equal(new Set(chunks.map((c) => c.id)).size, 1);
});

test('auth: no key is 401, an invalid key gets recorded 16 (18 on /v1/responses), unknown route 404', async () => {
  const noKey = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{}' });
  assert.equal(noKey.status, 401);
  const flat = (await noKey.json()) as { code: string; error: string };
  assert.equal(typeof flat.code, 'string');
  assert.equal(typeof flat.error, 'string');

  fake.setInvalidKeys(['xai-bad']);
  fake.enqueue(CHAT, { json: { scripted: true } });
  const bad = { Authorization: 'Bearer xai-bad' };
  const chat = await fetch(`${fake.url}/chat/completions`, { method: 'POST', headers: bad, body: '{}' });
  assert.equal(chat.status, 400);
  assert.ok((await bytes(chat)).equals(fs.readFileSync(path.join(recordedDir(), '16-error-400-invalid-api-key-chat-completions.json'))));
  const responses = await fetch(`${fake.url}/responses`, { method: 'POST', headers: bad, body: '{}' });
  assert.equal(responses.status, 400);
  assert.ok((await bytes(responses)).equals(fs.readFileSync(path.join(recordedDir(), '18-error-400-invalid-api-key-responses-api.json'))));
  assert.equal(fake.pending(CHAT), 1, 'a rejected request does not use up a scripted reply');

  const unknown = await fetch(`${fake.url}/no-such-thing`, { headers: AUTH });
  assert.equal(unknown.status, 404);
  assert.deepEqual(Object.keys((await unknown.json()) as object), ['code', 'error']);
});

test('built-in answers: models (19), language-models, api-key, tokenize-text, chat and responses', async () => {
  const get = (p: string) => fetch(`${fake.url}${p}`, { headers: AUTH });
  const models = await bytes(await get('/models'));
  assert.ok(models.equals(fs.readFileSync(path.join(recordedDir(), '19-models-list.json'))));

  const lm = (await (await get('/language-models')).json()) as { models: Array<Record<string, unknown>> };
  const fast = lm.models.find((m) => m.id === 'grok-4-1-fast-non-reasoning')!;
  assert.equal(fast.prompt_text_token_price, 2000);
  assert.equal(fast.cached_prompt_text_token_price, 500);
  assert.equal(fast.completion_text_token_price, 5000);
  for (const id of ['grok-4.3', 'grok-3-mini', 'grok-code-fast-1']) assert.ok(lm.models.some((m) => m.id === id), id);
  for (const m of lm.models) {
    for (const key of ['aliases', 'input_modalities', 'output_modalities', 'prompt_image_token_price', 'search_price', 'created', 'owned_by', 'version', 'fingerprint']) {
      assert.ok(key in m, `${String(m.id)} has ${key}`);
    }
  }

  const key = (await (await get('/api-key')).json()) as Record<string, unknown>;
  assert.equal(key.redacted_api_key, 'xai-...0001');
  assert.equal(key.api_key_blocked, false);
  assert.ok(Array.isArray(key.acls));

  const tokens = (await (await post(`${fake.url}/tokenize-text`, { model: 'grok-3-mini', text: 'Hello world! 25°C' })).json()) as {
    token_ids: Array<{ token_id: number; string_token: string; token_bytes: number[] }>;
  };
  assert.equal(tokens.token_ids.map((t) => t.string_token).join(''), 'Hello world! 25°C');
  assert.deepEqual(tokens.token_ids[1].token_bytes, [...Buffer.from(' world')]);

  const streamed = await bytes(await post(`${fake.url}/chat/completions`, { stream: true }));
  assert.ok(streamed.equals(fs.readFileSync(path.join(recordedDir(), '01-stream-text-grok-4-1-fast-non-reasoning.sse'))));
  const responses = await bytes(await post(`${fake.url}/responses`, { stream: true }));
  assert.ok(responses.equals(fs.readFileSync(path.join(recordedDir(), '21-responses-api-stream-reasoning-grok-4.3.sse'))));
  assert.deepEqual(fake.requests[3].json, { model: 'grok-3-mini', text: 'Hello world! 25°C' });
  assert.equal(fake.requests[0].headers.authorization, AUTH.Authorization);
});

test('reset() forgets queues, defaults, invalid keys and recorded requests', async () => {
  fake.enqueue(CHAT, { json: { queued: true } });
  fake.setDefault('GET /v1/models', { json: { scripted: true } });
  fake.setInvalidKeys([AUTH.Authorization.slice(7)]);
  await bytes(await post(`${fake.url}/chat/completions`, {}));
  const held = fake.requests;
  assert.equal(held.length, 1);
  fake.enqueue(CHAT, { json: { queued: true } });
  fake.reset();
  assert.equal(fake.requests.length, 0);
  assert.equal(held, fake.requests, 'cleared in place');
  assert.equal(fake.pending(), 0);
  const chat = (await (await post(`${fake.url}/chat/completions`, {})).json()) as { object?: string };
  assert.equal(chat.object, 'chat.completion', 'the key is valid again and the queue is gone');
  const models = (await (await fetch(`${fake.url}/models`, { headers: AUTH })).json()) as { object?: string };
  assert.equal(models.object, 'list');
  assert.equal(fake.requests.length, 2);
  assert.equal(fake.requests[0].index, 0);
});

test('handler escape hatch, and waitForRequest', async () => {
  fake.enqueue(CHAT, {
    handler: (_req, res, request) => {
      res.writeHead(418, { 'Content-Type': 'text/plain' }).end(`saw ${request.body}`);
    },
  });
  const waiting = fake.waitForRequest(1, 1000);
  const res = await post(`${fake.url}/chat/completions`, { hi: 1 });
  assert.equal(res.status, 418);
  assert.equal(await res.text(), 'saw {"hi":1}');
  assert.deepEqual((await waiting).json, { hi: 1 });
  await assert.rejects(fake.waitForRequest(2, 50), /within 50 ms/);
});

test('bad scripts fail at the call site', () => {
  assert.throws(() => fake.enqueue(CHAT, { json: {}, events: [] }), /at most one body field/);
  assert.throws(() => fake.enqueue(CHAT, { recorded: 'no-such-file.sse' }), /no recording named/);
  assert.throws(() => fake.enqueue('chat/completions', { json: {} }), /a route looks like/);
});

test('close() resolves promptly with a stalled stream and idle keep-alive connections open', async () => {
  const other = await startFakeXai();
  await bytes(await post(`${other.url}/chat/completions`, {}));
  other.enqueue(CHAT, { events: [{ a: 1 }], stall: { afterEvents: 1 } });
  const res = await post(`${other.url}/chat/completions`, { stream: true });
  const reader = res.body!.getReader();
  await readEvents(reader, 1);
  assert.ok(other.openConnections() >= 1);
  const start = Date.now();
  await other.close();
  assert.ok(Date.now() - start < 500, `close took ${Date.now() - start} ms`);
  await assert.rejects(async () => {
    for (;;) if ((await reader.read()).done) throw new Error('ended cleanly');
  }, (err: Error) => err.message !== 'ended cleanly');
  assert.equal(other.openConnections(), 0);
  assert.equal(other.requests[1].closedByClient, false, 'a shutdown is not a client close');
});

test('CLI: prints its URL, serves a scenario, and can be scripted over /__control', async (t) => {
  const cli = path.resolve(__dirname, '../fake-xai/cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--scenario', 'hang'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    child.kill('SIGTERM');
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
  });
  const { url } = JSON.parse(line) as { url: string };
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  const origin = url.slice(0, -3);

  const enqueue = await fetch(`${origin}/__control/enqueue`, {
    method: 'POST',
    body: JSON.stringify({ route: CHAT, reply: { status: 429, headers: { 'Retry-After': '3' }, json: { code: 'x', error: 'y' } } }),
  });
  assert.deepEqual(await enqueue.json(), { ok: true, queued: 1 });
  const limited = await post(`${url}/chat/completions`, {});
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '3');
  await limited.arrayBuffer();

  // The scenario: headers, then nothing, until we close.
  const abort = new AbortController();
  const hung = await post(`${url}/chat/completions`, { stream: true }, { signal: abort.signal });
  assert.equal(hung.status, 200);
  abort.abort();
  await sleep(50);
  const { requests } = (await (await fetch(`${origin}/__control/requests`)).json()) as {
    requests: Array<{ route: string; closedByClient: boolean; status: number }>;
  };
  assert.deepEqual(
    requests.map((r) => [r.route, r.status, r.closedByClient]),
    [
      [CHAT, 429, false],
      [CHAT, 200, true],
    ],
  );
  const reset = await fetch(`${origin}/__control/reset`, { method: 'POST' });
  assert.equal(reset.status, 200);
  assert.deepEqual(await (await fetch(`${origin}/__control/requests`)).json(), { requests: [] });
});

test('every scenario is documented in the README table, and the README names no scenario that does not exist', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../fake-xai/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('Scenarios (`scenarios.ts`'), readme.indexOf('### Control endpoint'));
  const documented = [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), Object.keys(SCENARIOS).sort());
});

test('responses replies are built from the request: streamed frames or one JSON object; /imgen needs no key', async () => {
  fake.enqueue('POST /v1/responses', { responses: { webSearch: true, text: 'See [[1]](https://example.com/grok/answer-1).' } }, { responses: { webSearch: true } });
  const streamed = await post(`${fake.url}/responses`, { model: 'm', input: 'q', stream: true });
  assert.equal(streamed.headers.get('content-type'), 'text/event-stream');
  const text = (await bytes(streamed)).toString('utf8');
  assert.match(text, /^event: response\.created\ndata: \{"sequence_number":0,/);
  assert.match(text, /event: response\.web_search_call\.searching\n/);
  assert.match(text, /event: response\.output_text\.annotation\.added\ndata: .*"url":"https:\/\/example\.com\/grok\/answer-1","start_index":4,"end_index":44,"title":"1"/);
  assert.ok(text.endsWith('\n\n') && !text.includes('[DONE]'));
  const whole = await post(`${fake.url}/responses`, { model: 'm', input: 'q' });
  const json = (await whole.json()) as { output: Array<{ type: string }>; usage: { cost_in_usd_ticks: number } };
  assert.deepEqual(json.output.map((o) => o.type), ['reasoning', 'web_search_call', 'message']);
  assert.ok(json.usage.cost_in_usd_ticks > 0);
  const image = await fetch(`${fake.origin}/imgen/fake-0-0.png`);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/png');
  assert.ok(Buffer.from(await image.arrayBuffer()).equals(FAKE_IMAGE_PNG));
  assert.equal((await fetch(`${fake.url}/images/generations`, { method: 'POST', body: '{}' })).status, 401, '/v1 still needs the key');
});
