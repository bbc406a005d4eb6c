// The chat in a narrow side bar, in the real VS Code: the side bar's sash is dragged to 180 px, then 300
// and 600; at each width a conversation with a code block, a pending context chip and a notice is
// audited from bounding boxes (nothing sticks out of its container or is clipped: the same audit as the
// Chromium tier, test/webview/layoutCheck.ts) and screenshotted. New Chat and History are the view's
// title-bar actions and the page repeats neither; Test Connection, Show Log, Set and Clear API Key are in
// the view's "…" menu. The side bar is put back to its width afterwards.
import * as assert from 'node:assert/strict';
import { LAYOUT_AUDIT, type LayoutProblem } from '../webview/layoutCheck';
import { CHAT_ROUTE, clickNewChat, clickViewAction, control, openChatPanel, setKeyFromPalette, textChunk } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, dragSidebarTo, openFile, runFromPalette, settled, sidebarWidth } from './workbench';

const ANSWER = ['Guard the name:', '', '```javascript', "if (!name) return 'Hello, stranger!';", '```', '', 'Done.'].join('\n');

export const tests: E2eTest[] = [
  {
    name: 'a narrow side bar (180, 300, 600 px): no control of the chat overflows or is clipped; title-bar actions are not repeated in the page',
    phase: 'afterReload',
    async run({ page, fakeUrl, screenshot }) {
      await clearNotifications(page);
      await setKeyFromPalette(page, 'xai-narrow-layout-e2e-0015');
      await control(fakeUrl, '/reset');
      const events = [...(ANSWER.match(/[\s\S]{1,12}/g) ?? []).map((p) => textChunk(p)), { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }];
      await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events } });
      await openFile(page, 'hello.js');
      const frame = await openChatPanel(page);
      await clickNewChat(page, frame);
      const original = await sidebarWidth(page);
      try {
        await frame.getByRole('button', { name: 'Add the current file as context' }).click();
        await frame.locator('.composer .chip').first().waitFor({ state: 'visible', timeout: 10_000 });
        const input = frame.locator('textarea.composer-input');
        await input.pressSequentially('Make greet safe for an empty name');
        await input.press('Enter');
        await frame.locator('.messages article.message.assistant .code-block').first().waitFor({ state: 'visible', timeout: 15_000 });
        await frame.locator('.composer button.send').waitFor({ state: 'visible', timeout: 15_000 });
        await frame.getByRole('button', { name: 'Add the current file as context' }).click();

        // Title bar: New Chat and History there; the page has neither.
        for (const name of ['New Chat', 'Show Chat History']) {
          assert.ok(await page.locator(`.part.sidebar .title-actions .action-label[aria-label^="${name}"]`).first().isVisible(), `${name} is not in the view's title bar`);
        }
        assert.equal(await frame.getByRole('button', { name: /new chat|history/i }).count(), 0, 'the page repeats a title-bar action');

        for (const width of [180, 300, 600]) {
          await dragSidebarTo(page, width);
          const actual = await sidebarWidth(page);
          assert.ok(Math.abs(actual - width) <= 2, `the side bar is ${actual} px wide, not ${width}`);
          await frame.locator('.messages article.message.assistant .code-block').first().scrollIntoViewIfNeeded();
          await frame.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
          const problems = (await frame.evaluate(LAYOUT_AUDIT)) as LayoutProblem[];
          await settled(page);
          await screenshot(`narrow-layout-${width}`);
          assert.deepEqual(problems, [], `at ${width} px:\n${problems.map((p) => `${p.what}: ${p.problem}`).join('\n')}`);
        }

        // The view's "…" menu holds the set-up commands.
        await dragSidebarTo(page, 300);
        await page.locator('.part.sidebar .title-actions .action-label[aria-label^="Views and More Actions"], .part.sidebar .title-actions .action-label.codicon-toolbar-more').first().click();
        const menu = page.locator('.monaco-menu .action-label');
        await menu.first().waitFor({ state: 'visible', timeout: 10_000 });
        const items = (await menu.allInnerTexts()).map((t) => t.trim());
        await page.keyboard.press('Escape');
        for (const item of ['Test Connection', 'Show Log', 'Set API Key', 'Clear API Key']) assert.ok(items.includes(item), `"${item}" is not in the view's … menu: ${JSON.stringify(items)}`);
      } finally {
        // Leave no pending chip and no conversation behind for the suites after this one.
        for (let i = 0; i < 5 && (await frame.locator('.composer .chip-remove').count().catch(() => 0)) > 0; i++) {
          await frame.locator('.composer .chip-remove').first().click().catch(() => {});
          await page.waitForTimeout(200);
        }
        await clickViewAction(page, 'New Chat').catch(() => {});
        await dragSidebarTo(page, original).catch(() => {});
        await runFromPalette(page, 'View: Close All Editor Groups').catch(() => {});
      }
    },
  },
];
