// Phase 1 of the reload scenario, the last suite of the main phase (pinned there: the scenario spans the
// reload): store a key and prove it is in use, and leave a conversation open whose answer was stopped
// mid-stream. The runner then reloads the window from the browser, and reload.after.test.ts and
// chatHistory.after.test.ts check in the new extension host that both survived.
import * as assert from 'node:assert/strict';
import {
  assertNoEnvironmentKey,
  type ConnectionReport,
  fakeUrl,
  grokExtension,
  lastKeySent,
  LEFT_OPEN_QUESTION,
  RELOAD_KEY,
  requestsSeenBy,
  resetFake,
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

  it('leaves a conversation open whose answer was stopped mid-stream', async () => {
    await resetFake(fakeUrl());
    const origin = new URL(fakeUrl()).origin;
    const reply = { longStream: { events: 400 }, chunking: { kind: 'events' }, chunkDelayMs: 50 };
    const res = await fetch(`${origin}/__control/enqueue`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ route: 'POST /v1/chat/completions', reply }) });
    assert.equal(res.status, 200);
    await run('grok.newChat');
    const asking = run<{ status?: string; text?: string }>('grok.ask', LEFT_OPEN_QUESTION);
    const until = Date.now() + 15_000;
    while (!(await requestsSeenBy(fakeUrl())).some((r) => r.route === 'POST /v1/chat/completions') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 600)); // some of the answer streams in
    await run('grok.stop');
    const result = await asking;
    assert.equal(result?.status, 'stopped', JSON.stringify(result));
    assert.ok(result.text && result.text.length > 0, 'the partial answer is kept');
  });
});
