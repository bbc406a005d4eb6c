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
    assert.match(map(400, flat('invalid-argument', 'Each message needs at least one content element')).message, /^xAI rejected the request: Each message needs at least one content element$/);
    assert.match(map(400, openAi('temperature must be <= 2')).message, /temperature must be <= 2/);
  });

  test('404 names the model on chat and responses; elsewhere it is a missing endpoint', () => {
    assert.match(map(404, flat('not-found', 'nope')).message, /"grok-9"/);
    assert.equal(map(404, flat('not-found', 'nope'), {}, { ...CTX, path: '/responses' }).kind, 'modelNotFound');
    const other = map(404, flat('not-found', 'nope'), {}, { server: 'xAI', path: '/api-key' });
    assert.equal(other.kind, 'badRequest');
    assert.match(other.message, /\/api-key/);
  });

  test('out of credits is told from a bad key or a missing permission by its words, whatever the status', () => {
    const sentence = 'Your team 0000 has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit.';
    for (const [status, code] of [[403, 'permission-denied'], [403, 'The caller does not have permission to execute the specified operation'], [429, 'Some resource has been exhausted']] as const) {
      const info = map(status, flat(code, sentence));
      assert.equal(info.kind, 'outOfCredits', `${status} ${code}`);
      assert.match(info.message, /^Your xAI account is out of credits or reached its spending limit \(Your team 0000 has either used all available credits/);
    }
    assert.equal(map(403, flat('permission-denied', "Your newly created teams doesn't have any credits yet.")).kind, 'outOfCredits');
    // xAI's own accounts have a Billing page to offer; another server's do not.
    assert.equal(map(403, flat('permission-denied', sentence)).xaiBilling, true);
    assert.equal(map(403, flat('permission-denied', sentence), {}, { ...CTX, server: '127.0.0.1' }).xaiBilling, undefined);
    assert.equal(errorFromStreamPayload({ code: 'x', error: 'used all available credits' }, CTX).xaiBilling, true);
    assert.equal(map(403, flat('permission-denied', 'The key may not use this model')).kind, 'noPermission');
    // Both spellings of the invalid-argument code with the bad-key sentence.
    for (const code of ['Client specified an invalid argument', 'invalid-argument']) {
      assert.equal(map(400, flat(code, 'Incorrect API key provided. You can obtain an API key from https://console.x.ai.')).kind, 'badKey');
    }
  });

  test('a retired model (404, recording 49) is modelNotFound and the message says it was retired', () => {
    const info = map(404, flat('Some requested entity was not found', 'The model grok-beta was deprecated on 2025-09-15 and is no longer accessible via the API. Please use grok-3 instead.'), {}, { ...CTX, model: 'grok-beta' });
    assert.equal(info.kind, 'modelNotFound');
    assert.match(info.message, /^The model "grok-beta" has been retired on xAI \(The model grok-beta was deprecated on 2025-09-15 .*\)\. Pick another model\.$/);
    assert.equal(info.routeMissing, undefined);
    assert.match(map(404, flat('not-found', 'The model grok-9 does not exist')).message, /^The model "grok-9" was not found on xAI/);
    assert.equal(map(410, flat('gone', 'The model grok-2 is retired'), {}, CTX).kind, 'modelNotFound');
  });

  test('a parameter the model does not take is named (recording 50), as its snake_case wire name', () => {
    const info = map(400, flat('Client specified an invalid argument', 'Model grok-code-fast-1 does not support parameter reasoningEffort.'), {}, { ...CTX, model: 'grok-code-fast-1' });
    assert.equal(info.kind, 'badRequest');
    assert.equal(info.unsupportedParameter, 'reasoning_effort');
    assert.equal(info.message, 'xAI rejected the parameter reasoning_effort: the model "grok-code-fast-1" does not take it (Model grok-code-fast-1 does not support parameter reasoningEffort.).');
    assert.equal(map(400, openAi("Unsupported parameter: 'presence_penalty' is not supported with this model.")).unsupportedParameter, 'presence_penalty');
    assert.equal(map(400, flat('invalid-argument', 'Argument not supported on this model: presencePenalty')).unsupportedParameter, 'presence_penalty');
    assert.equal(map(400, flat('invalid-argument', 'Model grok-4 does not support parameter reasoning.effort')).unsupportedParameter, 'reasoning_effort');
    assert.equal(map(400, flat('invalid-argument', 'temperature must be <= 2')).unsupportedParameter, undefined);
    const streamed = errorFromStreamPayload({ code: 'invalid-argument', error: 'Model grok-code-fast-1 does not support parameter reasoningEffort.' }, CTX);
    assert.equal(streamed.kind, 'badRequest');
    assert.equal(streamed.unsupportedParameter, 'reasoning_effort');
  });

  test('a server without the route says so with routeMissing (405, 501, or a 404 that is not about a model off xAI)', () => {
    const other: ErrorContext = { server: 'localhost', path: '/responses', model: 'llama' };
    for (const [status, body] of [[404, JSON.stringify({ detail: 'Not Found' })], [404, '404 page not found'], [405, ''], [501, openAi('Not implemented')]] as const) {
      const info = map(status, body, {}, other);
      assert.equal(info.kind, 'badRequest', `${status}`);
      assert.equal(info.routeMissing, true, `${status}`);
      assert.match(info.message, /^localhost has no \/responses endpoint .*Check the base URL\.$/);
    }
    // OpenAI's wording on a 400, and LM Studio's 200 with an error body (through the stream path).
    assert.equal(map(400, openAi('Invalid URL (POST /v1/responses)'), {}, other).routeMissing, true);
    const lmStudio = errorFromStreamPayload({ error: 'Unexpected endpoint or method. (POST /v1/responses). Returning 200 anyway' }, other);
    assert.equal(lmStudio.kind, 'badRequest');
    assert.equal(lmStudio.routeMissing, true);
    assert.equal(map(400, flat('invalid-argument', 'Invalid URL (POST /v1/responses)'), {}, { ...CTX, path: '/responses' }).routeMissing, undefined, 'never on xAI');
    // The route exists when the 404 is about the model, and always on xAI.
    assert.equal(map(404, openAi("model 'llama' not found"), {}, other).kind, 'modelNotFound');
    assert.equal(map(404, flat('not-found', 'nope'), {}, { ...CTX, path: '/responses' }).routeMissing, undefined);
    assert.equal(map(405, '', {}, { ...CTX, path: '/responses' }).routeMissing, true);
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

  test('the server is named "xAI" when the base URL is api.x.ai (injected fetch, nothing leaves the process)', async () => {
    const body = flat('Client specified an invalid argument', 'Model grok-code-fast-1 does not support parameter reasoningEffort.');
    const { fetch, calls } = scriptedFetch({ status: 400, body, headers: { 'content-type': 'application/json' } });
    const { client } = testClient(fetch, { baseUrl: 'https://api.x.ai/v1' });
    const error = await client.chat({ ...CHAT, model: 'grok-code-fast-1', reasoningEffort: 'low' }).catch((e: unknown) => e);
    assert.equal(calls[0].url, 'https://api.x.ai/v1/chat/completions');
    assert.ok(error instanceof XaiError);
    assert.match(error.message, /^xAI rejected the parameter reasoning_effort/);
    const events = await allEvents(client.streamResponses({ model: 'grok-code-fast-1', input: 'x' }));
    const end = terminalOf(events);
    assert.match(end.type === 'error' ? end.error.message : '', /^xAI rejected/);
    // Elsewhere the host name, never "xAI".
    const local = testClient(fetch, { baseUrl: 'http://127.0.0.1:9/v1' }).client;
    const localError = await local.chat(CHAT).catch((e: unknown) => e);
    assert.ok(localError instanceof XaiError);
    assert.match(localError.message, /^127\.0\.0\.1 rejected the parameter reasoning_effort/);
    assert.doesNotMatch(localError.message, /xAI/);
  });

  test('a compatible server is named by its host in messages', async () => {
    const { fetch } = scriptedFetch({ status: 400, body: openAi('bad thing'), headers: { 'content-type': 'application/json' } });
    const { client } = testClient(fetch, { baseUrl: 'http://localhost:11434/v1' });
    const error = await client.chat(CHAT).catch((e: unknown) => e);
    assert.ok(error instanceof XaiError);
    assert.match(error.message, /^localhost rejected the request: bad thing$/);
  });
});
