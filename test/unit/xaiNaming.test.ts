// Errors name the server the user configured: "xAI" for api.x.ai (the other tests only ever see
// loopback names). No request leaves the machine: the client's fetch is a stand-in that answers with
// xAI's recorded bodies, and it fails the test if it is asked for a host outside x.ai.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { XaiClient } from '../../src/xai/client';
import type { StreamEvent, XaiErrorInfo } from '../../src/xai/types';

const RECORDED = path.resolve(__dirname, '../../../shared/xai-recorded');

function recordedBody(name: string): string {
  return readFileSync(path.join(RECORDED, name), 'utf8');
}

/** A fetch that answers every request itself: `status` with `body`, as xAI did. */
function offlineFetch(status: number, body: string, contentType = 'application/json'): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const fetchStandIn = (async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    urls.push(url);
    assert.ok(new URL(url).hostname.endsWith('.x.ai'), `the client asked for ${url}`);
    return new Response(body, { status, headers: { 'Content-Type': contentType } });
  }) as typeof fetch;
  return { fetch: fetchStandIn, urls };
}

async function failure(baseUrl: string, status: number, body: string, contentType?: string): Promise<XaiErrorInfo> {
  const { fetch, urls } = offlineFetch(status, body, contentType);
  const client = new XaiClient({ baseUrl, apiKey: async () => 'xai-naming-test-key', fetch, retry: { maxRetries: 0 } });
  let error: XaiErrorInfo | undefined;
  for await (const event of client.streamChat({ model: 'grok-4-1-fast-non-reasoning', messages: [{ role: 'user', content: 'hi' }] }) as AsyncIterable<StreamEvent>) {
    if (event.type === 'error') error = event.error;
  }
  assert.ok(urls.length > 0, 'the stand-in fetch was never called');
  assert.ok(error, 'no error');
  return error;
}

test('api.x.ai: a refused key says "xAI", never the host name', async () => {
  const e = await failure('https://api.x.ai/v1', 400, recordedBody('16-error-400-invalid-api-key-chat-completions.json'));
  assert.equal(e.kind, 'badKey');
  assert.match(e.message, /\bxAI\b/);
  assert.ok(!e.message.includes('api.x.ai'), e.message);
});

test('api.x.ai: a retired model and an unavailable service say "xAI"', async () => {
  const retired = await failure('https://api.x.ai/v1', 404, recordedBody('49-error-404-model-deprecated-grok-beta.json'));
  assert.equal(retired.kind, 'modelNotFound');
  assert.match(retired.message, /on xAI\b/);
  const down = await failure('https://api.x.ai/v1', 503, '{"code":"unavailable","error":"The service is currently unavailable"}');
  assert.equal(down.kind, 'unavailable');
  assert.match(down.message, /^xAI is unavailable/);
  assert.ok(!/proxy/i.test(down.message), `an API error from xAI itself is not blamed on a proxy: ${down.message}`);
});

test('another host under x.ai is xAI too', async () => {
  const e = await failure('https://eu-west-1.api.x.ai/v1', 400, recordedBody('16-error-400-invalid-api-key-chat-completions.json'));
  assert.match(e.message, /\bxAI\b/);
});
