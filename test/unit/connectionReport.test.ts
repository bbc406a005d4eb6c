// Test Connection and Set API Key wording: a server that is down is said once, with no round trip
// measured after the failure; a refused key is said once and names the server that refused it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectionLines, connectionSummary, refusedKeyMessage } from '../../src/platform/connectionReport';
import { XaiClient } from '../../src/xai/client';
import { XaiError } from '../../src/xai/errors';
import type { XaiErrorInfo } from '../../src/xai/types';

async function failureFrom(baseUrl: string): Promise<XaiErrorInfo> {
  const client = new XaiClient({ baseUrl, apiKey: async () => 'xai-test-key-0001', retry: { maxRetries: 0 } });
  try {
    await client.apiKeyInfo();
  } catch (e) {
    if (e instanceof XaiError) return e.info;
    throw e;
  }
  throw new Error('the check succeeded');
}

test('server down: one line says it (with the reason once), the key is not checked, no round trip', async () => {
  // A port nobody listens on: the real client's own error for a refused connection.
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  const keyError = await failureFrom(baseUrl);
  assert.equal(keyError.status, undefined);

  const findings = { baseUrl, reachable: false, keyStatus: 'unknown' as const, keyError };
  const lines = connectionLines(findings);
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0], new RegExp(`^Server unreachable: ${baseUrl.replace(/[/.]/g, '\\$&')}: `));
  assert.equal(lines[1], 'API key not checked (the server did not answer)');
  const all = lines.join('\n');
  assert.equal(all.split(keyError.message).length - 1, 1, `the failure is repeated: ${all}`);
  assert.doesNotMatch(all, /Round trip/);
  assert.equal(connectionSummary(findings, false), `Cannot reach ${baseUrl}.`);
});

test('server up: reachable, key, models and round trip, one a line', () => {
  const lines = connectionLines({ baseUrl: 'http://127.0.0.1:9/v1', reachable: true, keyStatus: 'ok', models: 7, roundTripMs: 12 });
  assert.deepEqual(lines, ['Server reachable: http://127.0.0.1:9/v1', 'API key accepted', '7 models available', 'Round trip 12 ms']);
});

test('a refused key is said once and names the server that refused it (xAI only for xAI)', async () => {
  const server = http.createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'Client specified an invalid argument', error: 'Incorrect API key provided: xa***ey. You can obtain an API key from https://console.x.ai.' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const err = await failureFrom(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    assert.equal(err.kind, 'badKey');
    const message = refusedKeyMessage(err);
    assert.doesNotMatch(message, /xAI/, `a custom server is not xAI: ${message}`);
    assert.match(message, /127\.0\.0\.1/);
    assert.equal((message.match(/refused/gi) ?? []).length, 1, `said twice: ${message}`);
    assert.match(message, /not saved/);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
