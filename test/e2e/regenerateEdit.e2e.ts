// Regenerate and Edit as the user drives them in the panel, checked where it matters: what the fake xAI
// server is asked next, what the panel shows, and the conversation's total after answers are cut.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { CHAT_ROUTE, chatRequests, clickNewChat, control, openChatPanel, setKeyFromPalette, shownConversation, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';

/** A whole answer: its text, the finish chunk, and a usage chunk whose cost xAI states in ticks. */
function answer(text: string, promptTokens: number, completionTokens: number, costTicks: number): object[] {
  return [
    textChunk(text),
    { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    {
      ...textChunk(''),
      choices: [],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
        cost_in_usd_ticks: costTicks,
      },
    },
  ];
}

async function waitForAnswer(frame: Frame, text: string): Promise<void> {
  const ok = await waitUntil(async () => {
    const shown = await shownConversation(frame);
    const last = shown.at(-1);
    return last?.role === 'assistant' && last.text === text && (await frame.locator('.composer button.send').isVisible());
  }, 15_000);
  assert.ok(ok, `the answer "${text}" did not finish: ${JSON.stringify(await shownConversation(frame))}`);
}

async function total(frame: Frame): Promise<string> {
  return (await frame.locator('.total-usage').innerText()).trim();
}

export const tests: E2eTest[] = [
  {
    name: 'Regenerate and Edit: the server is asked without the cut answers, the panel shows the new turn, the total follows',
    phase: 'afterReload',
    async run({ page, fakeUrl }) {
      await setKeyFromPalette(page, 'xai-regenerate-edit-e2e-0011');
      await control(fakeUrl, '/reset');
      for (const events of [
        answer('First answer.', 100, 10, 10_000_000), // $0.0010
        answer('Second answer.', 100, 20, 20_000_000), // $0.0020
        answer('Haiku answer.', 100, 30, 30_000_000), // $0.0030
      ]) {
        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events } });
      }

      const frame = await openChatPanel(page);
      await clickNewChat(page, frame);
      const input = frame.locator('textarea.composer-input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('Write a poem');
      await input.press('Enter');
      await waitForAnswer(frame, 'First answer.');
      assert.equal(await total(frame), 'Conversation: 110 tokens · $0.0010');

      await frame.getByRole('button', { name: 'Regenerate this answer' }).click();
      await waitForAnswer(frame, 'Second answer.');
      assert.deepEqual(
        (await shownConversation(frame)).map((m) => `${m.role}: ${m.text}`),
        ['user: Write a poem', 'assistant: Second answer.'],
        'the regenerated answer replaces the first',
      );
      assert.equal(await total(frame), 'Conversation: 120 tokens · $0.0020', 'the cut answer no longer counts');

      await frame.getByRole('button', { name: 'Edit and resend this message' }).click();
      await frame.getByRole('textbox', { name: 'Edit message' }).fill('Write a haiku');
      await frame.getByRole('button', { name: 'Resend edited message' }).click();
      await waitForAnswer(frame, 'Haiku answer.');
      assert.deepEqual(
        (await shownConversation(frame)).map((m) => `${m.role}: ${m.text}`),
        ['user: Write a haiku', 'assistant: Haiku answer.'],
      );
      assert.equal(await total(frame), 'Conversation: 130 tokens · $0.0030');

      const sent = (await chatRequests(fakeUrl)).map((r) => (r.json?.messages ?? []).filter((m) => m.role !== 'system').map((m) => `${m.role}: ${String(m.content)}`));
      assert.deepEqual(sent, [
        ['user: Write a poem'],
        ['user: Write a poem'], // regenerate: the first answer is not sent back
        ['user: Write a haiku'], // edit: the old question and its answer are gone
      ]);
    },
  },
];
