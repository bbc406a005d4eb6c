// Replace from a chat code block as a user does it: the replacement is proposed as a diff beside the
// file (the same proposal as Edit Selection), nothing changes until Accept; Reject leaves the file as
// it was, Accept writes the code over the selection.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CHAT_ROUTE, clickNewChat, control, openChatPanel, setKeyFromPalette, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, openFile, runFromPalette, visibleText } from './workbench';

// As the editor shows it: the file ends with a line break, so a last empty line.
const ORIGINAL = 'function greet(name) {\n  return `Hello, ${name}!`;\n}\n';
const ANSWER = 'A friendlier name:\n\n```js\nwelcome\n```';

export const tests: E2eTest[] = [
  {
    name: 'Replace from a code block: a diff proposal first; Reject leaves hello.js unchanged, Accept writes the code over the selection',
    phase: 'afterReload',
    async run({ page, fakeUrl, screenshot, workspace }) {
      await clearNotifications(page);
      await setKeyFromPalette(page, 'xai-code-block-replace-e2e-0015');
      await control(fakeUrl, '/reset');
      const events = [...(ANSWER.match(/[\s\S]{1,6}/g) ?? []).map((p) => textChunk(p)), { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }];
      await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events, chunkDelayMs: 10 } });
      await runFromPalette(page, 'View: Close All Editor Groups');
      await openFile(page, 'hello.js');
      const frame = await openChatPanel(page);
      await clickNewChat(page, frame);
      const input = frame.getByRole('textbox', { name: 'Message Grok' });
      await input.click();
      await input.pressSequentially('A better name for greet?');
      await input.press('Enter');
      const block = frame.locator('.messages article.message.assistant').last().locator('.code-block').first();
      await block.waitFor({ state: 'visible', timeout: 15_000 });
      await frame.locator('.composer button.send').waitFor({ state: 'visible', timeout: 15_000 });

      const hello = page.locator('.part.editor .editor-group-container').filter({ has: page.locator('.tab.active', { hasText: /^hello\.js/ }) }).first();
      const lines = hello.locator('.monaco-editor .view-lines');
      assert.equal(await visibleText(lines), ORIGINAL);
      try {
        // Reject: the proposal goes, the file stays.
        await proposeReplace(page, hello, block);
        await screenshot('replace-proposal-diff');
        assert.equal(await visibleText(lines), ORIGINAL, 'Replace wrote before Accept');
        await runFromPalette(page, 'Grok: Reject Proposed Edit');
        await diffTab(page).waitFor({ state: 'detached', timeout: 10_000 });
        await page.waitForTimeout(300);
        assert.equal(await visibleText(lines), ORIGINAL, 'Reject changed the file');

        // Accept: the code replaces the selection.
        await proposeReplace(page, hello, block);
        await runFromPalette(page, 'Grok: Accept Proposed Edit');
        const replaced = ORIGINAL.replace('function greet(', 'function welcome(');
        assert.ok(await waitUntil(async () => (await visibleText(lines)) === replaced, 10_000), `Accept did not write the code:\n${await visibleText(lines)}`);
        await diffTab(page).waitFor({ state: 'detached', timeout: 10_000 });
      } finally {
        await hello.locator('.view-lines').click().catch(() => {});
        await runFromPalette(page, 'View: Revert and Close Editor').catch(() => {});
        await runFromPalette(page, 'View: Close All Editor Groups').catch(() => {});
        // Auto save may have written the accepted code already: hello.js goes back as the runner made it.
        writeFileSync(path.join(workspace, 'hello.js'), ORIGINAL);
      }
    },
  },
];

function diffTab(page: Page) {
  return page.locator('.part.editor .tab', { hasText: "Grok's proposed edit" }).first();
}

/** Selects the word greet in hello.js, then clicks the block's Replace; resolves when the proposal's diff is open. */
async function proposeReplace(page: Page, hello: ReturnType<Page['locator']>, block: ReturnType<Page['locator']>): Promise<void> {
  await hello.locator('.view-line', { hasText: 'function greet' }).getByText('greet', { exact: true }).dblclick();
  await block.locator('button.code-action[data-code-action="replaceSelection"]').click();
  await diffTab(page).waitFor({ state: 'visible', timeout: 10_000 });
}
