// Phase 2, first thing in the extension host that started after the window reload: the key stored
// before the reload (reload.before.test.ts) is still in SecretStorage and is what the requests carry.
import * as assert from 'node:assert/strict';
import { assertNoEnvironmentKey, type ConnectionReport, fakeUrl, grokExtension, lastKeySent, RELOAD_KEY, resetFake, run } from './support';

describe('after the window reload', () => {
  before(async () => {
    assertNoEnvironmentKey();
    await grokExtension();
    await resetFake(fakeUrl());
  });

  it('the key stored before the reload is still in SecretStorage and used', async () => {
    const report = await run<ConnectionReport>('grok.testConnection');
    assert.equal(report.keyStatus, 'ok', report.lines.join(' | '));
    assert.ok(!report.lines.join(' ').includes('XAI_API_KEY'), 'the key came from the environment');
    assert.equal(await lastKeySent(fakeUrl(), 'GET /v1/api-key'), RELOAD_KEY);
  });
});
