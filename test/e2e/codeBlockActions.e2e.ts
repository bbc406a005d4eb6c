// The code-block buttons of a streamed answer as a user clicks them, with two editors open side by side
// and the chat input focused: Insert goes into the editor the user was last in (each of the two in
// turn), at its cursor, indented to the cursor's line, as one undo step, and focus stays in the chat;
// (Replace is proposed as a diff first: codeBlockReplace.e2e.ts); Copy puts the code on the clipboard; New File opens it in an
// untitled editor in the block's language. hello.js is left as it was found.
import * as assert from 'node:assert/strict';
import type { Frame, Locator, Page } from 'playwright-core';
import { CHAT_ROUTE, clickNewChat, control, openChatPanel, setKeyFromPalette, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, openFile, runFromPalette, visibleText } from './workbench';

const GUARD = ['if (!name) {', "  return 'Hello, stranger!';", '}'];
const NEW_NAME = 'welcome';
// `ts` is not a VS Code language id: New File must map it to TypeScript (the code alone looks like JavaScript).
const ANSWER = ['Check the name first:', '', '```ts', ...GUARD, '```', '', 'And a friendlier name:', '', '```ts', NEW_NAME, '```'].join('\n');

export const tests: E2eTest[] = [
  {
    name: 'code-block buttons with two editors open and the chat input focused: Insert (last editor, cursor, indentation, one Undo, focus stays), Copy, New File',
    phase: 'afterReload',
    async run({ page, fakeUrl }) {
      await clearNotifications(page);
      await setKeyFromPalette(page, 'xai-code-block-actions-e2e-0011');
      await control(fakeUrl, '/reset');
      const events = [...(ANSWER.match(/[\s\S]{1,8}/g) ?? []).map((p) => textChunk(p)), { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }];
      await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events, chunkDelayMs: 20 } });

      // The answer, asked from the panel.
      const frame = await openChatPanel(page);
      await clickNewChat(page, frame);
      const input = frame.locator('textarea.composer-input');
      await input.pressSequentially('Make greet safe for an empty name');
      await input.press('Enter');
      const answer = frame.locator('.messages article.message.assistant').last();
      await answer.locator('.code-block').nth(1).waitFor({ state: 'visible', timeout: 15_000 });
      await frame.locator('.composer button.send').waitFor({ state: 'visible', timeout: 15_000 });
      const [guardBlock, nameBlock] = [answer.locator('.code-block').nth(0), answer.locator('.code-block').nth(1)];

      // Two editors side by side: hello.js on the right, an empty untitled one on the left (opened last),
      // then the user clicks into hello.js: the editor they were last in is not the first visible one.
      await runFromPalette(page, 'View: Close All Editor Groups');
      await page.locator('.part.editor .editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
      try {
        await openFile(page, 'hello.js');
        await runFromPalette(page, 'View: Split Editor Right');
        await page.locator('.part.editor .editor-group-container').nth(1).waitFor({ state: 'visible', timeout: 10_000 });
        await runFromPalette(page, 'View: Focus First Editor Group');
        await page.locator('.part.editor .editor-group-container.active').first().locator('.monaco-editor.focused').waitFor({ state: 'visible', timeout: 10_000 });
        await runFromPalette(page, 'File: New Untitled Text File');
        const scratch = groupShowing(page, /Untitled-\d+/);
        const hello = groupShowing(page, 'hello.js');
        for (const [name, group] of [['the untitled editor', scratch], ['hello.js', hello]] as const) {
          await group.waitFor({ state: 'visible', timeout: 10_000 }).catch(async (e: Error) => {
            throw new Error(`${name} is not the active tab of a group: ${await describeEditors(page)}`, { cause: e });
          });
        }
        assert.equal(await page.locator('.part.editor .editor-group-container').count(), 2, `the two editors are not side by side: ${await describeEditors(page)}`);
        await codeBlockButtons(page, frame, hello, scratch, guardBlock, nameBlock);
      } finally {
        await runFromPalette(page, 'View: Close All Editor Groups');
      }
    },
  },
];

async function codeBlockButtons(page: Page, frame: Frame, hello: Locator, scratch: Locator, guardBlock: Locator, nameBlock: Locator): Promise<void> {
  const original = await visibleText(hello.locator('.monaco-editor .view-lines'));
  try {
    await buttonsInTwoEditors(page, frame, hello, scratch, guardBlock, nameBlock, original);
  } finally {
    // Whatever failed, later suites get hello.js as it was and no unsaved editor.
    await restoreText(page, hello, original);
    await revertDirtyEditors(page);
  }
}

async function buttonsInTwoEditors(page: Page, frame: Frame, hello: Locator, scratch: Locator, guardBlock: Locator, nameBlock: Locator, original: string): Promise<void> {
  const helloLines = hello.locator('.monaco-editor .view-lines');
  const scratchLines = scratch.locator('.monaco-editor .view-lines');
  // The cursor on a new line inside the function, indented by the editor.
  await hello.locator('.view-line', { hasText: 'function greet' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  assert.ok(await waitUntil(async () => (await visibleText(helloLines)).split('\n').length === original.split('\n').length + 1, 5_000), 'Enter made no new line');
  const before = await visibleText(helloLines);
  const indent = before.split('\n')[1];
  assert.match(indent, /^[ \t]+$/, `the new line inside the function is not indented: ${JSON.stringify(indent)}`);

  // Insert, from the chat input.
  await focusChatInput(frame);
  await guardBlock.locator('button.code-action[data-code-action="insertCode"]').click();
  const lines = before.split('\n');
  lines.splice(1, 1, ...GUARD.map((l) => indent + l));
  const inserted = lines.join('\n');
  assert.ok(await waitUntil(async () => (await visibleText(helloLines)) === inserted, 5_000), `Insert did not put the code at the cursor, indented:\n${await visibleText(helloLines)}`);
  assert.equal(await visibleText(scratchLines), '', 'the other editor was changed');
  assert.ok(await frame.evaluate(() => document.hasFocus()), 'focus left the chat panel');
  assert.equal(await page.locator('.part.editor .monaco-editor.focused').count(), 0, 'an editor took focus');
  assert.ok(await frame.evaluate(() => document.activeElement?.closest('.code-toolbar') !== null), 'focus is no longer on the button the user clicked');

  // One Undo in hello.js takes the whole insertion out.
  await hello.locator('.view-line', { hasText: 'function greet' }).click();
  await page.keyboard.press('Control+Z');
  assert.ok(await waitUntil(async () => (await visibleText(helloLines)) === before, 5_000), `one Undo did not restore the document:\n${await visibleText(helloLines)}`);
  await page.waitForTimeout(300);
  assert.equal(await visibleText(helloLines), before, 'the document changed again after the Undo');

  // Replace goes through the edit proposal (diff, Accept / Reject): codeBlockReplace.e2e.ts.
  void nameBlock;
  await restoreText(page, hello, original);
  assert.equal(await visibleText(helloLines), original, 'hello.js was not restored');

  // The other way round: the user last in the untitled editor, Insert goes there and hello.js is left alone.
  await scratch.locator('.view-lines').click();
  await page.keyboard.type('// scratch');
  await page.keyboard.press('Enter');
  await page.keyboard.type('    ');
  assert.ok(await waitUntil(async () => (await visibleText(scratchLines)) === '// scratch\n    ', 5_000), `typing in the untitled editor gave ${JSON.stringify(await visibleText(scratchLines))}`);
  await focusChatInput(frame);
  await guardBlock.locator('button.code-action[data-code-action="insertCode"]').click();
  const intoScratch = ['// scratch', ...GUARD.map((l) => `    ${l}`)].join('\n');
  assert.ok(await waitUntil(async () => (await visibleText(scratchLines)) === intoScratch, 5_000), `Insert did not go into the editor the user was last in:\n${await visibleText(scratchLines)}`);
  assert.equal(await visibleText(helloLines), original, 'hello.js was changed');
  assert.equal(await page.locator('.part.editor .monaco-editor.focused').count(), 0, 'an editor took focus');
  await scratch.locator('.view-lines').click();
  await runFromPalette(page, 'View: Revert and Close Editor');
  await scratch.waitFor({ state: 'detached', timeout: 5_000 });

  // Copy: the code, exactly, on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await focusChatInput(frame);
  await guardBlock.locator('button.code-action[data-code-action="copyCode"]').click();
  await guardBlock.locator('button.code-action.copied[title="Copied"]').waitFor({ state: 'visible', timeout: 5_000 });
  let clipboard = '';
  const copied = await waitUntil(async () => {
    clipboard = await page.evaluate(() => navigator.clipboard.readText()).catch((e: Error) => `(could not read the clipboard: ${e.message})`);
    return clipboard === GUARD.join('\n');
  }, 5_000);
  assert.ok(copied, `the clipboard holds ${JSON.stringify(clipboard)}`);

  // New File: an untitled editor with the code, in TypeScript.
  await guardBlock.locator('button.code-action[data-code-action="openInNewFile"]').click();
  const active = page.locator('.part.editor .editor-group-container.active');
  const opened = await waitUntil(async () => (await visibleText(active.locator('.monaco-editor .view-lines'))) === GUARD.join('\n'), 10_000);
  assert.ok(opened, `New File did not open the code: ${await visibleText(active.locator('.monaco-editor .view-lines'))}`);
  const tab = active.locator('.tab.active');
  assert.ok(!(await tab.innerText()).includes('hello.js'), 'New File showed the code in hello.js');
  assert.match((await tab.getAttribute('class')) ?? '', /\bdirty\b/, 'the new editor is not an unsaved (untitled) document');
  const mode = page.locator('.statusbar-item#status\\.editor\\.mode');
  assert.ok(await waitUntil(async () => (await mode.innerText().catch(() => '')).trim() === 'TypeScript', 5_000), `the new file's language is ${await mode.innerText().catch(() => '?')}`);
  await runFromPalette(page, 'View: Revert and Close Editor');
}

/** Undoes the edits in a group's editor until it shows `text` again, then saves (auto save may have written them). */
async function restoreText(page: Page, group: Locator, text: string): Promise<void> {
  // The file may show in both groups by now (the same document): one is enough.
  const lines = group.first().locator('.monaco-editor .view-lines');
  if ((await group.count()) === 0 || (await visibleText(lines)) === text) return;
  await lines.locator('.view-line').first().click();
  for (let i = 0; i < 8 && (await visibleText(lines)) !== text; i++) {
    await page.keyboard.press('Control+Z');
    await page.waitForTimeout(200);
  }
  await page.keyboard.press('Control+S');
}

/** Reverts and closes every editor with unsaved changes, so closing the groups asks nothing. */
async function revertDirtyEditors(page: Page): Promise<void> {
  for (let i = 0; i < 4; i++) {
    const dirty = page.locator('.part.editor .tab.dirty').first();
    if ((await dirty.count()) === 0) return;
    await dirty.click();
    await runFromPalette(page, 'View: Revert and Close Editor');
    await page.waitForTimeout(200);
  }
}

/** The editor group whose active tab matches `title`. */
function groupShowing(page: Page, title: string | RegExp): Locator {
  return page.locator('.part.editor .editor-group-container').filter({ has: page.locator('.tab.active', { hasText: title }) });
}

/** The editor groups as the workbench shows them, for failure messages. */
function describeEditors(page: Page): Promise<string> {
  return page.locator('.part.editor .editor-group-container').evaluateAll((groups) =>
    JSON.stringify(
      groups.map((g) => ({
        class: g.className,
        tabs: Array.from(g.querySelectorAll('.tab')).map((t) => `${(t.textContent ?? '').trim()} [${t.className}]`),
        focusedEditor: !!g.querySelector('.monaco-editor.focused'),
      })),
    ),
  );
}

async function focusChatInput(frame: Frame): Promise<void> {
  await frame.locator('textarea.composer-input').click();
  const focused = await frame.evaluate(() => document.hasFocus() && document.activeElement?.matches('textarea.composer-input') === true);
  assert.ok(focused, 'the chat input did not take focus');
}
