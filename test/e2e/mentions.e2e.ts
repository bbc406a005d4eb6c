// Context mentions and project rules in the real VS Code, as a user uses them: # in the chat input lists
// the workspace's files and the symbols VS Code's language support finds; the picked file and symbol
// become chips and go with the question, exactly as shown; the sent chips open what they refer to. An
// AGENTS.md in the workspace shows as a "Rules: AGENTS.md" chip and goes into the system message; the
// chip's × stops sending it in this conversation.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { CHAT_ROUTE, chatRequests, clickNewChat, control, openChatPanel, setKeyFromPalette, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, openFile, runFromPalette } from './workbench';

const DONE = [textChunk('Noted.'), { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }];
const RULE = 'Always answer in one short paragraph.';

export const tests: E2eTest[] = [
  {
    name: 'mentions: # picks a workspace file and a symbol; the request carries both as the chips showed; sent chips open them',
    phase: 'afterReload',
    async run({ page, fakeUrl, screenshot, workspace }) {
      await clearNotifications(page);
      // hello.js as the runner made it (another test's accepted edit, auto saved, must not rename greet).
      writeFileSync(path.join(workspace, 'hello.js'), 'function greet(name) {\n  return `Hello, ${name}!`;\n}\n');
      await setKeyFromPalette(page, 'xai-mentions-e2e-0015');
      await control(fakeUrl, '/reset');
      // The JavaScript language service answers workspace symbol queries once it knows the file.
      await openFile(page, 'hello.js');
      const frame = await openChatPanel(page);
      await clickNewChat(page, frame);
      const input = frame.getByRole('textbox', { name: 'Message Grok' });
      await input.click();

      // A file, by keyboard: # and part of its name, Enter.
      await input.pressSequentially('What does #hell');
      const fileOption = frame.getByRole('option', { name: /hello\.js/ });
      await fileOption.first().waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await fileOption.first().getAttribute('aria-selected'), 'true', 'the file is not the first entry');
      await input.press('Enter');
      const fileChip = frame.locator('.composer .chips .chip-file', { hasText: 'hello.js' });
      await fileChip.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await input.inputValue(), 'What does ');

      // A symbol, by mouse: the language service may need a moment to start, so ask again until it answers.
      await input.pressSequentially('#gree');
      const symbolOption = frame.getByRole('option', { name: /Symbol\s*greet/ });
      // Each query waits up to 10 s for the symbols: ask again only after that.
      let askedAt = Date.now();
      const found = await waitUntil(async () => {
        if (await symbolOption.first().isVisible()) return true;
        if (Date.now() - askedAt < 11_000) return false;
        await input.press('Backspace');
        await input.pressSequentially('e');
        askedAt = Date.now();
        return false;
      }, 35_000, 500);
      assert.ok(found, `no symbol entry for greet: ${await frame.locator('.mention-picker').innerText().catch(() => '(no picker)')}`);
      await screenshot('mention-picker-symbol');
      await symbolOption.first().click();
      const symbolChip = frame.locator('.composer .chips .chip-symbol', { hasText: 'greet' });
      await symbolChip.waitFor({ state: 'visible', timeout: 10_000 });
      // The chip shows what will be sent: its size and, on demand, the text.
      await symbolChip.getByRole('button', { name: /^Preview Symbol\s*greet/ }).click();
      const previewed = await frame.locator('.chip-preview-text').innerText();
      assert.match(previewed, /function greet\(name\) \{/);

      await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: DONE, chunkDelayMs: 10 } });
      await input.pressSequentially('return?');
      await input.press('Enter');
      const sent = frame.locator('.messages article.message.user').last();
      await sent.locator('.message-chips .chip-symbol').waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok(await waitUntil(async () => (await chatRequests(fakeUrl)).length > 0, 15_000), 'no request reached the server');
      const request = (await chatRequests(fakeUrl)).pop()!;
      const user = [...(request.json?.messages ?? [])].reverse().find((m) => m.role === 'user');
      const content = String(user?.content ?? '');
      assert.match(content, /File `hello\.js`:\n```js\nfunction greet\(name\) \{\n {2}return `Hello, \$\{name\}!`;\n\}\n```/, `the file is not in the request as shown:\n${content}`);
      // The whole function (lines 1-3), not only the line its name is on; named as the symbol list names it.
      assert.match(content, /The function `greet(?:\(\))?` from `hello\.js`, lines 1-3:\n```javascript\nfunction greet\(name\) \{\n {2}return `Hello, \$\{name\}!`;\n\}\n```/, `the symbol is not in the request:\n${content}`);
      assert.match(content, /What does return\?$/, `the question is not last:\n${content}`);

      // The sent chips open what they refer to: the file, and the symbol's place in it.
      await runFromPalette(page, 'View: Close All Editor Groups');
      await page.locator('.part.editor .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
      await sent.locator('.message-chips .chip-symbol .chip-open').click();
      await page.locator('.part.editor .tab.active', { hasText: 'hello.js' }).waitFor({ state: 'visible', timeout: 10_000 });
      await runFromPalette(page, 'View: Close All Editor Groups');
      await page.locator('.part.editor .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
      await sent.locator('.message-chips .chip-file .chip-open').click();
      await page.locator('.part.editor .tab.active', { hasText: 'hello.js' }).waitFor({ state: 'visible', timeout: 10_000 });
      await runFromPalette(page, 'View: Close All Editor Groups');
    },
  },
  {
    name: 'project rules: AGENTS.md shows as a Rules chip and goes into the system message; removing the chip stops sending it in this conversation',
    phase: 'afterReload',
    async run({ page, fakeUrl, workspace }) {
      await clearNotifications(page);
      await setKeyFromPalette(page, 'xai-rules-e2e-0015');
      await control(fakeUrl, '/reset');
      const agents = path.join(workspace, 'AGENTS.md');
      writeFileSync(agents, `${RULE}\n`);
      try {
        const frame = await openChatPanel(page);
        await clickNewChat(page, frame);
        const chip = frame.locator('.composer .instruction-chips .chip-rules', { hasText: 'Rules: AGENTS.md' });
        await chip.waitFor({ state: 'visible', timeout: 15_000 });

        assert.match(await systemOf(frame, fakeUrl, 'first question'), new RegExp(`Project rules from AGENTS\\.md:\\n${RULE.replace(/\./g, '\\.')}`));

        await chip.getByRole('button', { name: 'Stop sending the rules from AGENTS.md in this conversation' }).click();
        await chip.waitFor({ state: 'detached', timeout: 10_000 });
        assert.doesNotMatch(await systemOf(frame, fakeUrl, 'second question'), /AGENTS\.md/, 'the removed rules were still sent');

        // Removed for that conversation only: a new chat sends them again.
        await clickNewChat(page, frame);
        await chip.waitFor({ state: 'visible', timeout: 10_000 });
      } finally {
        rmSync(agents, { force: true });
      }
      const frame = await openChatPanel(page);
      await frame.locator('.composer .instruction-chips .chip-rules').waitFor({ state: 'detached', timeout: 15_000 });
    },
  },
];

/** Sends `question` from the panel and returns the system message of the request it made. */
async function systemOf(frame: Frame, fakeUrl: string, question: string): Promise<string> {
  const before = (await chatRequests(fakeUrl)).length;
  await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: DONE, chunkDelayMs: 10 } });
  const input = frame.getByRole('textbox', { name: 'Message Grok' });
  await input.click();
  await input.pressSequentially(question);
  await input.press('Enter');
  assert.ok(await waitUntil(async () => (await chatRequests(fakeUrl)).length > before, 15_000), `no request for "${question}"`);
  await frame.locator('.composer button.send').waitFor({ state: 'visible', timeout: 15_000 });
  const request = (await chatRequests(fakeUrl)).pop()!;
  return String(request.json?.messages?.find((m) => m.role === 'system')?.content ?? '');
}
