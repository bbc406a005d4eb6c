// Grok: Edit Selection as a user runs it, and Esc: with the selection the edit was started with still
// there, the first Esc in the editor stops the edit (closing the server's connection); a selection the
// user makes while it streams is theirs, so Esc does what it always does first (hide the progress toast,
// clear the selection) and stops the edit once the selection is gone.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2eTest } from './e2eTest';
import { clearNotifications, openFile, runFromPalette, settled, waitForNotification } from './workbench';

const REWRITE = '```javascript\nfunction greet(name) {\n  const who = String(name).trim();\n  return `Hello, ${who}!`;\n}\n```';

export const tests: E2eTest[] = [
  {
    name: 'Grok: Edit Selection: the first Esc stops the edit even though its selection is still there; a selection made meanwhile is cleared first',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      const origin = new URL(fakeUrl).origin;
      await clearNotifications(page);
      // A key of its own: the suites after the reload remove the stored one.
      await runFromPalette(page, 'Grok: Set API Key');
      await page.locator('.quick-input-widget', { hasText: 'xAI API key' }).waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator('.quick-input-widget input.input').fill('xai-edit-selection-e2e-0008');
      await page.keyboard.press('Enter');
      await waitForNotification(page, /API key saved/);
      await openFile(page, 'hello.js');
      const editor = page.locator('.editor-instance .monaco-editor.focused').first();
      const selected = editor.locator('.selected-text');

      // 1. The selection the edit started with: Esc stops at once.
      await startEdit(page, origin);
      assert.ok((await selected.count()) > 0, 'the selection is gone before Esc: the test proves nothing');
      await screenshot('edit-streaming');
      await page.keyboard.press('Escape');
      assert.ok(await waitUntil(() => closedByClient(origin), 3_000), 'the first Esc did not stop the edit (it only cleared the selection?)');
      await page.locator('.statusbar-item', { hasText: 'writing the edit' }).first().waitFor({ state: 'detached', timeout: 5_000 });
      await runFromPalette(page, 'Grok: Reject Proposed Edit');

      // 2. A selection the user changed while it streams is theirs: Esc does what VS Code does without
      // Grok (hides the progress toast, then clears the selection) and the edit goes on; then Esc stops it.
      await startEdit(page, origin);
      await page.keyboard.press('Shift+ArrowLeft');
      for (let press = 0; press < 2 && (await selected.count()) > 0; press++) {
        // At a person's pace: the selection change reaches the extension, which updates the context Esc
        // depends on, in a few milliseconds.
        await page.waitForTimeout(300);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(300);
        assert.equal(await closedByClient(origin), false, `Esc ${press + 1} stopped the edit while the user's own selection was there`);
      }
      assert.equal(await selected.count(), 0, 'two Esc presses did not clear the user\'s selection');
      await page.locator('.statusbar-item', { hasText: 'writing the edit' }).first().waitFor({ state: 'visible', timeout: 2_000 });
      await page.keyboard.press('Escape');
      assert.ok(await waitUntil(() => closedByClient(origin), 3_000), 'the second Esc did not stop the edit');
      await settled(page);
      await runFromPalette(page, 'Grok: Reject Proposed Edit');
      const text = await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
      assert.ok(!text.includes('const who'), 'the stopped edit changed the document');
    },
  },
];

/** Selects all of hello.js and runs Grok: Edit Selection on it; resolves while the proposal streams (the server then holds the rest back). */
async function startEdit(page: Page, origin: string): Promise<void> {
  await control(origin, '/reset');
  const pieces = REWRITE.match(/[\s\S]{1,6}/g) ?? [];
  const chunk = (content: string) => ({ id: 'edit-e2e', object: 'chat.completion.chunk', created: 1772541411, model: 'grok-4-1-fast-non-reasoning', choices: [{ index: 0, delta: { content } }] });
  await control(origin, '/enqueue', { route: 'POST /v1/chat/completions', reply: { events: pieces.map(chunk), chunkDelayMs: 50, stall: { afterEvents: 10 } } });

  await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'function greet' }).first().click();
  await page.keyboard.press('Control+A');
  // From the editor (F1), so focus comes back to it after the input box.
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Grok: Edit Selection');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Grok: Edit Selection' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Edit Selection' }).waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('trim the name');
  await page.keyboard.press('Enter');
  // The proposal's diff opens beside with the first code; focus stays in hello.js.
  await page.locator('.tab', { hasText: "Grok's proposed edit" }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.locator('.statusbar-item', { hasText: 'writing the edit' }).first().waitFor({ state: 'visible', timeout: 5_000 });
  await page.locator('.editor-instance .monaco-editor.focused .view-line', { hasText: 'function greet' }).first().waitFor({ state: 'visible', timeout: 5_000 });
}

async function closedByClient(origin: string): Promise<boolean> {
  const { requests } = (await control(origin, '/requests')) as { requests: Array<{ closedByClient?: boolean }> };
  return requests.some((r) => r.closedByClient);
}

async function control(origin: string, pathname: string, body?: unknown): Promise<unknown> {
  const init = body === undefined ? { method: pathname === '/reset' ? 'POST' : 'GET' } : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${origin}/__control${pathname}`, init);
  assert.equal(res.status, 200, `${pathname} answered ${res.status}`);
  return res.json();
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
