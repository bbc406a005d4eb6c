// After the window reload: grok.clearApiKey removes the key stored before it (in the new extension host).
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
