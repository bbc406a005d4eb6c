// The host's own check on links the chat page asks it to open: only http(s) URLs reach VS Code's
// opener; javascript:, file:, command:, vscode: and data: URLs (and what is not a URL) are refused.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { openLink } from '../../src/chat/chatViewProvider';
import { registerLog } from '../../src/platform/log';

async function opened(href: string): Promise<string[]> {
  const seen: string[] = [];
  await openLink(href, async (uri: vscode.Uri) => {
    seen.push(uri.toString(true));
    return true;
  });
  return seen;
}

describe('links from the chat page', () => {
  // This suite's own copy of the log module (each suite is bundled on its own) needs its channel.
  const subscriptions: vscode.Disposable[] = [];
  before(() => registerLog({ subscriptions } as unknown as vscode.ExtensionContext));
  after(() => subscriptions.forEach((s) => s.dispose()));

  it('opens an https or http URL', async () => {
    assert.deepEqual(await opened('https://docs.x.ai/docs/models?tab=pricing#grok-4'), ['https://docs.x.ai/docs/models?tab=pricing#grok-4']);
    assert.deepEqual(await opened('http://example.com/docs/'), ['http://example.com/docs/']);
  });

  for (const href of [
    'javascript:alert(document.cookie)',
    ' JavaScript:alert(1)',
    'file:///etc/passwd',
    'command:workbench.action.terminal.new',
    'command:grok.clearApiKey',
    'vscode://grok-vscode.grok-vscode/x',
    'vscode-insiders://file/etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    '/relative/path',
    'not a url',
  ]) {
    it(`refuses ${href}`, async () => {
      assert.deepEqual(await opened(href), []);
    });
  }
});
