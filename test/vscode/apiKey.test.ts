// grok.setApiKey and grok.clearApiKey: the key goes into SecretStorage, is used from there, and goes away.
import * as assert from 'node:assert/strict';
import {
  assertNoEnvironmentKey,
  badKeyFakeUrl,
  type ConnectionReport,
  fakeUrl,
  grokExtension,
  lastKeySent,
  run,
  type SetKeyResult,
  useBaseUrl,
} from './support';

const KEY = 'xai-integration-test-key-0001';

describe('API key commands', () => {
  before(async () => {
    assertNoEnvironmentKey();
    await grokExtension();
    await useBaseUrl(fakeUrl());
    await run('grok.clearApiKey');
  });

  after(() => useBaseUrl(fakeUrl()));

  it('grok.setApiKey with an argument checks the key and stores it in SecretStorage', async () => {
    const result = await run<SetKeyResult>('grok.setApiKey', KEY);
    assert.equal(result.stored, true, result.message);
    assert.equal(result.status, 'ok', result.message);
    assert.equal(await lastKeySent(fakeUrl(), 'GET /v1/api-key'), KEY, 'the key was not checked against the server');

    // Stored, not just checked: a later command, in a fresh call, finds it (no environment key exists).
    const report = await run<ConnectionReport>('grok.testConnection');
    assert.equal(report.keyStatus, 'ok', report.lines.join(' | '));
    assert.ok(!report.lines.join(' ').includes('XAI_API_KEY'), 'the key came from the environment');
    assert.equal(await lastKeySent(fakeUrl(), 'GET /v1/api-key'), KEY);
  });

  it('grok.setApiKey with a blank argument stores nothing', async () => {
    const result = await run<SetKeyResult>('grok.setApiKey', '   ');
    assert.equal(result.stored, false);
    assert.equal(result.status, 'cancelled');
  });

  it('grok.clearApiKey removes the key', async () => {
    await run('grok.clearApiKey');
    const report = await run<ConnectionReport>('grok.testConnection');
    assert.equal(report.keyStatus, 'missing', report.lines.join(' | '));
    assert.equal(report.ok, false);
  });

  it('a key the server refuses is not stored', async () => {
    await useBaseUrl(badKeyFakeUrl());
    const result = await run<SetKeyResult>('grok.setApiKey', 'xai-wrong-key');
    assert.equal(result.status, 'refused', result.message);
    assert.equal(result.stored, false);
    await useBaseUrl(fakeUrl());
    const report = await run<ConnectionReport>('grok.testConnection');
    assert.equal(report.keyStatus, 'missing', report.lines.join(' | '));
  });
});
