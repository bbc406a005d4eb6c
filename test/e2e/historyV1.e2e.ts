// A version-1 history file (test/fixtures/conversation-v1.json: the format before messages were lists of
// parts, with a context chip, reasoning, usage and an error with its actions) put into the history
// folder while VS Code runs: History lists it, it opens migrated (every message, the chip, the
// Thinking section, the code block, the usage line, the error with Retry and Show Log), the log says it
// was read as version 1, and it is not set aside as damaged. Deleted from History afterwards.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { clickViewAction, openChatPanel, shownConversation, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { conversationsDir, deleteFromHistory, grokLogLines } from './grokChat';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'conversation-v1.json');
const ID = 'b1c754e5-24b4-48de-837d-7dc55e1c2262'; // the fixture's id
const TITLE = 'Why does this loop never end?';

export const tests: E2eTest[] = [
  {
    name: 'a version-1 history file put into the history folder is listed, opens migrated (chip, thinking, code, usage, error actions) and is not set aside',
    phase: 'afterReload',
    async run(ctx) {
      const { page, userDataDir, screenshot } = ctx;
      const dir = conversationsDir(ctx);
      const file = path.join(dir, `${ID}.json`);
      assert.ok(!existsSync(file), `${file} is there before the test put it there`);
      copyFileSync(FIXTURE, file);
      let deleted = false;
      try {
        const frame = await openChatPanel(page);
        await clickViewAction(page, 'Show Chat History');
        await frame.locator('.history-view input.history-search').fill('loop never end');
        const row = frame.locator(`.history-view .history-item[data-id="${ID}"]`);
        await row.waitFor({ state: 'visible', timeout: 10_000 });
        assert.equal((await row.locator('.history-title').innerText()).trim(), TITLE);
        assert.match(await row.locator('.history-meta').innerText(), /· 4 messages$/);
        await row.locator('.history-open').click();
        await frame.locator('.history-view').waitFor({ state: 'hidden', timeout: 10_000 });

        // The list closes at once; the conversation shown before stays until the host's snapshot of this one arrives.
        await frame.locator('.messages article.message.user', { hasText: TITLE }).first().waitFor({ state: 'visible', timeout: 10_000 });
        await frame.locator('.messages article.message.assistant .error-box').waitFor({ state: 'visible', timeout: 10_000 });
        const shown = await shownConversation(frame);
        assert.deepEqual(
          shown.map((m) => m.role),
          ['user', 'assistant', 'user', 'assistant'],
        );
        assert.equal(shown[0].text, TITLE);
        assert.equal(shown[2].text, 'And with a for loop?');
        const [first, second] = await frame.locator('.messages article.message.assistant').all();
        // The context chip sent with the first question.
        const chip = frame.locator('.messages article.message.user').first().locator('.message-chips .chip');
        assert.equal((await chip.locator('.chip-label').innerText()).trim(), 'src/loop.ts:3-5');
        // The answer: its reasoning in the Thinking section, its code block, its usage.
        await first.locator('.thinking summary').click();
        assert.equal((await first.locator('.thinking-text').innerText()).trim(), 'The counter is never incremented.');
        assert.equal(await first.locator('.code-block pre code').innerText(), 'while (i < 10) {\n  console.log(i);\n  i++;\n}\n');
        assert.equal((await first.locator('.usage').innerText()).trim(), '412 in · 61 out · 88 reasoning · $0.0002');
        // The failed answer: its message and actions, as saved.
        assert.equal((await second.locator('.error-box .error-message').innerText()).trim(), 'Too many requests. Try again in a moment.');
        assert.deepEqual(await second.locator('.error-box .error-actions button').allInnerTexts(), ['Retry', 'Show Log']);
        await screenshot('history-v1-migrated');

        // Read as version 1, not set aside.
        const names = readdirSync(dir);
        assert.ok(names.includes(`${ID}.json`), 'the file is gone');
        assert.deepEqual(names.filter((n) => n.startsWith(`${ID}.json.damaged`)), [], 'the file was set aside as damaged');
        assert.ok(
          grokLogLines(userDataDir).some((l) => l.includes('history: Read a version-1 conversation')),
          'the Grok log does not say the file was read as version 1',
        );

        await deleteFromHistory(page, frame, ID);
        deleted = true;
        // The page drops the row at once; the host removes the file after it has shown a new chat in place
        // of this open conversation (seconds, on a loaded machine).
        const gone = await waitUntil(async () => !existsSync(file), 10_000);
        assert.ok(gone, 'History\'s Delete left the file (still there 10 s after the row went)');
      } finally {
        if (!deleted) rmSync(file, { force: true });
      }
    },
  },
];
