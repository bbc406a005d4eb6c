// Before an answer's text arrives, its line says what is really happening: "Connecting…", a retry's
// wait with its reason, "No answer yet" for a stream with nothing in it; "Thinking…" only when the model
// thinks. Stopping before anything arrived does not claim a partial answer was kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSeconds, assistantMessage, closePage, secondsSince, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();

test('the waiting line: Connecting…, Waiting N s: rate limited, No answer yet, Thinking only when thinking', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'Hello?')] }),
    { type: 'generating', generating: true },
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', model: 'grok-4-1-fast-non-reasoning', startedAt: Date.now() }) },
  );
  const label = chat.page.locator('[data-message-id="a1"] .thinking-label');
  assert.equal(await label.textContent(), 'Connecting…');

  const since = Date.now();
  await chat.post({ type: 'answerPhase', messageId: 'a1', state: { phase: 'retrying', attempt: 1, delayMs: 30_000, reason: 'rateLimited', status: 429, since } });
  assertSeconds(await label.textContent(), /^Waiting (\d+) s: rate limited \(429\) \(retry 1\)$/, 30 - secondsSince(since) - 1, 30);
  assert.doesNotMatch((await label.textContent()) ?? '', /Thinking/);

  // Once the wait is over, the client connects again.
  await chat.post({ type: 'answerPhase', messageId: 'a1', state: { phase: 'retrying', attempt: 2, delayMs: 1000, reason: 'unavailable', status: 503, since: Date.now() - 5000 } });
  assert.equal(await label.textContent(), 'Connecting…');

  // A hanging server on a non-reasoning model: the stream started, nothing in it.
  await chat.post({ type: 'answerPhase', messageId: 'a1', state: { phase: 'started' } });
  assert.match((await label.textContent()) ?? '', /^No answer yet · \d+s$/);

  await chat.post({ type: 'answerPhase', messageId: 'a1', state: { phase: 'thinking' } });
  assert.match((await label.textContent()) ?? '', /^Thinking… \d+s$/);

  await chat.post({ type: 'delta', messageId: 'a1', text: 'Hi.', answerStartedAt: Date.now() });
  await chat.post({ type: 'messageDone', messageId: 'a1', status: 'done' }, { type: 'generating', generating: false });
  await chat.assertClean();
  await closePage(chat);
});

test('a non-reasoning answer that started without thinking shows no Thinking line; a server silent for 5 s says No answer yet', async () => {
  const chat = await pages.open();
  const startedAt = Date.now() - 7000;
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'Hello?')] }),
    { type: 'generating', generating: true },
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', startedAt }) },
  );
  const label = chat.page.locator('[data-message-id="a1"] .thinking-label');
  assertSeconds(await label.textContent(), /^No answer yet · (\d+)s$/, 7, secondsSince(startedAt));
  await chat.post({ type: 'delta', messageId: 'a1', text: 'Hi.', answerStartedAt: Date.now() }, { type: 'messageDone', messageId: 'a1', status: 'done' });
  assert.equal(await chat.page.locator('[data-message-id="a1"] .thinking').isVisible(), false);
  await closePage(chat);
});

test('Stop before anything arrived: "Stopped", without "Partial answer kept"', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'Hello?')] }),
    { type: 'generating', generating: true },
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', startedAt: Date.now() }) },
    { type: 'messageDone', messageId: 'a1', status: 'stopped' },
    { type: 'generating', generating: false },
  );
  const status = (await chat.page.locator('[data-message-id="a1"] .message-status').textContent()) ?? '';
  assert.match(status, /Stopped/);
  assert.doesNotMatch(status, /Partial answer kept/);
  assert.match(status, /before any answer arrived/);
  await chat.post(
    { type: 'messageAdded', message: assistantMessage('a2', '', { status: 'streaming', startedAt: Date.now() }) },
    { type: 'delta', messageId: 'a2', text: 'Half an ans' },
    { type: 'messageDone', messageId: 'a2', status: 'stopped' },
  );
  assert.match((await chat.page.locator('[data-message-id="a2"] .message-status').textContent()) ?? '', /Partial answer kept/);
  await closePage(chat);
});
