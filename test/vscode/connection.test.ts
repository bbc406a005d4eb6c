// grok.testConnection against a fake that accepts the key and one that answers 400 "Incorrect API key".
import * as assert from 'node:assert/strict';
import { badKeyFakeUrl, type ConnectionReport, fakeUrl, run, useBaseUrl, withStoredKey } from './support';

const KEY = 'xai-integration-test-key-0002';

describe('grok.testConnection', () => {
  before(async () => {
    await withStoredKey(KEY);
  });

  after(async () => {
    await useBaseUrl(fakeUrl());
    await run('grok.clearApiKey');
  });

  it('reports success against the fake server', async () => {
    const report = await run<ConnectionReport>('grok.testConnection');
    const why = report.lines.join(' | ');
    assert.equal(report.ok, true, why);
    assert.equal(report.reachable, true, why);
    assert.equal(report.keyStatus, 'ok', why);
    assert.equal(report.baseUrl, fakeUrl());
    assert.ok((report.models ?? 0) > 0, `no models listed: ${why}`);
    assert.equal(typeof report.roundTripMs, 'number');
  });

  it('reports a bad key when the server answers 400 "Incorrect API key"', async () => {
    await useBaseUrl(badKeyFakeUrl());
    const report = await run<ConnectionReport>('grok.testConnection');
    const why = report.lines.join(' | ');
    assert.equal(report.ok, false, why);
    assert.equal(report.reachable, true, why);
    assert.equal(report.keyStatus, 'refused', why);
    assert.match(why, /refused/i);
  });
});
