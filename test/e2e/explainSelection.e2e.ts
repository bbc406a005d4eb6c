// Grok: Explain Selection as a user runs it: select code in hello.js, run the command from the palette,
// and read the answer streaming into the chat panel.
import * as assert from 'node:assert/strict';
import type { E2eTest } from './e2eTest';
import { clearNotifications, findFrame, openFile, runFromPalette, settled, waitForNotification } from './workbench';

const ANSWER = 'It returns a greeting for the name it is given.';

export const tests: E2eTest[] = [
  {
    name: 'Grok: Explain Selection streams the answer into the chat panel',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      // A key of its own: the reload phase removed the stored one.
      await clearNotifications(page);
      await runFromPalette(page, 'Grok: Set API Key');
      const input = page.locator('.quick-input-widget input.input');
      await page.locator('.quick-input-widget', { hasText: 'xAI API key' }).waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('xai-explain-selection-e2e-0006');
      await page.keyboard.press('Enter');
      await waitForNotification(page, /API key saved/);

      const origin = new URL(fakeUrl).origin;
      const chunk = (content: string) => ({ id: 'explain-e2e', object: 'chat.completion.chunk', created: 1772541411, model: 'grok-4-1-fast-non-reasoning', choices: [{ index: 0, delta: { content } }] });
      const events = [...ANSWER.split(/(?<= )/).map(chunk), { ...chunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }];
      const res = await fetch(`${origin}/__control/enqueue`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ route: 'POST /v1/chat/completions', reply: { events, chunkDelayMs: 40 } }),
      });
      assert.equal(res.status, 200, `enqueue answered ${res.status}`);

      // Open hello.js from Quick Open and select its second line.
      await openFile(page, 'hello.js');
      const editor = page.locator('.editor-instance .monaco-editor').first();
      await editor.waitFor({ state: 'visible', timeout: 10_000 });
      // The selection made, as the status bar shows it, before the command runs: on a loaded machine the
      // keys can go out before the click has given the editor focus, and Explain then (rightly) says
      // there is nothing selected (seen twice).
      const selected = page.locator('.statusbar-item', { hasText: /\(\d+ selected\)/ });
      for (let attempt = 1; ; attempt++) {
        await page.locator('.monaco-editor .view-line', { hasText: 'return' }).first().click();
        await page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
        await page.keyboard.press('End');
        await page.keyboard.press('Shift+Home');
        await page.keyboard.press('Shift+Home');
        if (await selected.first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
        assert.ok(attempt < 3, 'the second line of hello.js could not be selected (the status bar shows no selection)');
      }

      await runFromPalette(page, 'Grok: Explain Selection');
      const frame = await findFrame(page, '#app');
      const answer = frame.locator('article.message.assistant .markdown-body', { hasText: ANSWER }).last();
      await answer.waitFor({ state: 'visible', timeout: 20_000 });
      const question = frame.locator('article.message.user').last();
      assert.match(await question.innerText(), /Explain the selected code/);
      await settled(page);
      await screenshot('explain-selection');

      // The question shows the selection as a chip, not the code spelled out inline.
      // One chip, for the line the user selected (the lines around it travel inside it), and no raw
      // Markdown marks in the visible question.
      const chips = question.locator('.chip-label');
      assert.equal(await chips.count(), 1, `chips: ${(await chips.allInnerTexts()).join(' | ')}`);
      assert.doesNotMatch(await question.locator('.user-text').innerText(), /`/);
      assert.match((await chips.allInnerTexts()).join(' '), /hello\.js:2\b/);
    },
  },
];
