// Grok: Insert Code at Cursor as a user runs it: the instruction goes into the input box, the code
// streams into hello.js while the user keeps typing in the same file with the real keyboard (focus never
// moved), and Esc in the editor stops it, closing the server's connection. Without a key it sends nothing
// and offers to set one.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { anyClosedByClient, control, setKeyFromPalette, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, openFile, runFromPalette, settled, visibleText, waitForNotification } from './workbench';

const CODE = ['function farewell(name) {', '  return `Goodbye, ${name}!`;', '}', '', 'function wave() {', '  return "o/";', '}'];

export const tests: E2eTest[] = [
  {
    name: 'without a key, Grok: Insert Code at Cursor sends nothing and warns with a "Set API Key" button that opens the key input',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      const origin = new URL(fakeUrl).origin;
      await clearNotifications(page);
      await runFromPalette(page, 'Grok: Clear API Key');
      await waitForNotification(page, /API key was removed/);
      await clearNotifications(page);
      await control(origin, '/reset');

      await openFile(page, 'hello.js');
      await runInsertFromEditor(page);
      const warning = await notificationWithButton(page, 'Warning', 'Set API Key');
      assert.match((await warning.innerText()).trim(), /No xAI API key is set\. Set one to insert code\./);
      const sent = ((await control(origin, '/requests')) as { requests: Array<{ route: string }> }).requests.filter((r) => r.route === 'POST /v1/chat/completions');
      assert.equal(sent.length, 0, 'a request was sent without a key');
      await settled(page);
      await screenshot('insert-without-key');

      await warning.locator('.monaco-button', { hasText: 'Set API Key' }).click();
      await page.locator('.quick-input-widget', { hasText: 'xAI API key' }).waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'Grok: Insert Code at Cursor streams into the file while the user types in it, and Esc stops it',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      await clearNotifications(page);
      await runFromPalette(page, 'Grok: Set API Key');
      await page.locator('.quick-input-widget', { hasText: 'xAI API key' }).waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator('.quick-input-widget input.input').fill('xai-insert-at-cursor-e2e-0007');
      await page.keyboard.press('Enter');
      await waitForNotification(page, /API key saved/);

      // The first function streams slowly, then the server hangs until the client closes.
      const origin = new URL(fakeUrl).origin;
      await control(origin, '/reset');
      await enqueueCode(origin, { chunkDelayMs: 120, stall: { afterEvents: 14 } });

      await openFile(page, 'hello.js');
      await insertAtEndOfFile(page, 'a farewell function');

      const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
      await waitForText(lines, 'function farewell(name) {');
      // Keep typing at the top of the same file: the keys must land in the editor, not elsewhere.
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('/* typed while Grok writes */ ', { delay: 30 });
      await waitForText(lines, '/* typed while Grok writes */');
      // The status bar shows the request while it runs (the server holds the rest of the answer back).
      const status = page.locator('.statusbar-item', { hasText: 'writing code at the cursor' }).first();
      await status.waitFor({ state: 'visible', timeout: 5_000 });
      await settled(page);
      await screenshot('insert-while-typing');

      await page.keyboard.press('Escape');
      const closed = await waitUntil(() => anyClosedByClient(origin), 3_000);
      assert.ok(closed, 'Esc did not close the connection to the server');
      // The command settles once what had arrived is written (after the user's typing pauses).
      await status.waitFor({ state: 'detached', timeout: 5_000 });
      const text = await visibleText(lines);
      assert.ok(text.startsWith('/* typed while Grok writes */ function greet(name) {\n'), `the typing was not kept at the top:\n${text}`);
      assert.ok(text.includes('}\nfunction farewell(name) {\n  return `Goodbye, ${name}!`;'), `the code did not land at the cursor:\n${text}`);
      assert.ok(!text.includes('wave'), 'code after the stall was inserted');

      await runFromPalette(page, 'File: Revert File');
      await waitUntil(async () => !(await visibleText(lines)).includes('farewell'), 5_000);
    },
  },
  {
    name: 'Typing in the file while code streams in: the closing message says Undo takes more steps, and Remove Inserted Code takes the code out, keeping the typing',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      await clearNotifications(page);
      // Its own key: the tests run in any order, and another may have removed the key.
      await setKeyFromPalette(page, 'xai-insert-typing-e2e-0013');
      await clearNotifications(page);
      const origin = new URL(fakeUrl).origin;
      await control(origin, '/reset');
      // About 6 s of stream, so the typing below lands while code still streams in, also on a loaded
      // machine (at 120 ms a chunk a run saw the stream end before the keys arrived: no closing offer).
      await enqueueCode(origin, { chunkDelayMs: 300 });

      await openFile(page, 'hello.js');
      const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
      const original = await visibleText(lines);
      await insertAtEndOfFile(page, 'a farewell function');

      // The first code within 30 s: in one run of a loaded machine's ten the request left the extension
      // host 16 s after the command started (the host's own log; the browser then reported the extension
      // host unresponsive), and the code streamed in fine after that.
      await waitForText(lines, 'function farewell(name) {', 30_000);
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('// mine ', { delay: 30 });
      await waitForText(lines, 'return "o/";');

      const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: /Undo takes the code out in \d+ steps/ }).first();
      await toast.waitFor({ state: 'visible', timeout: 15_000 });
      await settled(page);
      await screenshot('insert-remove-offer');
      await toast.getByRole('button', { name: 'Remove Inserted Code' }).click();
      const back = await waitUntil(async () => (await visibleText(lines)) === `// mine ${original}`, 5_000);
      assert.ok(back, `the code was not removed, or the typing was not kept:\n${await visibleText(lines)}`);

      await runFromPalette(page, 'File: Revert File');
      await waitUntil(async () => (await visibleText(lines)) === original, 5_000);
    },
  },
];

/** The next chat completion streams CODE as a fenced block, six characters a chunk. */
async function enqueueCode(origin: string, pacing: Record<string, unknown>): Promise<void> {
  const reply = `\`\`\`javascript\n${CODE.join('\n')}\n\`\`\``;
  const pieces = reply.match(/[\s\S]{1,6}/g) ?? [];
  const chunk = (content: string) => ({ id: 'insert-e2e', object: 'chat.completion.chunk', created: 1772541411, model: 'grok-4-1-fast-non-reasoning', choices: [{ index: 0, delta: { content } }] });
  await control(origin, '/enqueue', { route: 'POST /v1/chat/completions', reply: { events: pieces.map(chunk), ...pacing } });
}

/** Puts the cursor at the end of hello.js and runs Grok: Insert Code at Cursor with `instruction`. */
async function insertAtEndOfFile(page: Page, instruction: string): Promise<void> {
  await runInsertFromEditor(page);
  await page.locator('.quick-input-widget', { hasText: 'Insert Code at Cursor' }).waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('.quick-input-widget input.input').fill(instruction);
  await page.keyboard.press('Enter');
}

/** Puts the cursor at the end of hello.js and runs Grok: Insert Code at Cursor from the palette. */
async function runInsertFromEditor(page: Page): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'function greet' }).first().click();
  await page.keyboard.press('Control+End');
  // From the editor, as a user would (runFromPalette clicks the title bar first, which takes focus out
  // of the editor, so focus would not come back to it after the input box).
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Grok: Insert Code at Cursor');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Grok: Insert Code at Cursor' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/**
 * The notification of this severity ("Warning", "Error": a row's aria-label starts with it) that has
 * this button, in the toasts or, when the workbench hid the toast first (seen under load), in the
 * notification center.
 */
async function notificationWithButton(page: Page, severity: string, button: string): Promise<Locator> {
  const row = (where: string) =>
    page
      .locator(`${where} .monaco-list-row[aria-label^="${severity}"]`)
      .filter({ has: page.locator('.monaco-button', { hasText: button }) })
      .first();
  const toast = row('.notifications-toasts');
  try {
    await toast.waitFor({ state: 'visible', timeout: 8_000 });
    return toast;
  } catch {
    await runFromPalette(page, 'Notifications: Show Notifications');
    const listed = row('.notifications-center');
    await listed.waitFor({ state: 'visible', timeout: 7_000 });
    return listed;
  }
}

async function waitForText(lines: ReturnType<Page['locator']>, text: string, withinMs = 15_000): Promise<void> {
  const ok = await waitUntil(async () => (await visibleText(lines)).includes(text), withinMs);
  if (!ok) throw new Error(`the editor never showed ${JSON.stringify(text)}:\n${await visibleText(lines)}`);
}
