// Compaction on the page: the divider under the last compacted turn ("Compacting earlier turns…" while the
// request is out, then the token counts), the context meter dropping to the compacted size, the error
// box's Compact and Retry, and the Compact button a nearly full meter offers (only where the server can).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistantMessage, closePage, snapshot, userMessage, useChatPages } from './harness';
import { LAYOUT_AUDIT, type LayoutProblem } from './layoutCheck';

const pages = useChatPages();
const usage = { promptTokens: 220_000, cachedPromptTokens: 0, completionTokens: 8_000, reasoningTokens: 0 };
const models = [{ id: 'grok-4.3', contextWindow: 256_000, family: 'Grok 4.3' }];

test('the divider shows while compacting and with its counts after; the meter drops to the compacted size', async () => {
  const chat = await pages.open({}, { width: 420, height: 700 });
  const meter = chat.page.getByRole('meter', { name: 'Context window used' });
  await chat.post(snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a1', 'a', { usage })], models, model: 'grok-4.3' }));
  assert.equal(await meter.locator('.context-meter-text').textContent(), '228K / 256K');

  await chat.post({ type: 'part', messageId: 'a1', part: { type: 'compaction', id: 'c1', status: 'running' } });
  const divider = chat.page.getByRole('separator');
  assert.equal(await divider.innerText(), 'Compacting earlier turns…');
  assert.equal(await meter.locator('.context-meter-text').textContent(), '228K / 256K', 'nothing changes until it is done');

  await chat.post({ type: 'part', messageId: 'a1', part: { type: 'compaction', id: 'c1', status: 'done', tokensBefore: 228_000, tokensAfter: 12_000 } });
  assert.equal(await chat.page.getByRole('separator').count(), 1, 'the divider is updated in place');
  assert.equal(await divider.innerText(), 'Earlier turns compacted · 228,000 tokens → 12,000');
  assert.equal(await divider.getAttribute('aria-label'), 'Earlier turns compacted · 228,000 tokens → 12,000');
  assert.equal(await meter.locator('.context-meter-text').textContent(), '12K / 256K');
  assert.ok(await chat.page.locator('article.message.assistant[data-message-id="a1"] .compaction-divider').isVisible(), 'the divider closes the compacted answer');

  // A later answer's usage counts again (it was sent on top of the compacted item).
  await chat.post({ type: 'messageAdded', message: userMessage('u2', 'next') });
  await chat.post({ type: 'messageAdded', message: assistantMessage('a2', 'b', { usage: { promptTokens: 13_000, cachedPromptTokens: 12_000, completionTokens: 1_000, reasoningTokens: 0 } }) });
  assert.equal(await meter.locator('.context-meter-text').textContent(), '14K / 256K');

  // A snapshot (a reload, History) shows the same divider.
  await chat.post(snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a1', 'a', { usage, parts: [{ type: 'compaction', id: 'c1', status: 'done', tokensBefore: 228_000, tokensAfter: 12_000 }] })], models, model: 'grok-4.3' }));
  assert.equal(await chat.page.getByRole('separator').innerText(), 'Earlier turns compacted · 228,000 tokens → 12,000');
  await chat.assertClean();
  await closePage(chat);
});

test('a nearly full meter offers Compact where the server can compact; the error box offers Compact and Retry first', async () => {
  const chat = await pages.open({}, { width: 420, height: 700 });
  const error = { kind: 'contextTooLong', message: 'The conversation is too long for the model: … Compact the earlier turns and ask again, start a new chat, or remove attached files and selections.', actions: ['compact', 'newChat', 'showLog'] as const };
  await chat.post(
    snapshot({
      messages: [userMessage('u1', 'q'), assistantMessage('a1', 'a', { usage }), userMessage('u2', 'too long'), assistantMessage('a2', '', { status: 'error', error: { ...error, actions: [...error.actions] } })],
      models,
      model: 'grok-4.3',
    }),
  );
  const compact = chat.page.getByRole('button', { name: /^Compact conversation/ });
  assert.ok(await compact.isVisible(), 'the meter is at 89%: Compact is offered');
  await chat.clearPosted();
  await compact.click();
  assert.deepEqual(await chat.postedOf('action'), [{ type: 'action', action: 'compact' }]);

  const box = chat.page.locator('.error-box');
  assert.deepEqual(await box.locator('.error-actions button').allInnerTexts(), ['Compact and Retry', 'New Chat', 'Show Log']);
  await chat.clearPosted();
  await box.getByRole('button', { name: 'Compact and Retry' }).click();
  assert.deepEqual(await chat.postedOf('action'), [{ type: 'action', action: 'compact' }]);

  // On Chat Completions (no server tools) the meter offers nothing.
  await chat.post({ type: 'options', options: {}, serverTools: false });
  assert.equal(await compact.isVisible(), false);
  await chat.assertClean();
  await closePage(chat);
});

test('at 180 px the divider and the full meter\'s Compact button fit their containers', async () => {
  const chat = await pages.open({ theme: 'dark' }, { width: 180, height: 720 });
  const divider = { type: 'compaction' as const, id: 'c1', status: 'done' as const, tokensBefore: 1_228_000, tokensAfter: 112_000 };
  await chat.post(
    snapshot({
      messages: [userMessage('u1', 'q'), assistantMessage('a1', 'a', { parts: [divider] }), userMessage('u2', 'next'), assistantMessage('a2', 'b', { usage })],
      models,
      model: 'grok-4.3',
    }),
  );
  assert.ok(await chat.page.getByRole('button', { name: /^Compact conversation/ }).isVisible());
  assert.ok(await chat.page.getByRole('separator').isVisible());
  await chat.frames();
  const problems = (await chat.page.evaluate(LAYOUT_AUDIT)) as LayoutProblem[];
  assert.deepEqual(problems, [], problems.map((p) => `${p.what}: ${p.problem}`).join('\n'));
  await chat.assertClean();
  await closePage(chat);
});
