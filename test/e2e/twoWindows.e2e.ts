// Two VS Code windows on one history: a second code-server tab on the same folder is a second window with
// an extension host of its own, and both keep their conversations in the same global storage. Each window
// asks in a conversation of its own and then again (so each rewrites the history index after the other
// did): neither loses the other's conversation, in its History list or on disk. Then both windows add a
// turn to the same conversation: the file holds one window's version whole (the last writer's), never a
// mix of the two, and every file in the folder still reads.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { E2eContext, E2eTest } from './e2eTest';
import { CHAT_ROUTE, clickViewAction, control, setKeyFromPalette, textChunk } from './chat';
import { answerDone, ask, conversationIdByTitle, conversationsDir, newChat } from './grokChat';
import { setUserSettings } from './hostSettings';
import { openWorkbench } from './workbench';

const FIRST = 'First window: what is a monad?';
const SECOND = 'Second window: what is a functor?';
const SHARED_BY_SECOND = 'Second window adds a turn to the first window chat';
const SHARED_BY_FIRST = 'First window adds a turn to its own chat';

interface StoredConversation {
  title?: string;
  messages?: Array<{ role: string; parts?: Array<{ type: string; text?: string }> }>;
}

function userTurns(conv: StoredConversation): string[] {
  return (conv.messages ?? []).filter((m) => m.role === 'user').map((m) => (m.parts ?? []).map((p) => p.text ?? '').join(''));
}

/** Every conversation file of the history folder, parsed: a file that does not parse fails the test. */
function storedConversations(ctx: E2eContext): Map<string, StoredConversation> {
  const dir = conversationsDir(ctx);
  const out = new Map<string, StoredConversation>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    try {
      out.set(f.slice(0, -'.json'.length), JSON.parse(text) as StoredConversation);
    } catch (e) {
      assert.fail(`${f} is damaged (${String(e)}): ${text.slice(0, 200)}`);
    }
  }
  return out;
}

async function answered(fakeUrl: string, frame: Frame, question: string, answer: string): Promise<void> {
  await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [textChunk(answer, 'two-windows')] } });
  await ask(frame, question);
  await answerDone(frame);
}

/** The History list of one window: opens it, waits for these conversations, and goes back to the chat. */
async function historyLists(page: Page, frame: Frame, ids: string[]): Promise<void> {
  await clickViewAction(page, 'Show Chat History');
  const search = frame.locator('.history-view input.history-search');
  await search.waitFor({ state: 'visible', timeout: 10_000 });
  if (await search.inputValue()) await search.fill('');
  for (const id of ids) await frame.locator(`.history-view .history-item[data-id="${id}"]`).waitFor({ state: 'visible', timeout: 10_000 });
}

async function backToChat(frame: Frame): Promise<void> {
  await frame.getByRole('button', { name: 'Back to the chat' }).click();
  await frame.locator('.history-view').waitFor({ state: 'hidden', timeout: 10_000 });
}

export const tests: E2eTest[] = [
  {
    name: 'two windows on one history: each lists the other\'s conversation, every file reads, and a conversation both change is one whole version',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      await control(fakeUrl, '/reset');
      await setKeyFromPalette(page, 'xai-two-windows-0013');
      // The second window's test harness writes its own endpoint over this window's, and it dies with the
      // window: the endpoint of this window's harness is put back afterwards for the tests that follow.
      const ownControl = readFileSync(ctx.harnessControlFile, 'utf8');
      const other = await page.context().newPage();
      try {
        await other.setViewportSize(page.viewportSize() ?? { width: 1280, height: 800 });
        await openWorkbench(other, page.url());

        const first = await newChat(page);
        await answered(fakeUrl, first, FIRST, 'A monad is a monoid in the category of endofunctors.');
        const second = await newChat(other);
        await answered(fakeUrl, second, SECOND, 'A functor maps arrows as well as objects.');
        // The first window saves again after the second did: its index write comes last.
        await answered(fakeUrl, first, 'And in JavaScript?', 'Promise.then is close to one.');

        const firstId = conversationIdByTitle(ctx, FIRST);
        const secondId = conversationIdByTitle(ctx, SECOND);
        assert.ok(firstId && secondId, `both conversations are saved: ${[...storedConversations(ctx).values()].map((c) => c.title).join(' | ')}`);
        const stored = storedConversations(ctx);
        assert.deepEqual(userTurns(stored.get(firstId) ?? {}), [FIRST, 'And in JavaScript?']);
        assert.deepEqual(userTurns(stored.get(secondId) ?? {}), [SECOND]);

        // Each window's History lists both conversations.
        await historyLists(page, first, [firstId, secondId]);
        await screenshot('two-windows-history-of-the-first');
        await backToChat(first);
        await historyLists(other, second, [firstId, secondId]);

        // The second window opens the first window's conversation and adds a turn; then the first window,
        // which still shows its own copy, adds one too. Last writer per file: the first window's.
        await second.locator(`.history-view .history-item[data-id="${firstId}"] .history-open`).click();
        await second.locator('.history-view').waitFor({ state: 'hidden', timeout: 10_000 });
        await answered(fakeUrl, second, SHARED_BY_SECOND, 'Noted from the second window.');
        await answered(fakeUrl, first, SHARED_BY_FIRST, 'Noted from the first window.');
        const turns = userTurns(storedConversations(ctx).get(firstId) ?? {});
        assert.ok(
          !(turns.includes(SHARED_BY_SECOND) && turns.includes(SHARED_BY_FIRST)),
          `the file mixes the two windows' versions: ${JSON.stringify(turns)}`,
        );
        assert.deepEqual(turns, [FIRST, 'And in JavaScript?', SHARED_BY_FIRST], 'the last writer\'s version, whole');
        // Nothing else was lost: the second window's own conversation is still there, unchanged.
        assert.deepEqual(userTurns(storedConversations(ctx).get(secondId) ?? {}), [SECOND]);
      } finally {
        await other.close().catch(() => undefined);
        writeFileSync(`${ctx.harnessControlFile}.tmp`, ownControl);
        renameSync(`${ctx.harnessControlFile}.tmp`, ctx.harnessControlFile);
        await control(fakeUrl, '/reset');
      }
      // This window's harness answers again (the suites after this one change settings through it).
      await setUserSettings(ctx, {});
    },
  },
];
