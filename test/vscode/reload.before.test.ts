// Phase 1 of "the key survives a window reload": store a key and prove it is in use. The runner then
// reloads the window from the browser (workbench.action.reloadWindow) and reload.after.test.ts runs in
// the new extension host.
import * as assert from 'node:assert/strict';
import {
  assertNoEnvironmentKey,
  type ConnectionReport,
  fakeUrl,
  grokExtension,
  lastKeySent,
  RELOAD_KEY,
  run,
  type SetKeyResult,
  useBaseUrl,
} from './support';

describe('before the window reload', () => {
  it('stores a key with grok.setApiKey', async () => {
    assertNoEnvironmentKey();
    await grokExtension();
    await useBaseUrl(fakeUrl());
    const set = await run<SetKeyResult>('grok.setApiKey', RELOAD_KEY);
    assert.equal(set.stored, true, set.message);
    const report = await run<ConnectionReport>('grok.testConnection');
    assert.equal(report.keyStatus, 'ok', report.lines.join(' | '));
    assert.equal(await lastKeySent(fakeUrl(), 'GET /v1/api-key'), RELOAD_KEY);
  });
});
