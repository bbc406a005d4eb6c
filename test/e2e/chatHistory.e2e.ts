// Chat history as the user sees it across a window reload, in the panel:
//  - before the reload: what the panel shows (the conversation test/vscode/reload.before.test.ts left open, its
//    answer stopped) is recorded, and two files are put into the extension's history folder under
//    code-server's global storage: a good conversation and a damaged one (a torn write);
//  - after the reload: the panel shows the same conversation; the damaged file was set aside
//    (`<id>.json.damaged-<time>`, bytes intact) with a notice in the panel; the good conversation is in
//    History and opens.
// Part of the reload scenario: runs first in each phase, before anything asks a question into the
// restored conversation.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eContext, E2eTest } from './e2eTest';
import { clickViewAction, openChatPanel, type ShownMessage, shownConversation, waitUntil } from './chat';
import { settled } from './workbench';

const LEFT_OPEN_QUESTION = 'Write a very long story about a fox'; // as in test/vscode/reload.before.test.ts

const GOOD_ID = 'e2e-kept-conversation-0001';
const GOOD_TITLE = 'Reverse a string (kept across the reload)';
const GOOD_QUESTION = 'How do I reverse a string in JavaScript?';
const GOOD_ANSWER = "Spread it into code points, reverse, join:\n\n```javascript\nconst reversed = [...text].reverse().join('');\n```\n";
const DAMAGED_ID = 'e2e-damaged-conversation-0001';

/** What the beforeReload tests saw and wrote, for the afterReload tests (one module, one run). */
let shownBeforeReload: ShownMessage[] | undefined;
let leftOpenId: string | undefined;
let damagedBytes: string | undefined;

function conversationsDir({ userDataDir, manifest }: E2eContext): string {
  // VS Code's global storage for an extension: <user data>/User/globalStorage/<publisher.name, lower case>.
  return path.join(userDataDir, 'User', 'globalStorage', `${manifest.publisher}.${manifest.name}`.toLowerCase(), 'history', 'conversations');
}

function storedTitle(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { title?: string }).title;
  } catch {
    return undefined;
  }
}

export const tests: E2eTest[] = [
  {
    name: 'before the reload: the panel shows the conversation left open (its answer stopped)',
    phase: 'beforeReload',
    partOfReload: true,
    async run({ page, screenshot }) {
      const frame = await openChatPanel(page);
      await frame.locator('.messages article.message.assistant').first().waitFor({ state: 'visible', timeout: 10_000 });
      const shown = await shownConversation(frame);
      assert.equal(shown[0]?.role, 'user', JSON.stringify(shown));
      assert.equal(shown[0].text, LEFT_OPEN_QUESTION);
      assert.equal(shown[1]?.role, 'assistant', JSON.stringify(shown));
      assert.ok(shown[1].text.length > 0, 'the stopped answer shows its partial text');
      assert.equal(shown[1].stopped, true, 'the answer is marked stopped');
      shownBeforeReload = shown;
      await settled(page);
      await screenshot('chat-before-reload');
    },
  },
  {
    name: 'before the reload: a good and a damaged conversation file are put in the history folder while the window reloads',
    phase: 'beforeReload',
    partOfReload: true,
    async run(ctx) {
      const dir = conversationsDir(ctx);
      assert.ok(existsSync(dir), `no history folder at ${dir}`);
      // The folder is the one the extension uses: the conversation left open is saved there.
      const leftOpen = readdirSync(dir).find((f) => f.endsWith('.json') && storedTitle(path.join(dir, f)) === LEFT_OPEN_QUESTION);
      assert.ok(leftOpen, `no saved conversation titled "${LEFT_OPEN_QUESTION}" in ${dir}: ${readdirSync(dir).join(', ')}`);
      leftOpenId = leftOpen.slice(0, -'.json'.length);

      const now = Date.now();
      const good = {
        version: 1,
        id: GOOD_ID,
        title: GOOD_TITLE,
        titleEdited: true,
        createdAt: now - 60_000,
        updatedAt: now,
        messages: [
          { id: 'e2e-kept-q', role: 'user', text: GOOD_QUESTION, status: 'done', createdAt: now - 60_000 },
          {
            id: 'e2e-kept-a',
            role: 'assistant',
            text: GOOD_ANSWER,
            status: 'done',
            model: 'grok-4-1-fast-non-reasoning',
            createdAt: now - 59_000,
            usage: { promptTokens: 180, cachedPromptTokens: 0, completionTokens: 24, reasoningTokens: 0, costUsd: 0.0012 },
          },
        ],
      };
      // A torn write: the first half of a conversation file.
      const whole = JSON.stringify({ ...good, id: DAMAGED_ID, title: 'Half-written conversation' });
      const damaged = whole.slice(0, Math.floor(whole.length / 2));
      damagedBytes = damaged;
      // Written while neither window's extension host runs, as if found at a start of VS Code. Written
      // here, they were once read by this window before the reload (it reads the folder in the background
      // after a save), which set the damaged file aside with its notice in a page about to go.
      ctx.betweenWindows(() => {
        writeFileSync(path.join(dir, `${GOOD_ID}.json`), JSON.stringify(good));
        writeFileSync(path.join(dir, `${DAMAGED_ID}.json`), damaged);
      });
    },
  },
  {
    name: 'after the reload: the panel shows the conversation that was open before',
    phase: 'afterReload',
    partOfReload: true,
    async run({ page, screenshot }) {
      assert.ok(shownBeforeReload, 'the beforeReload test did not record what the panel showed');
      const frame = await openChatPanel(page);
      const expected = JSON.stringify(shownBeforeReload);
      await waitUntil(async () => JSON.stringify(await shownConversation(frame)) === expected, 10_000, 100);
      assert.deepEqual(await shownConversation(frame), shownBeforeReload, 'after the reload the panel does not show the conversation that was open before it');
      await settled(page);
      await screenshot('chat-after-reload');
    },
  },
  {
    name: 'after the reload: a damaged history file is set aside with a notice in the panel, and the good conversations still open',
    phase: 'afterReload',
    partOfReload: true,
    async run(ctx) {
      const { page, screenshot } = ctx;
      assert.ok(damagedBytes !== undefined && leftOpenId, 'the beforeReload test did not write the history files');
      const frame = await openChatPanel(page);

      // The notice, in the panel.
      const notice = frame.locator('.notices .notice.notice-warning', { hasText: 'could not be read' }).first();
      await notice.waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await notice.locator('.notice-message').innerText()).trim();
      assert.match(text, new RegExp(`^A conversation could not be read and was set aside as ${DAMAGED_ID}\\.json\\.damaged-[0-9TZ-]+\\. Other conversations are not affected\\.$`));
      assert.ok(await notice.locator('button', { hasText: 'Show Log' }).isVisible(), 'the notice offers Show Log');

      // On disk: renamed aside, bytes kept; the good file untouched.
      const dir = conversationsDir(ctx);
      const names = readdirSync(dir);
      assert.ok(!names.includes(`${DAMAGED_ID}.json`), `${DAMAGED_ID}.json is still in ${dir}`);
      const aside = names.filter((f) => f.startsWith(`${DAMAGED_ID}.json.damaged-`));
      assert.equal(aside.length, 1, `set-aside files: ${names.join(', ')}`);
      assert.ok(text.includes(aside[0]), `the notice names ${aside[0]}`);
      assert.equal(readFileSync(path.join(dir, aside[0]), 'utf8'), damagedBytes, 'the set-aside file keeps the damaged bytes');
      assert.ok(names.includes(`${GOOD_ID}.json`), 'the good conversation file is gone');

      // History lists the good conversations and not the damaged one; the good one opens.
      await clickViewAction(page, 'Show Chat History');
      const list = frame.locator('.history-view .history-list');
      await list.locator(`.history-item[data-id="${GOOD_ID}"]`).waitFor({ state: 'visible', timeout: 10_000 });
      const ids = await list.locator('.history-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
      assert.ok(ids.includes(leftOpenId), `History lacks the conversation left open (${leftOpenId}): ${ids.join(', ')}`);
      assert.ok(!ids.includes(DAMAGED_ID), 'History lists the damaged conversation');
      assert.equal(ids[0], GOOD_ID, 'the most recently updated conversation comes first');
      await list.locator(`.history-item[data-id="${GOOD_ID}"] .history-open`).click();

      await frame.locator('.history-view').waitFor({ state: 'hidden', timeout: 10_000 });
      const answer = frame.locator('.messages article.message.assistant .markdown-body', { hasText: 'Spread it into code points' });
      await answer.waitFor({ state: 'visible', timeout: 10_000 });
      const shown = await shownConversation(frame);
      assert.deepEqual(
        shown.map((m) => ({ role: m.role, stopped: m.stopped })),
        [
          { role: 'user', stopped: false },
          { role: 'assistant', stopped: false },
        ],
      );
      assert.equal(shown[0].text, GOOD_QUESTION);
      assert.equal(await answer.locator('.code-block pre code').innerText(), "const reversed = [...text].reverse().join('');\n");
      assert.equal((await frame.locator('.messages article.message.assistant .usage').innerText()).trim(), '180 in · 24 out · $0.0012');
      await settled(page);
      await screenshot('history-damaged-file-notice');
      // Out of the way of the suites after this one.
      await notice.locator('.notice-dismiss').click();
      await notice.waitFor({ state: 'detached', timeout: 5_000 });
    },
  },
];
