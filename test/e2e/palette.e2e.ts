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
      // The palette's own box is the same widget a moment before: wait for the key box to replace it.
      const hidden = await page
        .waitForFunction(() => document.querySelector('.quick-input-widget input.input')?.getAttribute('type') === 'password', undefined, { timeout: 5_000 })
        .then(() => true, () => false);
      assert.ok(hidden, `the key input box does not hide the key (type ${await input.getAttribute('type')})`);
      await input.fill('xai-typed-in-the-palette-0004');
      await screenshot('set-api-key-input');
      await page.keyboard.press('Enter');
      const text = await waitForNotification(page, /API key saved/);
      assert.ok(!text.includes('xai-typed-in-the-palette-0004'), 'the notification shows the key');
    },
  },
  {
    name: 'Grok: Set API Key with a key the server refuses: the box stays open with the reason (said once, naming this server), and a corrected key is saved from it',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      const origin = new URL(fakeUrl).origin;
      const refused = 'xai-refused-in-the-box-0015';
      const post = (path: string, body: unknown) => fetch(`${origin}/__control${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await post('/invalid-keys', { keys: [refused] })).status, 200);
      try {
        await clearNotifications(page);
        await runFromPalette(page, 'Grok: Set API Key');
        const widget = page.locator('.quick-input-widget', { hasText: 'xAI API key' });
        await widget.waitFor({ state: 'visible', timeout: 10_000 });
        const input = page.locator('.quick-input-widget input.input');
        await input.fill(refused);
        await page.keyboard.press('Enter');
        const message = page.locator('.quick-input-widget .quick-input-message');
        await message.filter({ hasText: /refused/i }).waitFor({ state: 'visible', timeout: 10_000 });
        const said = (await message.innerText()).trim();
        assert.ok(await widget.isVisible(), 'the input box closed after the refusal');
        assert.equal((said.match(/refused/gi) ?? []).length, 1, `said twice: ${said}`);
        assert.doesNotMatch(said, /xAI/, `the loopback server is not xAI: ${said}`);
        assert.match(said, /127\.0\.0\.1/);
        await settled(page);
        await screenshot('set-api-key-refused');
        // Corrected in place.
        await input.fill('xai-corrected-in-the-box-0015');
        await page.keyboard.press('Enter');
        await waitForNotification(page, /API key saved/);
      } finally {
        await post('/invalid-keys', { keys: [] });
        await page.keyboard.press('Escape');
      }
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
      // One sentence; the line-by-line report is behind Show Report (the log).
      const text = await waitForNotification(page, /API key accepted/);
      assert.match(text, /^Grok: Connected to /m);
      assert.ok(text.includes(fakeUrl), `the notification does not name the server ${fakeUrl}: ${text}`);
      assert.match(text, /Show Report/);
      assert.doesNotMatch(text, /Round trip/);
      await settled(page);
      await screenshot('test-connection');
    },
  },
];
