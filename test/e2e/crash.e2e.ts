// The extension host is killed (SIGKILL) in the middle of an answer: after the window reloads, the
// conversation holds the answer up to at most one second before the kill (the chat saves a streaming
// answer twice a second, src/chat/chatRun.ts), marked stopped, in the history file and in the panel.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { E2eContext, E2eTest } from './e2eTest';
import { CHAT_ROUTE, chatRequests, clickNewChat, control, openChatPanel, setKeyFromPalette, shownConversation, textChunk, waitUntil } from './chat';
import { harnessControl, waitForNewHarness } from './hostSettings';
import { runFromPalette, waitForWorkbench } from './workbench';

const QUESTION = 'Count slowly, one word at a time (the host is killed mid-answer)';
const PIECES = Array.from({ length: 600 }, (_, i) => `w${String(i).padStart(4, '0')} `);
const CHUNK_MS = 50;

/**
 * The pid of this window's extension host: the one whose harness wrote the control file (the last host
 * code-server launched may be another window's, already gone), checked against code-server's log.
 */
function extensionHostPid({ codeServerLog, harnessControlFile }: E2eContext): number {
  const pid = harnessControl(harnessControlFile)?.pid;
  assert.ok(pid, `no extension host pid in ${harnessControlFile}`);
  const launched = [...readFileSync(codeServerLog, 'utf8').matchAll(/<(\d+)> Launched Extension Host Process/g)].map((m) => Number(m[1]));
  assert.ok(launched.includes(pid), `the harness's pid ${pid} is not an extension host code-server launched (${launched.join(', ')})`);
  return pid;
}

function savedAnswer({ userDataDir, manifest }: E2eContext): { text: string; status: string } | undefined {
  const dir = path.join(userDataDir, 'User', 'globalStorage', `${manifest.publisher}.${manifest.name}`.toLowerCase(), 'history', 'conversations');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      // A message is a list of parts (src/shared/messageParts.ts): the answer's text is its text parts.
      const conv = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {
        title?: string;
        messages?: Array<{ role: string; status: string; parts?: Array<{ type: string; text?: string }> }>;
      };
      if (conv.title !== QUESTION) continue;
      const answer = conv.messages?.find((m) => m.role === 'assistant');
      if (answer) return { text: (answer.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text ?? '').join(''), status: answer.status };
    } catch {
      // another conversation mid-write: not the one looked for
    }
  }
  return undefined;
}

export const tests: E2eTest[] = [
  {
    name: 'the extension host killed mid-answer: after the reload the conversation holds the answer up to 1 s before the kill, marked stopped',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      await setKeyFromPalette(page, 'xai-crash-e2e-0013');
      await control(fakeUrl, '/reset');
      await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: PIECES.map((p) => textChunk(p, 'crash-e2e')), chunkDelayMs: CHUNK_MS } });

      const frame = await openChatPanel(page);
      // New Chat is the view's title-bar action (the page has no toolbar of its own any more).
      await clickNewChat(page, frame);
      const input = frame.locator('textarea.composer-input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(QUESTION);
      await input.press('Enter');

      // Let about three seconds of the answer stream, sampling how far the server got and when.
      assert.ok(await waitUntil(async () => (await chatRequests(fakeUrl)).length === 1, 10_000), 'the question never reached the server');
      const samples: Array<{ at: number; chunks: number }> = [];
      const streamUntil = Date.now() + 3000;
      while (Date.now() < streamUntil) {
        const [r] = await chatRequests(fakeUrl);
        samples.push({ at: Date.now(), chunks: r.chunksSent ?? 0 });
        await page.waitForTimeout(100);
      }
      const pid = extensionHostPid(ctx);
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      // What the server had sent one second before the kill (a sample taken at or before that moment).
      const before = samples.filter((s) => s.at <= killedAt - 1000).pop();
      assert.ok(before && before.chunks > 0, `nothing had streamed one second before the kill: ${JSON.stringify(samples)}`);
      const owed = PIECES.slice(0, before.chunks).join('');

      const loaded = page.waitForEvent('load', { timeout: 30_000 });
      await runFromPalette(page, 'Developer: Reload Window');
      await loaded;
      await waitForWorkbench(page);
      await waitForNewHarness(ctx, pid);

      const panel = await openChatPanel(page);
      await panel.locator('.messages article.message.assistant').first().waitFor({ state: 'visible', timeout: 20_000 });
      const shown = await shownConversation(panel);
      assert.equal(shown[0]?.text, QUESTION, JSON.stringify(shown.map((m) => m.text.slice(0, 60))));
      assert.equal(shown[1]?.stopped, true, 'the interrupted answer is not marked stopped in the panel');
      await screenshot('after-extension-host-kill');

      const saved = savedAnswer(ctx);
      assert.ok(saved, 'the conversation is not in the history folder');
      const full = PIECES.join('');
      assert.ok(full.startsWith(saved.text), 'the saved answer is not what the server sent');
      assert.ok(
        saved.text.length >= owed.length,
        `the saved answer ends ${(owed.length - saved.text.length) / PIECES[0].length} words short of what had arrived one second before the kill (${saved.text.length} of ${owed.length} characters)`,
      );
      assert.ok(await waitUntil(async () => savedAnswer(ctx)?.status === 'stopped', 10_000), `the saved answer is marked ${savedAnswer(ctx)?.status}, not stopped`);
    },
  },
];
