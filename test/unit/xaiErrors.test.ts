// Error mapping, as ../shared/docs/xai-api.md's table says: every status and body shape to a kind and
// a human message, never raw JSON, never the key.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { XaiErrorKind } from '../../src/xai/types';
import type { ErrorContext } from '../../src/xai/errors';
import { describeCause, errorFromResponse, errorFromStreamPayload, parseErrorBody, parseRetryAfter, XaiError } from '../../src/xai/errors';
import { allEvents, CHAT, KEY, scriptedFetch, terminalOf, testClient } from './xaiTestUtil';

const CTX: ErrorContext = { server: 'xAI', path: '/chat/completions', model: 'grok-9' };
const flat = (code: string, error: string) => JSON.stringify({ code, error });
const openAi = (message: string) => JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } });

function map(status: number, body: string, headers: Record<string, string> = {}, ctx = CTX) {
  return errorFromResponse(status, body, new Headers(headers), ctx);
}

describe('errorFromResponse', () => {
  const table: Array<[string, number, string, XaiErrorKind]> = [
    ['400 Incorrect API key (recording 16)', 400, flat('Client specified an invalid argument', 'Incorrect API key provided: in***ey. You can obtain an API key from https://console.x.ai.'), 'badKey'],
    ['400 invalid api key, OpenAI shape', 400, openAi('Invalid API key'), 'badKey'],
    ['401', 401, flat('unauthenticated', 'No API key provided.'), 'badKey'],
    ['403', 403, flat('permission-denied', 'The key may not use this model'), 'noPermission'],
    ['404 on chat', 404, flat('not-found', 'The model grok-9 does not exist'), 'modelNotFound'],
    ['400 maximum prompt length (recording 17)', 400, flat('Client specified an invalid argument', "This model's maximum prompt length is 131072 but the request contains 625077 tokens."), 'contextTooLong'],
    ['400 context length, OpenAI shape', 400, openAi("This model's maximum context length is 8192 tokens"), 'contextTooLong'],
    ['400 other', 400, flat('invalid-argument', 'Argument not supported on this model: presencePenalty'), 'badRequest'],
    ['410', 410, flat('gone', 'Live search is deprecated'), 'badRequest'],
    ['415', 415, flat('unsupported-media-type', 'Expected JSON'), 'badRequest'],
    ['422', 422, openAi('Failed to deserialize the JSON body'), 'badRequest'],
    ['429', 429, flat('resource-exhausted', 'Too many requests'), 'rateLimited'],
    ['429 out of credits', 429, flat('resource-exhausted', 'Your team has either used all available credits or reached its monthly spending limit.'), 'outOfCredits'],
    ['429 spending limit', 429, openAi('You exceeded your spending limit'), 'outOfCredits'],
    ['498', 498, flat('capacity', 'Flex capacity exceeded'), 'unavailable'],
    ['500', 500, flat('internal', 'Internal error'), 'unavailable'],
    ['502', 502, '<html>Bad gateway</html>', 'unavailable'],
    ['503', 503, flat('unavailable', 'The service is currently unavailable'), 'unavailable'],
    ['504', 504, '', 'unavailable'],
  ];
  for (const [name, status, body, kind] of table) {
    test(`${name} -> ${kind}`, () => {
      const info = map(status, body);
      assert.equal(info.kind, kind);
      assert.equal(info.status, status);
      assert.doesNotMatch(info.message, /[{}]/, `raw JSON in: ${info.message}`);
    });
  }

  test('messages are human and carry the server’s own words', () => {
    assert.equal(
      map(400, flat('Client specified an invalid argument', 'Incorrect API key provided: in***ey. You can obtain an API key from https://console.x.ai.')).message,
      'The API key was refused by xAI (Incorrect API key provided: in***ey. You can obtain an API key from https://console.x.ai.).',
    );
    assert.match(map(400, flat('invalid-argument', 'Argument not supported: stop')).message, /^xAI rejected the request: Argument not supported: stop$/);
    assert.match(map(400, openAi('temperature must be <= 2')).message, /temperature must be <= 2/);
  });

  test('404 names the model on chat and responses; elsewhere it is a missing endpoint', () => {
    assert.match(map(404, flat('not-found', 'nope')).message, /"grok-9"/);
    assert.equal(map(404, flat('not-found', 'nope'), {}, { ...CTX, path: '/responses' }).kind, 'modelNotFound');
    const other = map(404, flat('not-found', 'nope'), {}, { server: 'xAI', path: '/api-key' });
    assert.equal(other.kind, 'badRequest');
    assert.match(other.message, /\/api-key/);
  });

  test('a non-JSON body (a proxy’s HTML page) gives a short generic message with the status', () => {
    const info = map(502, `<!DOCTYPE html><html><head><title>502</title></head><body>${'x'.repeat(5000)}</body></html>`);
    assert.match(info.message, /HTTP 502/);
    assert.doesNotMatch(info.message, /html/i);
    assert.ok(info.message.length < 200);
    const teapot = map(400, 'plain words');
    assert.equal(teapot.kind, 'badRequest');
    assert.match(teapot.message, /HTTP 400/);
  });

  test('an unknown JSON shape is never shown raw', () => {
    const info = map(400, JSON.stringify({ weird: { nested: true } }));
    assert.equal(info.message, 'xAI rejected the request: HTTP 400');
  });

  test('Retry-After in seconds or as an HTTP date becomes retryAfter seconds', () => {
    assert.equal(map(429, flat('x', 'slow down'), { 'Retry-After': '7' }).retryAfter, 7);
    const date = new Date(Date.now() + 30_000).toUTCString();
    const fromDate = map(429, flat('x', 'slow down'), { 'Retry-After': date }).retryAfter;
    assert.ok(fromDate !== undefined && fromDate >= 28 && fromDate <= 31, `got ${fromDate}`);
    assert.equal(map(429, flat('x', 'slow down')).retryAfter, undefined);
    assert.match(map(429, flat('x', 'slow down'), { 'Retry-After': '7' }).message, /7 s/);
  });

  test('parseRetryAfter handles junk and past dates', () => {
    assert.equal(parseRetryAfter('abc'), undefined);
    assert.equal(parseRetryAfter(''), undefined);
    assert.equal(parseRetryAfter('1.5'), 2);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT'), 0);
  });

  test('x-request-id, or request-id, is recorded', () => {
    assert.equal(map(500, '', { 'x-request-id': 'req-1' }).requestId, 'req-1');
    assert.equal(map(500, '', { 'request-id': 'req-2' }).requestId, 'req-2');
  });

  test('a key echoed back by the server is masked', () => {
    const info = map(400, flat('invalid-argument', `Incorrect API key provided: ${KEY}`));
    assert.ok(!info.message.includes(KEY));
    assert.ok(!info.message.includes('SECRETSECRET'));
    const bearer = map(500, flat('internal', 'header was Bearer sk-abcdefghijklmnop'));
    assert.ok(!bearer.message.includes('sk-abcdefghijklmnop'));
  });

  test('parseErrorBody reads both shapes', () => {
    assert.deepEqual(parseErrorBody(flat('c', 'e')), { message: 'e', code: 'c', json: true });
    assert.deepEqual(parseErrorBody(JSON.stringify({ error: { message: 'm', type: 't', code: 'k' } })), { message: 'm', code: 'k', json: true });
    assert.deepEqual(parseErrorBody('nope'), { json: false });
  });
});

describe('errorFromStreamPayload', () => {
  test('in-stream errors map by their words', () => {
    const ctx = CTX;
    assert.equal(errorFromStreamPayload({ code: 'unavailable', error: 'The service is currently unavailable' }, ctx).kind, 'unavailable');
    assert.equal(errorFromStreamPayload({ code: 'deadline-exceeded', error: 'Timed out waiting for first token' }, ctx).kind, 'unavailable');
    assert.equal(errorFromStreamPayload({ code: 'invalid-argument', error: 'Incorrect API key provided' }, ctx).kind, 'badKey');
    assert.equal(errorFromStreamPayload({ code: 'x', error: 'used all available credits' }, ctx).kind, 'outOfCredits');
    assert.equal(errorFromStreamPayload({ error: { message: 'Too many requests', code: 429 } }, ctx).kind, 'rateLimited');
  });
});

describe('network failures, cancel and the XaiError class', () => {
  test('fetch TypeError with ECONNREFUSED / ENOTFOUND / ECONNRESET causes is "network", naming the cause', async () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN']) {
      const failure = new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }) });
      const { fetch, calls } = scriptedFetch({ throws: failure });
      const { client } = testClient(fetch, { retry: { maxRetries: 0 } });
      const error = await client.chat(CHAT).catch((e: unknown) => e);
      assert.ok(error instanceof XaiError);
      assert.equal(error.info.kind, 'network');
      assert.match(error.message, new RegExp(code));
      assert.match(error.message, /api\.x\.ai/);
      assert.equal(calls.length, 1);
    }
  });

  test('describeCause walks the cause chain', () => {
    assert.equal(describeCause(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })), 'ECONNRESET');
    assert.equal(describeCause(new Error('socket hang up')), 'socket hang up');
  });

  test('XaiError extends Error and carries the info', async () => {
    const { fetch } = scriptedFetch({ status: 403, body: flat('permission-denied', 'no') , headers: { 'content-type': 'application/json' } });
    const { client } = testClient(fetch);
    const error = await client.chat(CHAT).catch((e: unknown) => e);
    assert.ok(error instanceof Error);
    assert.ok(error instanceof XaiError);
    assert.equal(error.name, 'XaiError');
    assert.equal(error.kind, 'noPermission');
    assert.equal(error.info.status, 403);
  });

  test('a streamed HTTP error arrives as one error event', async () => {
    const { fetch } = scriptedFetch({ status: 404, body: flat('not-found', 'The model grok-nope does not exist'), headers: { 'content-type': 'application/json' } });
    const { client } = testClient(fetch);
    const events = await allEvents(client.streamChat({ ...CHAT, model: 'grok-nope' }));
    assert.equal(events.length, 1);
    const end = terminalOf(events);
    assert.equal(end.type === 'error' && end.error.kind, 'modelNotFound');
    assert.match(end.type === 'error' ? end.error.message : '', /"grok-nope"/);
  });

  test('an apiKey() provider that throws is a badKey error without a request', async () => {
    const { fetch, calls } = scriptedFetch({ body: '' });
    const { client } = testClient(fetch, { apiKey: async () => Promise.reject(new Error('keychain locked')) });
    const error = await client.chat(CHAT).catch((e: unknown) => e);
    assert.ok(error instanceof XaiError && error.kind === 'badKey');
    assert.equal(calls.length, 0);
  });

  test('a compatible server is named by its host in messages', async () => {
    const { fetch } = scriptedFetch({ status: 400, body: openAi('bad thing'), headers: { 'content-type': 'application/json' } });
    const { client } = testClient(fetch, { baseUrl: 'http://localhost:11434/v1' });
    const error = await client.chat(CHAT).catch((e: unknown) => e);
    assert.ok(error instanceof XaiError);
    assert.match(error.message, /^localhost rejected the request: bad thing$/);
  });
});
