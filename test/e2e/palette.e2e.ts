// Run Grok's commands from the command palette and read their notifications.
import * as assert from 'node:assert/strict';
import { setKeyFromPalette } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, runFromPalette, settled, waitForNotification } from './workbench';

export const tests: E2eTest[] = [
  {
    name: 'Grok: Set API Key from the palette takes a key in its input box',
    phase: 'afterReload',
    async run({ page, screenshot }) {
      await clearNotifications(page);
      await runFromPalette(page, 'Grok: Set API Key');
      const input = page.locator('.quick-input-widget input.input');
      await page.locator('.quick-input-widget', { hasText: 'xAI API key' }).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await input.getAttribute('type'), 'password', 'the key input box does not hide the key');
      await input.fill('xai-typed-in-the-palette-0004');
      await screenshot('set-api-key-input');
      await page.keyboard.press('Enter');
      const text = await waitForNotification(page, /API key saved/);
      assert.ok(!text.includes('xai-typed-in-the-palette-0004'), 'the notification shows the key');
    },
  },
  {
    name: 'Grok: Test Connection from the palette reports success in a notification',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      await clearNotifications(page);
      // Its own key: the tests run in any order, and another may have removed the key.
      await setKeyFromPalette(page, 'xai-test-connection-e2e-0013');
      await clearNotifications(page);
      await runFromPalette(page, 'Grok: Test Connection');
      const text = await waitForNotification(page, /API key accepted/);
      assert.match(text, /Server reachable/);
      assert.ok(text.includes(fakeUrl), `the notification does not name the server ${fakeUrl}: ${text}`);
      await settled(page);
      await screenshot('test-connection');
    },
  },
];
