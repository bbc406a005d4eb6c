// With no key, a chat request must not reach the network and must offer to set a key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { assertNoEnvironmentKey, fakeUrl, grokExtension, requestsSeenBy, resetFake, run, useBaseUrl } from './support';

describe('a chat request without a key', () => {
  before(async () => {
    assertNoEnvironmentKey();
    await grokExtension();
    await useBaseUrl(fakeUrl());
    await run('grok.clearApiKey');
    await resetFake(fakeUrl());
  });

  it('grok.ask answers badKey and sends nothing', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('grok.ask'), 'grok.ask is not registered');
    const result = await run<{ error?: { kind?: string } }>('grok.ask', 'Say hello');
    assert.equal(result?.error?.kind, 'badKey', `grok.ask returned ${JSON.stringify(result)}`);
    const chat = (await requestsSeenBy(fakeUrl())).filter((r) => /\/(chat\/completions|responses)\b/.test(r.route));
    assert.deepEqual(chat.map((r) => r.route), [], 'a request went out without a key');
    // The warning itself is checked in the browser (test/e2e/askWarning.e2e.ts): its "Set API Key"
    // button is only visible in the workbench.
  });
});
