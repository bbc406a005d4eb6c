// The history on a failing disk, in the real VS Code: while the extension host cannot write the history
// folder (ENOSPC, a full disk; EROFS, a read-only file system), the panel says so once, in words, with
// Show Log (the log keeps the error and the file), the conversation's file keeps the last state that
// reached the disk, whole, the conversation stays in the panel and goes on, and once the disk takes
// writes again the file catches up with no further action and the notice gives way to one saying so.
// The test harness refuses the writes at Node's fs in the extension host (test/harness/extension.js,
// POST /disk): as root a folder cannot be made unwritable, and a full disk would need a mount.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { CHAT_ROUTE, control, setKeyFromPalette, shownConversation, textChunk, waitUntil } from './chat';
import type { E2eContext, E2eTest } from './e2eTest';
import { ask, conversationIdByTitle, conversationsDir, grokLogLines, newChat, storageDir } from './grokChat';
import { harnessControl } from './hostSettings';
import { clearNotifications, settled } from './workbench';

/** Per refused write's code: what the panel says of it, and what the log keeps (Node's words, with the file). */
const CODES = {
  ENOSPC: { says: /: the disk is full\./, logs: /ENOSPC: no space left on device, open '.+\.tmp'/ },
  EROFS: { says: /: the history folder is on a read-only disk\./, logs: /EROFS: read-only file system, open '.+\.tmp'/ },
} as const;

/** Asks the harness to refuse (or, with null, allow again) every write under `under`; the count refused before. */
async function refuseWrites(ctx: E2eContext, code: keyof typeof CODES | null, under?: string): Promise<number> {
  const control = harnessControl(ctx.harnessControlFile);
  assert.ok(control, `the test harness wrote no control endpoint to ${ctx.harnessControlFile}`);
  const res = await fetch(`${control.url}/disk`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refuse: code, under }) });
  const body = (await res.json()) as { refused?: number; error?: unknown };
  assert.equal(res.status, 200, `the harness did not take /disk: ${JSON.stringify(body)}`);
  return body.refused ?? 0;
}

interface Stored {
  messages: Array<{ role: string; parts?: Array<{ type: string; text?: string }> }>;
}

/** The conversation's file as the user's disk holds it: its bytes and the texts of its messages in order. */
function stored(file: string): { bytes: string; texts: string[] } {
  const bytes = readFileSync(file, 'utf8');
  const conv = JSON.parse(bytes) as Stored; // throws on a damaged file: the test fails saying so
  return { bytes, texts: conv.messages.map((m) => (m.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text).join('')) };
}

async function answered(frame: Frame, text: string): Promise<void> {
  const ok = await waitUntil(async () => {
    const last = (await shownConversation(frame)).at(-1);
    return last?.role === 'assistant' && last.text === text && (await frame.locator('.composer button.send').isVisible());
  }, 20_000);
  assert.ok(ok, `the answer "${text}" did not finish: ${JSON.stringify(await shownConversation(frame))}`);
}

function diskTest(code: keyof typeof CODES): E2eTest {
  return {
    name: `history on a disk that refuses writes (${code}): one notice with Show Log, the file keeps its last saved state, the chat goes on, and saving resumes by itself`,
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl } = ctx;
      const q = (n: number) => `History on a refusing disk (${code}), question ${n}`;
      const a = (n: number) => `Answer ${n} while testing ${code}.`;
      await clearNotifications(page);
      await setKeyFromPalette(page, `xai-history-disk-${code.toLowerCase()}-e2e-0013`);
      await control(fakeUrl, '/reset');
      for (const n of [1, 2, 3]) await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [textChunk(a(n))] } });

      const frame = await newChat(page);
      await ask(frame, q(1));
      await answered(frame, a(1));
      // The first turn reaches the disk as usual.
      let id: string | undefined;
      const saved = await waitUntil(async () => {
        id ??= conversationIdByTitle(ctx, q(1));
        return id !== undefined && stored(path.join(conversationsDir(ctx), `${id}.json`)).texts.join('|') === [q(1), a(1)].join('|');
      }, 15_000);
      assert.ok(saved && id, `the first turn was not saved in ${conversationsDir(ctx)} within 15 s`);
      const file = path.join(conversationsDir(ctx), `${id}.json`);
      const before = stored(file).bytes;

      const notice = frame.locator('.notices .notice.notice-error', { hasText: q(1) });
      let refused: number;
      await refuseWrites(ctx, code, path.join(storageDir(ctx), 'history'));
      try {
        await ask(frame, q(2));
        await answered(frame, a(2));
        await notice.first().waitFor({ state: 'visible', timeout: 15_000 });
        const said = (await notice.first().locator('.notice-message').innerText()).trim();
        assert.ok(said.startsWith(`Could not save the conversation "${q(1)}"`), `the notice does not say which conversation was not saved: ${said}`);
        assert.match(said, CODES[code].says, `the notice does not say why (${code}) in words: ${said}`);
        assert.match(said, /stays open here and is saved by itself/, `the notice does not say nothing is lost: ${said}`);
        assert.doesNotMatch(said, /\.tmp|globalStorage/, `the notice shows a file path (it belongs in the log): ${said}`);
        assert.ok(await notice.first().getByRole('button', { name: 'Show Log' }).isVisible(), 'the notice offers no Show Log');

        // The chat goes on while the disk refuses (each turn tries to save again): the file stays the
        // whole last saved state, and the panel does not say it again.
        await ask(frame, q(3));
        await answered(frame, a(3));
        assert.equal(stored(file).bytes, before, 'the file changed while the disk refused writes');
        assert.equal(await notice.count(), 1, `the panel said it ${await notice.count()} times`);
        const logged = grokLogLines(ctx.userDataDir).filter((l) => l.includes(`Could not save the conversation "${q(1)}"`));
        assert.equal(logged.length, 1, `the log reports the outage ${logged.length} times: ${logged.join('\n')}`);
        assert.match(logged[0], CODES[code].logs, 'the log does not keep the error with its file');
        assert.deepEqual(
          (await shownConversation(frame)).map((m) => m.text),
          [q(1), a(1), q(2), a(2), q(3), a(3)],
          'the panel does not show the whole conversation',
        );
        await settled(page);
        await ctx.screenshot(`history-disk-${code.toLowerCase()}`);
      } finally {
        refused = await refuseWrites(ctx, null);
      }
      assert.ok(refused >= 2, `only ${refused} write(s) were refused: the later turns did not try to save`);

      // The disk takes writes again: the next retry writes the newest state, with nothing asked of the user.
      const caughtUp = await waitUntil(async () => stored(file).texts.join('|') === [q(1), a(1), q(2), a(2), q(3), a(3)].join('|'), 20_000, 250);
      assert.ok(caughtUp, `saving did not resume within 20 s: the file holds ${JSON.stringify(stored(file).texts)}`);
      // The panel says so in the failure's place: no red notice is left claiming the disk refuses.
      const savedAgain = frame.locator('.notices .notice.notice-info', { hasText: 'The history is saved again' });
      await savedAgain.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await notice.count(), 0, 'the failure notice stays after saving resumed');
      await savedAgain.locator('.notice-dismiss').click();
      await savedAgain.waitFor({ state: 'detached', timeout: 5_000 });
      await control(fakeUrl, '/reset');
    },
  };
}

export const tests: E2eTest[] = [diskTest('ENOSPC'), diskTest('EROFS')];
