// The context meter in the composer: tokens the next message carries (the last answer's prompt and
// answer as the server counted them, plus an estimate for the draft and the chips), of the model's
// context window where the server lists one; without a window it says the count and no share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistantMessage, closePage, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();
const usage = { promptTokens: 120_000, cachedPromptTokens: 0, completionTokens: 8_000, reasoningTokens: 500, costUsd: 0.1 };

test('the meter shows the last answer\'s context of the model\'s window, grows with the draft, and says no share without a window', async () => {
  const chat = await pages.open({}, { width: 420, height: 700 });
  const meter = chat.page.getByRole('meter', { name: 'Context window used' });
  await chat.post(snapshot());
  assert.equal(await meter.isVisible(), false, 'an empty conversation shows no meter');

  await chat.post(
    snapshot({
      messages: [userMessage('u1', 'q'), assistantMessage('a1', 'a', { usage })],
      models: [{ id: 'grok-4.3', contextWindow: 256_000, family: 'Grok 4.3' }],
      model: 'grok-4.3',
    }),
  );
  assert.ok(await meter.isVisible());
  assert.equal(await meter.locator('.context-meter-text').textContent(), '128K / 256K');
  assert.equal(await meter.getAttribute('aria-valuenow'), '128000');
  assert.equal(await meter.getAttribute('aria-valuemax'), '256000');
  assert.match((await meter.getAttribute('title')) ?? '', /128,000 in the conversation.*256,000-token context window/);

  // Typing adds an estimate (4 characters a token).
  await chat.page.getByRole('textbox', { name: 'Message Grok' }).fill('x'.repeat(8000));
  assert.equal(await meter.getAttribute('aria-valuenow'), '130000');

  // A model the server lists without a window (xAI's list): the count, no share, no promise.
  await chat.post({ type: 'models', models: [{ id: 'grok-4.3', family: 'Grok 4.3' }], model: 'grok-4.3' });
  assert.equal(await meter.locator('.context-meter-text').textContent(), '130K tokens');
  assert.equal(await meter.getAttribute('aria-valuemax'), null);
  assert.match((await meter.getAttribute('title')) ?? '', /does not list this model's context window/);
  await chat.assertClean();
  await closePage(chat);
});
