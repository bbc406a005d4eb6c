// Grok: Open Chat puts the cursor in the chat input: what the user types next goes into the question,
// not into the editor they came from, whether the view was hidden or already showing.
import * as assert from 'node:assert/strict';
import type { Frame, Locator, Page } from 'playwright-core';
import { setKeyFromPalette } from './chat';
import type { E2eTest } from './e2eTest';
import { findFrame, openFile, runFromPalette, visibleText } from './workbench';

export const tests: E2eTest[] = [
  {
    name: 'Grok: Open Chat focuses the chat input, from a hidden view and from an editor beside the showing view: typing goes into it',
    phase: 'afterReload',
    async run({ page }) {
      await setKeyFromPalette(page, 'xai-open-chat-focus-e2e-0012');

      // The side bar closed, the user in hello.js.
      await runFromPalette(page, 'View: Close Primary Side Bar');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
      await typeAfterOpenChat(page, 'first question');

      // The view showing, the user back in hello.js.
      await typeAfterOpenChat(page, 'second question');
    },
  },
];

async function typeAfterOpenChat(page: Page, text: string): Promise<void> {
  await openFile(page, 'hello.js');
  // The text typing must not change, once the editor shows it: on a loaded machine the lines were read
  // while still empty, and the file's own text then looked like typing that went into it.
  const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
  await expectText(lines, /function greet/);
  const editorText = await lines.innerText();

  await runFromPalette(page, 'Grok: Open Chat');
  await page.locator('.part.sidebar .composite.title', { hasText: /grok/i }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const frame = await findFrame(page, '#app .chat-view textarea.composer-input');
  await waitForInputFocus(frame);
  await page.keyboard.type(text);

  const input = frame.locator('textarea.composer-input');
  assert.equal(await input.inputValue(), text, 'what the user typed after Grok: Open Chat did not go into the chat input');
  assert.equal(await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText(), editorText, 'the typing went into the editor');
  await input.fill('');
}

async function expectText(lines: Locator, text: RegExp): Promise<void> {
  for (const until = Date.now() + 10_000; !text.test(await visibleText(lines)); ) {
    assert.ok(Date.now() < until, `hello.js did not show ${text} within 10 s of opening: ${JSON.stringify(await visibleText(lines))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The command moves focus a moment after it returns (the page is told to focus); a user types after it. */
async function waitForInputFocus(frame: Frame): Promise<void> {
  const focused = await frame
    .waitForFunction(() => document.hasFocus() && document.activeElement?.matches('textarea.composer-input') === true, undefined, { timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  const where = focused ? '' : await frame.evaluate(() => `${document.hasFocus() ? 'the page has focus' : 'the page does not have focus'}, active element <${document.activeElement?.localName ?? 'none'} class="${document.activeElement?.className ?? ''}">`);
  assert.ok(focused, `the chat input did not get focus within 5 s of Grok: Open Chat (${where})`);
}
