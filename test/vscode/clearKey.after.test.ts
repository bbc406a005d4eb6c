// The last suite after the window reload: grok.clearApiKey removes the stored key, and the browser
// suites that follow start without one (test/e2e/askWarning.e2e.ts relies on it).
import * as assert from 'node:assert/strict';
import { assertNoEnvironmentKey, type ConnectionReport, fakeUrl, grokExtension, run, useBaseUrl } from './support';

describe('after the window reload, last', () => {
  it('grok.clearApiKey removes the key', async () => {
    assertNoEnvironmentKey();
    await grokExtension();
    await useBaseUrl(fakeUrl());
    await run('grok.clearApiKey');
    const report = await run<ConnectionReport>('grok.testConnection');
    assert.equal(report.keyStatus, 'missing', report.lines.join(' | '));
  });
});
