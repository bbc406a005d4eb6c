// The chat's features from the user's side: the setup card without a key, stop / regenerate / edit,
// tokens and $, the Thinking section, the model picker, context chips, history, errors and notices,
// links that go through the host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSeconds, assistantMessage, closePage, secondsSince, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();

test('the page says ready once, before anything else', async () => {
  const chat = await pages.open();
  assert.deepEqual(await chat.posted(), [{ type: 'ready' }]);
  await closePage(chat);
});

test('without a key: a setup card instead of the input; a key brings the input back', async () => {
  const chat = await pages.open();
  await chat.post(snapshot({ hasKey: false }));
  assert.equal(await chat.page.getByRole('textbox', { name: 'Message Grok' }).isVisible(), false);
  const card = chat.page.locator('.setup-card');
  assert.ok(await card.isVisible());
  assert.match((await card.textContent()) ?? '', /console\.x\.ai/);
  await card.getByRole('button', { name: 'Set API Key' }).click();
  assert.deepEqual(await chat.postedOf('action'), [{ type: 'action', action: 'setApiKey' }]);
  // focusInput without a key lands on the one useful control.
  await chat.post({ type: 'focusInput' });
  assert.ok(await card.getByRole('button', { name: 'Set API Key' }).evaluate((el) => el === document.activeElement));

  await chat.post({ type: 'keyStatus', hasKey: true });
  assert.equal(await card.isVisible(), false);
  assert.ok(await chat.page.getByRole('textbox', { name: 'Message Grok' }).isVisible());
  await chat.post({ type: 'focusInput' });
  assert.ok(await chat.page.getByRole('textbox', { name: 'Message Grok' }).evaluate((el) => el === document.activeElement));
  await chat.assertClean();
  await closePage(chat);
});

test('Stop keeps the partial answer, marked as stopped; Regenerate and Edit post and truncate', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'Write a poem')] }),
    { type: 'generating', generating: true },
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) },
    { type: 'delta', messageId: 'a1', text: 'Roses are red,\n' },
  );
  await chat.frames();
  const stop = chat.page.getByRole('button', { name: 'Stop generating (Escape)' });
  assert.ok(await stop.isVisible());
  assert.equal(await chat.page.getByRole('button', { name: 'Send message (Enter)' }).isVisible(), false);
  await stop.click();
  assert.deepEqual(await chat.postedOf('stop'), [{ type: 'stop' }]);

  await chat.post({ type: 'messageDone', messageId: 'a1', status: 'stopped' }, { type: 'generating', generating: false });
  const answer = chat.page.locator('[data-message-id="a1"]');
  assert.match((await answer.locator('.markdown-body').textContent()) ?? '', /Roses are red,/);
  assert.match((await answer.locator('.message-status').textContent()) ?? '', /Stopped/);
  assert.equal(await stop.isVisible(), false);

  await answer.getByRole('button', { name: 'Regenerate this answer' }).click();
  assert.deepEqual(await chat.postedOf('regenerate'), [{ type: 'regenerate' }]);
  await chat.post({ type: 'truncate', fromMessageId: 'a1' }, { type: 'generating', generating: true });
  assert.equal(await answer.count(), 0);
  // No regenerating or editing while an answer is being generated.
  assert.ok(await chat.page.getByRole('button', { name: 'Edit and resend this message' }).isDisabled());

  await chat.post(
    { type: 'messageAdded', message: assistantMessage('a2', 'Violets are blue.') },
    { type: 'generating', generating: false },
  );
  assert.equal(await chat.page.getByRole('button', { name: 'Regenerate this answer' }).count(), 1);
  await chat.page.getByRole('button', { name: 'Edit and resend this message' }).click();
  await chat.page.getByRole('textbox', { name: 'Edit message' }).fill('Write a haiku');
  await chat.page.getByRole('button', { name: 'Resend edited message' }).click();
  assert.deepEqual(await chat.postedOf('editAndResend'), [{ type: 'editAndResend', messageId: 'u1', text: 'Write a haiku' }]);
  await chat.post({ type: 'truncate', fromMessageId: 'u1' }, { type: 'messageAdded', message: userMessage('u2', 'Write a haiku') });
  assert.equal(await chat.page.locator('.message').count(), 1);
  assert.equal(await chat.page.locator('[data-message-id="u2"] .user-text').textContent(), 'Write a haiku');
  await chat.assertClean();
  await closePage(chat);
});

test('each answer shows tokens and exact $; the conversation shows its total', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a1', 'Short answer.', { status: 'streaming' })] }),
    {
      type: 'messageDone',
      messageId: 'a1',
      status: 'done',
      usage: { promptTokens: 1234, cachedPromptTokens: 1000, completionTokens: 456, reasoningTokens: 120, costUsd: 0.0129 },
      totalUsage: { promptTokens: 5234, cachedPromptTokens: 1000, completionTokens: 956, reasoningTokens: 120, costUsd: 1.5 },
    },
    { type: 'messageAdded', message: userMessage('u2', 'tiny') },
    {
      type: 'messageAdded',
      message: assistantMessage('a2', 'ok', { usage: { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 1, reasoningTokens: 0, costUsd: 0.0000021 } }),
    },
    { type: 'messageAdded', message: userMessage('u3', 'no price') },
    { type: 'messageAdded', message: assistantMessage('a3', 'ok', { usage: { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 1, reasoningTokens: 0 } }) },
  );
  assert.equal(await chat.page.locator('[data-message-id="a1"] .usage').textContent(), '1,234 in · 1,000 cached (81%) · 456 out · 120 reasoning · $0.0129');
  assert.equal(await chat.page.locator('[data-message-id="a2"] .usage').textContent(), '10 in · 1 out · <$0.0001');
  assert.equal(await chat.page.locator('[data-message-id="a3"] .usage').textContent(), '10 in · 1 out');
  assert.match((await chat.page.locator('[data-message-id="a1"] .usage').getAttribute('title')) ?? '', /1,000 cached/);
  assert.equal(await chat.page.locator('.total-usage').textContent(), 'Conversation: 6,310 tokens · $1.50');

  // Regenerate or edit cuts answers: the total follows what is left, and goes when nothing priced is.
  await chat.post({
    type: 'truncate',
    fromMessageId: 'u2',
    totalUsage: { promptTokens: 1234, cachedPromptTokens: 1000, completionTokens: 456, reasoningTokens: 120, costUsd: 0.0129 },
  });
  assert.equal(await chat.page.locator('.total-usage').textContent(), 'Conversation: 1,810 tokens · $0.0129');
  await chat.post({ type: 'truncate', fromMessageId: 'a1' });
  assert.ok(await chat.page.locator('.total-usage').isHidden(), 'no answers left, no total');
  await chat.post({ type: 'messageAdded', message: assistantMessage('a4', '', { status: 'streaming' }) }, { type: 'messageDone', messageId: 'a4', status: 'stopped' });
  assert.ok(await chat.page.locator('.total-usage').isHidden(), 'a stopped answer without usage brings no stale total back');
  await chat.assertClean();
  await closePage(chat);
});

test('Thinking: reasoning streams into an open section that collapses when the answer starts', async () => {
  const chat = await pages.open();
  const startedAt = Date.now() - 5000;
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'q')], generating: true }),
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', model: 'grok-4.3', startedAt }) },
    { type: 'delta', messageId: 'a1', reasoning: 'Let me think. ' },
    { type: 'delta', messageId: 'a1', reasoning: 'A <b>map</b> is enough.' },
  );
  const thinking = chat.page.locator('[data-message-id="a1"] .thinking');
  const details = thinking.locator('details');
  assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
  assert.equal(await thinking.locator('.thinking-text').textContent(), 'Let me think. A <b>map</b> is enough.');
  assertSeconds(await thinking.locator('summary').textContent(), /^Thinking… (\d+)s$/, 5, secondsSince(startedAt));
  // It ticks once a second while streaming.
  const before = await thinking.locator('summary').textContent();
  await chat.page.waitForFunction(
    (b) => document.querySelector('[data-message-id="a1"] .thinking summary')?.textContent !== b,
    before,
    { timeout: 5000 },
  );

  await chat.post({ type: 'delta', messageId: 'a1', text: 'The answer.', answerStartedAt: startedAt + 9000 });
  assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), false);
  assert.equal(await thinking.locator('summary').textContent(), 'Thought for 9s');
  // The user can reopen it; later deltas do not close it again.
  await thinking.locator('summary').click();
  await chat.post({ type: 'delta', messageId: 'a1', text: ' More.' });
  assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
  await chat.post({
    type: 'messageDone',
    messageId: 'a1',
    status: 'done',
    usage: { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 20, reasoningTokens: 345, costUsd: 0.001 },
  });
  assert.equal(await thinking.locator('summary').textContent(), 'Thought for 9s · 345 reasoning tokens');
  await chat.assertClean();
  await closePage(chat);
});

test('Thinking: a model that reasons silently shows elapsed seconds, then its reasoning tokens', async () => {
  const chat = await pages.open();
  const startedAt = Date.now() - 12_000;
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'q')], generating: true }),
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', startedAt }) },
    // The silent keep-alives of a reasoning model (the client's 'thinking' events).
    { type: 'answerPhase', messageId: 'a1', state: { phase: 'thinking' } },
  );
  const thinking = chat.page.locator('[data-message-id="a1"] .thinking');
  assertSeconds(await thinking.textContent(), /^Thinking… (\d+)s$/, 12, secondsSince(startedAt));
  assert.equal(await thinking.locator('details').count(), 0);
  await chat.post(
    { type: 'delta', messageId: 'a1', text: 'Answer.', answerStartedAt: startedAt + 20_000 },
    { type: 'messageDone', messageId: 'a1', status: 'done', usage: { promptTokens: 1, cachedPromptTokens: 0, completionTokens: 2, reasoningTokens: 1500 } },
  );
  assert.equal(await thinking.textContent(), 'Thought for 20s · 1,500 reasoning tokens');

  // A model that does not reason at all shows no Thinking line once the answer is there.
  await chat.post(snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a2', 'Plain answer.')] }));
  assert.equal(await chat.page.locator('[data-message-id="a2"] .thinking').isVisible(), false);
  await closePage(chat);
});

test('model picker lists id, context window and prices, and posts selectModel', async () => {
  const chat = await pages.open();
  await chat.post(snapshot());
  const select = chat.page.getByRole('combobox', { name: 'Model' });
  const options = await select.locator('option').allTextContents();
  assert.deepEqual(options, [
    'grok-4-1-fast-non-reasoning · 2M · $0.20/$0.50',
    'grok-4.3 (reasoning) · 256K · $3/$15',
    'grok-code-fast-1 (reasoning) · 256K · $0.20/$1.50',
  ]);
  assert.equal(await select.inputValue(), 'grok-4-1-fast-non-reasoning');
  await select.selectOption('grok-4.3');
  assert.deepEqual(await chat.postedOf('selectModel'), [{ type: 'selectModel', model: 'grok-4.3' }]);
  assert.match((await select.getAttribute('title')) ?? '', /context window 256,000 tokens · \$3 in \/ \$15 out per 1M tokens/);

  // A configured model the server does not list still shows (and stays selected).
  await chat.post({ type: 'models', models: [{ id: 'grok-4.3' }], model: 'my-local-model' });
  assert.deepEqual(await select.locator('option').allTextContents(), ['my-local-model', 'grok-4.3']);
  assert.equal(await select.inputValue(), 'my-local-model');
  await closePage(chat);
});

test('context chips: add buttons, label and size, remove; chips sent show under the message', async () => {
  const chat = await pages.open();
  await chat.post(snapshot({ messages: [userMessage('u1', 'Explain', { context: [{ id: 's1', kind: 'selection', label: 'src/app.ts:10-24', chars: 640 }] })] }));
  await chat.page.getByRole('button', { name: 'Add the editor selection as context' }).click();
  await chat.page.getByRole('button', { name: 'Add the current file as context' }).click();
  assert.deepEqual(await chat.postedOf('addContext'), [
    { type: 'addContext', kind: 'selection' },
    { type: 'addContext', kind: 'file' },
  ]);
  await chat.post({
    type: 'pendingContext',
    chips: [
      { id: 'p1', kind: 'selection', label: 'src/b.ts:3-9', chars: 210, preview: 'function b() {\n  return 1;\n…' },
      { id: 'p2', kind: 'file', label: 'src/cache.ts', chars: 12_345 },
    ],
  });
  const chips = chat.page.locator('.composer .chip');
  // The label is a button whose name says its action first ("Preview", for screen readers only).
  assert.deepEqual(await chips.allTextContents(), ['Preview Selectionsrc/b.ts:3-9210 chars×', 'Preview Filesrc/cache.ts12.3k chars×']);
  assert.deepEqual(await chips.locator('.sr-only').allTextContents(), ['Preview ', 'Preview ']);
  assert.equal(await chips.first().getAttribute('title'), 'Selection: src/b.ts:3-9 (210 characters)\n\nfunction b() {\n  return 1;\n…', 'pointing at a chip shows the text it sends');
  await chat.page.getByRole('button', { name: 'Remove src/cache.ts' }).click();
  assert.deepEqual(await chat.postedOf('removeContext'), [{ type: 'removeContext', id: 'p2' }]);
  assert.deepEqual(await chat.page.locator('[data-message-id="u1"] .chip').allTextContents(), ['Open Selectionsrc/app.ts:10-24640 chars'], 'a chip in the transcript opens what it refers to');
  await chat.post({ type: 'pendingContext', chips: [] });
  assert.equal(await chips.count(), 0);
  await closePage(chat);
});

test('history: search, open, rename, export, delete with an in-page confirmation', async () => {
  const chat = await pages.open();
  await chat.post(snapshot());
  // The view's History title-bar button (grok.chatHistory) shows the list in the page.
  await chat.post({ type: 'showHistory' });
  assert.deepEqual(await chat.postedOf('listHistory'), [{ type: 'listHistory', query: '' }]);
  const items = [
    { id: 'h1', title: 'Caching the config', updatedAt: Date.UTC(2026, 9, 1), messageCount: 6 },
    { id: 'h2', title: 'Slow build', updatedAt: Date.UTC(2026, 8, 3), messageCount: 1 },
  ];
  await chat.post({ type: 'history', query: '', items });
  assert.deepEqual(await chat.page.locator('.history-title').allTextContents(), ['Caching the config', 'Slow build']);
  assert.match((await chat.page.locator('.history-meta').nth(1).textContent()) ?? '', /Sep 3, 2026 · 1 message$/);

  await chat.page.getByRole('searchbox', { name: 'Search conversations' }).fill('cach');
  await chat.page.waitForFunction(() => window.__posted.some((m) => m.type === 'listHistory' && m.query === 'cach'));
  // A late answer for an older query is ignored.
  await chat.post({ type: 'history', query: '', items: [] });
  assert.equal(await chat.page.locator('.history-item').count(), 2);
  await chat.post({ type: 'history', query: 'cach', items: [items[0]] });
  assert.equal(await chat.page.locator('.history-item').count(), 1);
  await chat.post({ type: 'history', query: 'zzz', items: [] });
  await chat.page.getByRole('searchbox', { name: 'Search conversations' }).fill('zzz');
  await chat.page.waitForFunction(() => window.__posted.some((m) => m.type === 'listHistory' && m.query === 'zzz'));
  await chat.post({ type: 'history', query: 'zzz', items: [] });
  assert.match((await chat.page.locator('.history-status').textContent()) ?? '', /No conversations match/);
  await chat.page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  await chat.page.waitForFunction(() => window.__posted.filter((m) => m.type === 'listHistory' && m.query === '').length === 2);
  await chat.post({ type: 'history', query: '', items });

  // A row's actions show while it is hovered.
  assert.equal(await chat.page.getByRole('button', { name: 'Export “Slow build”' }).isVisible(), false);
  await chat.page.locator('.history-item[data-id="h2"]').hover();
  await chat.page.getByRole('button', { name: 'Export “Slow build”' }).click();
  assert.deepEqual(await chat.postedOf('exportConversation'), [{ type: 'exportConversation', id: 'h2' }]);

  await chat.page.getByRole('button', { name: 'Delete “Slow build”' }).click();
  assert.match((await chat.page.locator('.history-confirm').textContent()) ?? '', /Delete “Slow build”\? This cannot be undone\./);
  assert.ok(await chat.page.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement), 'Cancel is focused');
  await chat.page.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await chat.postedOf('deleteConversation'), []);
  await chat.page.locator('.history-item[data-id="h2"]').hover();
  await chat.page.getByRole('button', { name: 'Delete “Slow build”' }).click();
  await chat.page.getByRole('button', { name: 'Confirm delete “Slow build”' }).click();
  assert.deepEqual(await chat.postedOf('deleteConversation'), [{ type: 'deleteConversation', id: 'h2' }]);
  assert.equal(await chat.page.locator('.history-item').count(), 1);

  // A long list builds rows for the view at once (the newest first) and the rest as the user scrolls to the end.
  const many = Array.from({ length: 250 }, (_, i) => ({ id: `m${i}`, title: `Conversation ${i}`, updatedAt: Date.UTC(2026, 0, 1) + i, messageCount: 2 }));
  await chat.post({ type: 'history', query: '', items: many });
  const first = await chat.page.locator('.history-item').count();
  assert.ok(first >= 40 && first < 250, `${first} rows at first`);
  assert.equal(await chat.page.locator('.history-title').first().textContent(), 'Conversation 0');
  for (let round = 0; round < 10 && (await chat.page.locator('.history-item').count()) < 250; round++) {
    await chat.page.locator('.history-item').last().scrollIntoViewIfNeeded();
    await chat.frames(2);
  }
  assert.equal(await chat.page.locator('.history-item').count(), 250);
  assert.equal(await chat.page.locator('.history-title').last().textContent(), 'Conversation 249');
  await chat.post({ type: 'history', query: '', items: [items[0]] });

  await chat.page.locator('.history-item[data-id="h1"]').hover();
  await chat.page.getByRole('button', { name: 'Rename “Caching the config”' }).click();
  await chat.page.getByRole('textbox', { name: 'New title' }).fill('Config cache');
  await chat.page.getByRole('button', { name: 'Save' }).click();
  assert.deepEqual(await chat.postedOf('renameConversation'), [{ type: 'renameConversation', id: 'h1', title: 'Config cache' }]);
  assert.equal(await chat.page.locator('.history-title').textContent(), 'Config cache');

  await chat.page.getByRole('button', { name: /^Config cache/ }).click();
  assert.deepEqual(await chat.postedOf('openConversation'), [{ type: 'openConversation', id: 'h1' }]);
  assert.ok(await chat.page.getByRole('textbox', { name: 'Message Grok' }).isVisible(), 'back in the chat');
  await chat.assertClean();
  await closePage(chat);
});

test('history: a new list from the host keeps a delete waiting for its confirmation, a rename being typed, and the focused row', async () => {
  const chat = await pages.open();
  await chat.post(snapshot(), { type: 'showHistory' });
  const items = [
    { id: 'h1', title: 'Caching the config', updatedAt: Date.UTC(2026, 9, 1), messageCount: 6 },
    { id: 'h2', title: 'Slow build', updatedAt: Date.UTC(2026, 8, 3), messageCount: 1 },
    { id: 'h3', title: 'Flaky test', updatedAt: Date.UTC(2026, 8, 2), messageCount: 4 },
  ];
  await chat.post({ type: 'history', query: '', items });
  await chat.page.locator('.history-item[data-id="h2"]').hover();
  await chat.page.getByRole('button', { name: 'Delete “Slow build”' }).click();
  await chat.page.locator('.history-item[data-id="h1"]').hover();
  await chat.page.getByRole('button', { name: 'Rename “Caching the config”' }).click();
  await chat.page.getByRole('textbox', { name: 'New title' }).fill('Config cach');
  // Another window saved a conversation: the host sends the list again, with one more.
  await chat.post({ type: 'history', query: '', items: [{ id: 'h0', title: 'Newer', updatedAt: Date.UTC(2026, 9, 2), messageCount: 2 }, ...items] });
  assert.deepEqual(await chat.page.locator('.history-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)), ['h0', 'h1', 'h2', 'h3']);
  const box = chat.page.getByRole('textbox', { name: 'New title' });
  assert.equal(await box.inputValue(), 'Config cach', 'the half-typed title is kept');
  assert.ok(await box.evaluate((el) => el === document.activeElement), 'the caret stays in the title box');
  await box.press('End');
  await box.pressSequentially('e');
  await box.press('Enter');
  assert.deepEqual(await chat.postedOf('renameConversation'), [{ type: 'renameConversation', id: 'h1', title: 'Config cache' }]);
  await chat.page.getByRole('button', { name: 'Confirm delete “Slow build”' }).click();
  assert.deepEqual(await chat.postedOf('deleteConversation'), [{ type: 'deleteConversation', id: 'h2' }]);

  // Keyboard users keep their place: the focused row has the focus again after a new list.
  await chat.page.getByRole('button', { name: /^Flaky test/ }).focus();
  await chat.post({ type: 'history', query: '', items: [items[0], items[2]] });
  assert.equal(await chat.page.evaluate(() => (document.activeElement?.closest('.history-item') as HTMLElement | null)?.dataset.id), 'h3');
  await chat.assertClean();
  await closePage(chat);
});

test('errors show inline with their actions; notices too', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'q')] }),
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) },
    {
      type: 'messageDone',
      messageId: 'a1',
      status: 'error',
      error: { kind: 'model', message: 'Model grok-9 does not exist.', actions: ['chooseModel', 'retry', 'showLog', 'openSettings', 'setApiKey', 'newChat'] },
    },
    { type: 'notice', level: 'warning', message: 'History file was damaged; a copy was set aside.', actions: ['showLog'] },
  );
  const error = chat.page.locator('[data-message-id="a1"] [role="alert"]');
  assert.match((await error.textContent()) ?? '', /Model grok-9 does not exist\./);
  for (const name of ['Choose Model', 'Retry', 'Show Log', 'Open Settings', 'Set API Key', 'New Chat']) await error.getByRole('button', { name }).click();
  assert.deepEqual(
    (await chat.postedOf('action')).map((m) => m.action),
    ['chooseModel', 'retry', 'showLog', 'openSettings', 'setApiKey', 'newChat'],
  );
  const notice = chat.page.locator('.notice');
  await notice.getByRole('button', { name: 'Show Log' }).click();
  assert.equal((await chat.postedOf('action')).at(-1)?.action, 'showLog');
  await notice.getByRole('button', { name: 'Dismiss notice' }).click();
  assert.equal(await notice.count(), 0);
  await chat.assertClean();
  await closePage(chat);
});

test('links go through the host: click and Enter post openLink, the page never navigates', async () => {
  const chat = await pages.open();
  const requests: string[] = [];
  chat.page.on('request', (r) => requests.push(r.url()));
  await chat.post(snapshot({ messages: [assistantMessage('a1', 'See [the docs](https://docs.x.ai/api "API") and https://x.ai/news.')] }));
  const links = chat.page.getByRole('link');
  assert.equal(await links.count(), 2);
  assert.equal(await links.first().getAttribute('href'), null, 'no href for anything to follow');
  await links.first().click();
  await links.nth(1).focus();
  await chat.page.keyboard.press('Enter');
  assert.deepEqual(await chat.postedOf('openLink'), [
    { type: 'openLink', href: 'https://docs.x.ai/api' },
    { type: 'openLink', href: 'https://x.ai/news' },
  ]);
  assert.equal(chat.page.url().startsWith(pages.server.origin + '/chat.html'), true);
  assert.deepEqual(requests, []);
  await closePage(chat);
});
