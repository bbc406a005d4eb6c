// Open the Grok view from the activity bar and see the chat webview render.
import * as assert from 'node:assert/strict';
import type { E2eTest } from './e2eTest';
import { findFrame, runFromPalette } from './workbench';

export const tests: E2eTest[] = [
  {
    name: 'the Grok view opens from the activity bar and renders its webview',
    phase: 'afterReload',
    async run({ page, screenshot }) {
      // Start from another view: clicking the icon of the view already shown would close the side bar.
      await runFromPalette(page, 'View: Show Explorer');
      await page.locator('.part.sidebar .composite.title', { hasText: /explorer/i }).first().waitFor({ state: 'visible', timeout: 10_000 });
      const item = page.locator('.part.activitybar .action-label[aria-label^="Grok"]').first();
      await item.waitFor({ state: 'visible', timeout: 15_000 });
      await item.click();
      const sidebar = page.locator('.part.sidebar');
      await sidebar.locator('.composite.title', { hasText: /grok/i }).first().waitFor({ state: 'visible', timeout: 10_000 });

      const frame = await findFrame(page, '#app');
      const app = frame.locator('#app');
      await app.waitFor({ state: 'visible', timeout: 10_000 });
      const box = await app.boundingBox();
      assert.ok(box && box.width > 50 && box.height > 0, `#app is not laid out: ${JSON.stringify(box)}`);
      // #app is in the page's HTML; the page draws into it once its script has run and the host's strings
      // arrived (or STRINGS_WAIT_MS passed, src/webview/main.ts): on a loaded machine that is after #app
      // is shown, so the text is waited for, not read once.
      const drawn = await frame
        .waitForFunction(() => (document.querySelector('#app') as HTMLElement | null)?.innerText.trim().length, undefined, { timeout: 10_000 })
        .then(() => true, () => false);
      assert.ok(drawn, 'the chat page rendered nothing inside #app within 10 s of being shown');
      await screenshot('grok-view');
    },
  },
];
