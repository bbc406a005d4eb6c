// The README's pictures, taken in the real VS Code as a user would see it: the chat with an answer in a
// dark and a light theme, Insert Code at Cursor, and Edit Selection's proposed diff. Each is checked for
// what it must show before it is saved as test-output/screenshots/readme-*.png; `npm run screenshots`
// copies them to docs/images.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CHAT_ROUTE, control, openChatPanel, setKeyFromPalette, textChunk } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, openFile, runFromPalette, settled } from './workbench';

const OUT = path.join('test-output', 'screenshots');
const ANSWER =
  'A `Map` keyed by name keeps each greeting once:\n\n```javascript\nconst cache = new Map();\n\nfunction greet(name) {\n  if (!cache.has(name)) cache.set(name, `Hello, ${name}!`);\n  return cache.get(name);\n}\n```\n\n- **Fast**: one lookup per call.\n- **Bounded?** No: clear it when names come from users.';
const INSERTED = '```javascript\nfunction farewell(name) {\n  return `Goodbye, ${name}!`;\n}\n```';
const REWRITE = '```javascript\nfunction greet(name) {\n  const who = String(name).trim() || "there";\n  return `Hello, ${who}!`;\n}\n```';

function finish(): object {
  return { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
}

async function save(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await settled(page);
  await page.screenshot({ path: path.join(OUT, `readme-${name}.png`), ...(clip ? { clip } : {}) });
}

/** Picks a colour theme as a user does (Preferences: Color Theme) and waits until the workbench is light or dark as asked. */
async function useTheme(page: Page, label: string, light: boolean): Promise<void> {
  await runFromPalette(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input.input');
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForFunction((wantLight) => document.querySelector('.monaco-workbench')?.classList.contains('vs') === wantLight, light, { timeout: 15_000 });
}

/** The sidebar with the chat, and a little of the editor beside it. */
async function chatClip(page: Page) {
  const box = await page.locator('.part.sidebar').boundingBox();
  assert.ok(box, 'no sidebar');
  return { x: 0, y: 0, width: Math.min(1400, box.x + box.width + 360), height: 900 };
}

export const tests: E2eTest[] = [
  {
    name: 'README screenshots: the chat (dark and light), Insert Code at Cursor and Edit Selection',
    phase: 'afterReload',
    async run({ page, fakeUrl }) {
      await control(fakeUrl, '/reset');
      try {
        await clearNotifications(page);
        await setKeyFromPalette(page, 'xai-readme-screenshots-0014');
        await openFile(page, 'hello.js');

        // The chat, with a question and an answer with code.
        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [...(ANSWER.match(/[\s\S]{1,12}/g) ?? []).map((p) => textChunk(p)), finish()] } });
        const frame = await openChatPanel(page);
        await runFromPalette(page, 'Grok: New Chat');
        const input = frame.locator('textarea.composer-input');
        await input.pressSequentially('How can greet() avoid building the same string twice?');
        await input.press('Enter');
        await frame.locator('.messages article.message.assistant .code-block', { hasText: 'cache.set' }).last().waitFor({ state: 'visible', timeout: 15_000 });
        await frame.locator('.messages article.message.assistant .usage, .messages article.message.assistant .message-status').last().waitFor({ state: 'attached', timeout: 10_000 }).catch(() => {});
        await useTheme(page, 'Dark 2026', false);
        await page.waitForTimeout(500); // the page re-reads the theme's token colours
        await save(page, 'chat-dark', await chatClip(page));
        await useTheme(page, 'Light 2026', true);
        await page.waitForTimeout(500); // the page re-reads the theme's token colours
        await save(page, 'chat-light', await chatClip(page));

        // Insert Code at Cursor: an instruction, and the code streamed in at the cursor.
        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [...(INSERTED.match(/[\s\S]{1,8}/g) ?? []).map((p) => textChunk(p)), finish()] } });
        await openFile(page, 'hello.js');
        await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'function greet' }).first().click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('F1');
        const quick = page.locator('.quick-input-widget input.input');
        await quick.fill('>Grok: Insert Code at Cursor');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Grok: Insert Code at Cursor' }).first().waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget', { hasText: 'What should Grok write at the cursor' }).waitFor({ state: 'visible', timeout: 10_000 });
        await quick.fill('add a farewell function');
        await page.keyboard.press('Enter');
        await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'Goodbye' }).first().waitFor({ state: 'visible', timeout: 15_000 });
        await save(page, 'insert-at-cursor', { x: 0, y: 0, width: 1400, height: 900 });
        await page.keyboard.press('Control+Z');

        // Edit Selection: the proposal as a diff with Accept and Reject.
        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [...(REWRITE.match(/[\s\S]{1,8}/g) ?? []).map((p) => textChunk(p, 'edit')), finish()] } });
        await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'function greet' }).first().click();
        await page.keyboard.press('Control+A');
        await page.keyboard.press('F1');
        await quick.fill('>Grok: Edit Selection');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Grok: Edit Selection' }).first().waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget', { hasText: 'How should Grok change the selected code' }).waitFor({ state: 'visible', timeout: 10_000 });
        await quick.fill('treat an empty name as "there"');
        await page.keyboard.press('Enter');
        await page.locator('.tab', { hasText: "Grok's proposed edit" }).first().waitFor({ state: 'visible', timeout: 15_000 });
        await page.locator('.monaco-diff-editor .view-line', { hasText: '"there"' }).first().waitFor({ state: 'visible', timeout: 15_000 });
        await save(page, 'edit-selection', { x: 0, y: 0, width: 1400, height: 900 });
        await runFromPalette(page, 'Grok: Reject Proposed Edit');
      } finally {
        await control(fakeUrl, '/reset');
      }
    },
  },
];
