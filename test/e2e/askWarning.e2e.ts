// Without a key, a chat request (Grok: Ask… from the palette) must warn and offer to set a key, and the
// offer must work: its "Set API Key" button opens the key input. It removes the key itself first.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { E2eTest } from './e2eTest';
import { clearNotifications, runFromPalette, settled, waitForNotification } from './workbench';

export const tests: E2eTest[] = [
  {
    name: 'without a key, Grok: Ask… warns with a "Set API Key" button that opens the key input',
    phase: 'afterReload',
    async run({ page, screenshot, manifest }) {
      const ask = manifest.contributes.commands.find((c) => c.command === 'grok.ask');
      assert.ok(ask, 'package.json declares no grok.ask command');
      await clearNotifications(page);
      await runFromPalette(page, 'Grok: Clear API Key');
      await waitForNotification(page, /API key was removed/);
      await clearNotifications(page);
      // The manifest's titles are %keys% into package.nls.json (the runner works in the repository root).
      const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
      const title = ask.title.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? key);
      await runFromPalette(page, `${ask.category ?? 'Grok'}: ${title}`);
      // A row's aria-label starts with its severity ("Warning: …"); the action is a button in it. The
      // workbench sometimes hides a toast before it can be seen (seen under load): then the same row,
      // with the same button, is in the notification center.
      const row = (where: string) =>
        page
          .locator(`${where} .monaco-list-row[aria-label^="Warning"]`)
          .filter({ has: page.locator('.monaco-button', { hasText: 'Set API Key' }) })
          .first();
      let warning = row('.notifications-toasts');
      try {
        await warning.waitFor({ state: 'visible', timeout: 8_000 });
      } catch {
        await runFromPalette(page, 'Notifications: Show Notifications');
        warning = row('.notifications-center');
        await warning.waitFor({ state: 'visible', timeout: 7_000 });
      }
      assert.match((await warning.innerText()).trim(), /key/i);
      await settled(page);
      await screenshot('ask-without-key');

      await warning.locator('.monaco-button', { hasText: 'Set API Key' }).click();
      await page.locator('.quick-input-widget', { hasText: 'xAI API key' }).waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Escape');
    },
  },
];
