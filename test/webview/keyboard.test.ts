// Keyboard use: Enter sends, Shift+Enter is a new line, Esc stops, Up in an empty input edits the last
// message; Tab reaches every control and each shows the theme's focus ring when it gets there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistantMessage, closePage, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();

const conversation = [
  userMessage('u1', 'first question'),
  assistantMessage('a1', 'An answer with a [link](https://example.com).'),
  userMessage('u2', 'second question', { context: [{ id: 'k', kind: 'file', label: 'src/a.ts', chars: 900 }] }),
  assistantMessage('a2', 'Code:\n\n```ts\nlet x = 1;\n```\n', {
    status: 'error',
    error: { kind: 'rate', message: 'Rate limited.', actions: ['retry', 'showLog'] },
  }),
];

test('Enter sends, Shift+Enter adds a line, the draft is kept until sent', async () => {
  const chat = await pages.open();
  await chat.post(snapshot());
  const input = chat.page.getByRole('textbox', { name: 'Message Grok' });
  await input.focus();
  await chat.page.keyboard.type('line one');
  await chat.page.keyboard.press('Shift+Enter');
  await chat.page.keyboard.type('line two');
  assert.equal(await input.inputValue(), 'line one\nline two');
  assert.deepEqual(await chat.postedOf('send'), []);
  assert.equal((await chat.page.evaluate(() => window.__state as { draft: string })).draft, 'line one\nline two');

  await chat.page.keyboard.press('Enter');
  assert.deepEqual(await chat.postedOf('send'), [{ type: 'send', text: 'line one\nline two' }]);
  assert.equal(await input.inputValue(), '');
  assert.equal((await chat.page.evaluate(() => window.__state as { draft: string })).draft, '');

  // Enter on an empty box sends nothing; Enter while an answer is generating queues the message (shown,
  // removable) and sends it when the answer ends.
  await chat.page.keyboard.press('Enter');
  await chat.post({ type: 'generating', generating: true });
  await chat.page.keyboard.type('queued');
  await chat.page.keyboard.press('Enter');
  assert.equal((await chat.postedOf('send')).length, 1);
  assert.equal(await input.inputValue(), '');
  assert.deepEqual(await chat.page.locator('.queued .queued-text').allTextContents(), ['queued']);
  await chat.page.keyboard.type('and another');
  await chat.page.keyboard.press('Enter');
  await chat.page.keyboard.type('third');
  await chat.page.keyboard.press('Enter');
  await chat.page.getByRole('button', { name: 'Remove queued message: and another' }).click();
  assert.deepEqual(await chat.page.locator('.queued .queued-text').allTextContents(), ['queued', 'third']);
  await chat.post({ type: 'generating', generating: false });
  assert.deepEqual((await chat.postedOf('send')).slice(1), [{ type: 'send', text: 'queued' }]);
  assert.deepEqual(await chat.page.locator('.queued .queued-text').allTextContents(), ['third']);
  // One queued message per answer: the next waits for the answer to that one.
  await chat.post({ type: 'generating', generating: true }, { type: 'generating', generating: false });
  assert.deepEqual((await chat.postedOf('send')).slice(1), [{ type: 'send', text: 'queued' }, { type: 'send', text: 'third' }]);
  assert.equal(await chat.page.locator('.queued').isVisible(), false);
  await chat.assertClean();
  await closePage(chat);
});

test('Esc stops while generating (from anywhere in the page), and only then', async () => {
  const chat = await pages.open();
  await chat.post(snapshot({ messages: conversation.slice(0, 2) }));
  await chat.page.getByRole('textbox', { name: 'Message Grok' }).focus();
  await chat.page.keyboard.press('Escape');
  assert.deepEqual(await chat.postedOf('stop'), []);

  await chat.post({ type: 'generating', generating: true }, { type: 'messageAdded', message: assistantMessage('a9', 'partial', { status: 'streaming' }) });
  await chat.page.keyboard.press('Escape');
  assert.deepEqual(await chat.postedOf('stop'), [{ type: 'stop' }]);
  await chat.page.getByRole('button', { name: 'Add the current file as context' }).focus();
  await chat.page.keyboard.press('Escape');
  assert.equal((await chat.postedOf('stop')).length, 2);
  // The Stop button does the same.
  await chat.page.getByRole('button', { name: 'Stop generating (Escape)' }).click();
  assert.equal((await chat.postedOf('stop')).length, 3);
  await closePage(chat);
});

test('Up in an empty input edits the last user message; Enter resends it, Esc cancels', async () => {
  const chat = await pages.open();
  await chat.post(snapshot({ messages: conversation }));
  const input = chat.page.getByRole('textbox', { name: 'Message Grok' });
  await input.focus();
  await chat.page.keyboard.type('x');
  await chat.page.keyboard.press('ArrowUp');
  assert.equal(await chat.page.locator('.edit-input').count(), 0, 'Up in a non-empty input moves the caret only');
  await input.fill('');

  await chat.page.keyboard.press('ArrowUp');
  const editor = chat.page.getByRole('textbox', { name: 'Edit message' });
  assert.ok(await editor.evaluate((el) => el === document.activeElement));
  assert.equal(await editor.inputValue(), 'second question');
  assert.ok(await chat.page.locator('[data-message-id="u2"] .edit-input').count());

  await chat.page.keyboard.press('Escape');
  assert.equal(await chat.page.locator('.edit-input').count(), 0);
  assert.deepEqual(await chat.postedOf('stop'), [], 'Esc in the editor cancels the edit, it does not stop');

  await input.focus();
  await chat.page.keyboard.press('ArrowUp');
  await chat.page.keyboard.press('Control+A');
  await chat.page.keyboard.type('second question, better');
  await chat.page.keyboard.press('Enter');
  assert.deepEqual(await chat.postedOf('editAndResend'), [{ type: 'editAndResend', messageId: 'u2', text: 'second question, better' }]);
  await chat.assertClean();
  await closePage(chat);
});

test('Tab reaches every control, each with a visible focus ring in --vscode-focusBorder', async () => {
  const chat = await pages.open({ theme: 'dark' }, { width: 460, height: 1400 });
  await chat.post(
    snapshot({
      messages: conversation,
      pendingContext: [{ id: 'p1', kind: 'selection', label: 'src/b.ts:1-9', chars: 120 }],
    }),
    { type: 'notice', level: 'warning', message: 'History file was damaged and set aside.', actions: ['showLog'] },
  );
  await chat.page.getByRole('textbox', { name: 'Message Grok' }).fill('draft');
  await chat.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  const focusBorder = 'rgb(0, 120, 212)';
  const seen: string[] = [];
  const ids: number[] = [];
  for (let i = 0; i < 80; i++) {
    await chat.page.keyboard.press('Tab');
    const info = await chat.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // The composer draws its ring on the whole input box (the text box itself has none), the model
      // picker on the picker (its native select lies transparent over the label it shows).
      const ringHost = el.matches('.composer-input') ? el.closest<HTMLElement>('.input-box')! : el.matches('.model-select') ? el.closest<HTMLElement>('.model-picker')! : el;
      const cs = getComputedStyle(ringHost);
      let opacity = 1;
      for (let n: HTMLElement | null = ringHost; n; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
      const r = ringHost.getBoundingClientRect();
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
      // Several controls share a name (Edit on each message): tell them apart by identity.
      const w = window as unknown as { __ids?: WeakMap<Element, number>; __next?: number };
      w.__ids ??= new WeakMap();
      if (!w.__ids.has(el)) w.__ids.set(el, (w.__next = (w.__next ?? 0) + 1));
      return {
        id: w.__ids.get(el)!,
        key: `${el.tagName.toLowerCase()}:${name}`,
        outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
        visible: r.width > 0 && r.height > 0 && opacity > 0.9,
      };
    });
    if (!info) continue;
    if (ids.includes(info.id)) break;
    ids.push(info.id);
    seen.push(info.key);
    assert.equal(info.outline, `solid 1px ${focusBorder}`, `focus ring on ${info.key}`);
    assert.ok(info.visible, `${info.key} is visible when focused`);
  }
  const expected = [
    'select:Model',
    'button:Show Log',
    'button:Dismiss notice',
    'section:Conversation',
    'button:Edit and resend this message',
    'a:link',
    'button:Copy answer as Markdown',
    'button:Copy code',
    'button:Insert code at cursor',
    'button:Replace selection with code',
    'button:Open code in new file',
    'button:Retry',
    'button:Regenerate this answer',
    'button:Remove src/b.ts:1-9',
    'textarea:Message Grok',
    'button:Add the editor selection as context',
    'button:Add the current file as context',
    'button:Send message (Enter)',
  ];
  for (const key of expected) assert.ok(seen.includes(key), `Tab never reached ${key}; reached: ${seen.join(', ')}`);
  await chat.assertClean();
  await closePage(chat);
});

test('history and rename are keyboard-usable; Esc in rename cancels it', async () => {
  const chat = await pages.open();
  await chat.post(snapshot());
  await chat.post({ type: 'showHistory' });
  assert.ok(await chat.page.getByRole('searchbox', { name: 'Search conversations' }).evaluate((el) => el === document.activeElement));
  await chat.post({ type: 'history', query: '', items: [{ id: 'h1', title: 'Old chat', updatedAt: Date.now(), messageCount: 3 }] });
  // Tab from the row's title shows its actions (they are hidden until hover or focus) and reaches Rename.
  await chat.page.locator('.history-item .history-open').focus();
  await chat.page.keyboard.press('Tab');
  await chat.page.getByRole('button', { name: 'Rename “Old chat”' }).press('Enter');
  await chat.page.keyboard.type('New title');
  await chat.page.keyboard.press('Escape');
  assert.deepEqual(await chat.postedOf('renameConversation'), []);
  await chat.page.keyboard.press('Tab');
  await chat.page.getByRole('button', { name: 'Rename “Old chat”' }).press('Enter');
  await chat.page.keyboard.type('New title');
  await chat.page.keyboard.press('Enter');
  assert.deepEqual(await chat.postedOf('renameConversation'), [{ type: 'renameConversation', id: 'h1', title: 'New title' }]);
  await closePage(chat);
});
