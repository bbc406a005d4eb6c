// # and @ mentions in the composer, their chips (what is sent, removable, opening what they refer to),
// the instructions chips, and user messages rendered as Markdown through the answers' safe renderer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MentionItem } from '../../src/protocol';
import { closePage, snapshot, useChatPages, userMessage, type ChatPage } from './harness';
import { LAYOUT_AUDIT, type LayoutProblem } from './layoutCheck';

const pages = useChatPages();

const ITEMS: MentionItem[] = [
  { kind: 'problems', label: 'Problems', detail: '2 in the Problems list', ref: 'problems' },
  { kind: 'file', label: 'hello.js', detail: 'src/hello.js', ref: 'file:///w/src/hello.js' },
  { kind: 'folder', label: 'src/', detail: 'src', ref: 'file:///w/src' },
];
const SYMBOL: MentionItem = { kind: 'symbol', label: 'greet', detail: 'function · src/hello.js:1', ref: '{"uri":"file:///w/src/hello.js","line":0,"character":9,"name":"greet","kind":11}' };

/** Waits for the page's query for `query` and answers it with `items` (as the host does). */
async function answer(chat: ChatPage, query: string, items: MentionItem[], note?: string): Promise<void> {
  let asked: { requestId: number } | undefined;
  for (let i = 0; i < 100 && !asked; i++) {
    asked = (await chat.postedOf('mentionQuery')).filter((m) => m.query === query).pop();
    if (!asked) await chat.page.waitForTimeout(20);
  }
  assert.ok(asked, `the page never asked for "${query}": ${JSON.stringify(await chat.postedOf('mentionQuery'))}`);
  await chat.post({ type: 'mentionResults', requestId: asked.requestId, query, items, ...(note ? { note } : {}) });
}

test('typing # opens an accessible list; arrows move, Enter picks, the #text goes and the host is asked for the chip', async () => {
  const chat = await pages.open();
  await chat.post(snapshot());
  const input = chat.page.getByRole('textbox', { name: 'Message Grok' });
  await input.pressSequentially('Explain #hel');
  await answer(chat, 'hel', ITEMS);
  const list = chat.page.getByRole('listbox', { name: /Add context/ });
  assert.ok(await list.isVisible());
  const options = list.getByRole('option');
  assert.equal(await options.count(), 3);
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
  assert.equal(await input.getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'));
  assert.equal(await input.getAttribute('aria-controls'), await list.getAttribute('id'));
  assert.match((await chat.page.locator('.mention-status').textContent()) ?? '', /^3 entries: Up and Down to choose/);

  await input.press('ArrowDown');
  assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
  assert.equal(await input.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
  // Symbols arrive later for the same query: the entry the user is on stays chosen.
  await answer(chat, 'hel', [...ITEMS, SYMBOL]);
  assert.equal(await options.count(), 4);
  assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
  await input.press('Enter');
  assert.deepEqual(await chat.postedOf('addMention'), [{ type: 'addMention', kind: 'file', ref: 'file:///w/src/hello.js' }]);
  assert.deepEqual(await chat.postedOf('send'), [], 'Enter picked; it did not send');
  assert.equal(await input.inputValue(), 'Explain ');
  assert.equal(await list.isVisible(), false);
  assert.equal(await input.getAttribute('aria-activedescendant'), null);
  assert.ok(await input.evaluate((el) => el === document.activeElement), 'the caret stays in the box');
  await chat.assertClean();
  await closePage(chat);
});

test('a click picks (the box keeps focus); Escape closes without stopping an answer; e-mail addresses do not open it', async () => {
  const chat = await pages.open();
  await chat.post(snapshot(), { type: 'generating', generating: true });
  const input = chat.page.getByRole('textbox', { name: 'Message Grok' });
  await input.pressSequentially('mail me at a@b.c ');
  await chat.page.waitForTimeout(150);
  assert.deepEqual(await chat.postedOf('mentionQuery'), [], 'an @ inside a word is not a mention');
  await input.pressSequentially('@gr');
  await answer(chat, 'gr', [SYMBOL]);
  await input.press('Escape');
  assert.equal(await chat.page.getByRole('listbox').isVisible(), false);
  assert.deepEqual(await chat.postedOf('stop'), [], 'Escape in the picker does not stop the answer');
  // Typing on does not reopen the one the user closed; a new # does.
  await input.pressSequentially('e');
  await chat.page.waitForTimeout(150);
  assert.equal(await chat.page.getByRole('listbox').isVisible(), false);
  await input.pressSequentially(' #gree');
  await answer(chat, 'gree', [SYMBOL]);
  await chat.page.getByRole('option', { name: /greet/ }).click();
  assert.deepEqual((await chat.postedOf('addMention')).map((m) => m.kind), ['symbol']);
  assert.equal(await input.inputValue(), 'mail me at a@b.c @gre ');
  assert.ok(await input.evaluate((el) => el === document.activeElement));
  await chat.assertClean();
  await closePage(chat);
});

test('nothing found, or a path outside the workspace: the picker says so', async () => {
  const chat = await pages.open();
  await chat.post(snapshot());
  const input = chat.page.getByRole('textbox', { name: 'Message Grok' });
  await input.pressSequentially('#/etc/hosts');
  await answer(chat, '/etc/hosts', [], 'Only files inside the workspace can be attached; /etc/hosts is outside it.');
  assert.equal(await chat.page.locator('.mention-status').textContent(), 'Only files inside the workspace can be attached; /etc/hosts is outside it.');
  await input.press('Enter');
  assert.deepEqual(await chat.postedOf('addMention'), []);
  assert.equal(await input.inputValue(), '#/etc/hosts', 'nothing typed is lost');
  assert.deepEqual(await chat.postedOf('send'), [], 'the first Enter only closed the list');
  assert.equal(await chat.page.getByRole('listbox').isVisible(), false);
  await input.press('Enter');
  assert.deepEqual(await chat.postedOf('send'), [{ type: 'send', text: '#/etc/hosts' }], 'the next Enter sends the text as typed');
  await closePage(chat);
});

test('composer chips show what is sent (size, and the text on demand), instructions chips are removable', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({
      pendingContext: [{ id: 'c1', kind: 'symbol', label: 'greet (src/hello.js:1)', chars: 48, preview: 'function greet(name) {\n  return name;\n}' }],
      instructions: [
        { id: 'setting', kind: 'instructions', label: 'Instructions', chars: 18, preview: 'Answer in French.' },
        { id: 'AGENTS.md', kind: 'rules', label: 'Rules: AGENTS.md', chars: 9, preview: 'Use tabs.' },
      ],
    }),
  );
  const chip = chat.page.locator('.composer .chip-symbol');
  assert.equal(await chip.locator('.chip-size').textContent(), '48 chars');
  const toggle = chip.getByRole('button', { name: /^Preview Symbol\s*greet/ });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await chat.page.locator('.chip-preview-text').textContent(), 'function greet(name) {\n  return name;\n}');
  await toggle.click();
  assert.equal(await chat.page.locator('.chip-preview').isVisible(), false);

  assert.deepEqual(await chat.page.locator('.instruction-chips .chip-label').allTextContents(), ['Instructions', 'Rules: AGENTS.md']);
  await chat.page.getByRole('button', { name: 'Stop sending the rules from AGENTS.md in this conversation' }).click();
  assert.deepEqual(await chat.postedOf('removeInstruction'), [{ type: 'removeInstruction', id: 'AGENTS.md' }]);
  // The host translates the label ("Regeln: AGENTS.md" in German); the remove button still names the file.
  await chat.post({ type: 'instructions', chips: [{ id: '.grok/rules/style.md', kind: 'rules', label: 'Regeln: .grok/rules/style.md', chars: 9 }] });
  assert.deepEqual(await chat.page.locator('.instruction-chips .chip-label').allTextContents(), ['Regeln: .grok/rules/style.md']);
  await chat.page.getByRole('button', { name: 'Stop sending the rules from .grok/rules/style.md in this conversation' }).click();
  assert.deepEqual((await chat.postedOf('removeInstruction')).at(-1), { type: 'removeInstruction', id: '.grok/rules/style.md' });
  await chat.post({ type: 'instructions', chips: [{ id: 'setting', kind: 'instructions', label: 'Instructions', chars: 18 }] });
  assert.deepEqual(await chat.page.locator('.instruction-chips .chip-label').allTextContents(), ['Instructions']);
  await chat.post({ type: 'instructions', chips: [] });
  assert.equal(await chat.page.locator('.instruction-chips').isVisible(), false);
  await chat.assertClean();
  await closePage(chat);
});

test('a sent message\'s chips open what they refer to', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({
      messages: [
        userMessage('u1', 'What is wrong?', {
          context: [
            { id: 'k1', kind: 'problems', label: '1 error, 0 warnings', chars: 40 },
            { id: 'k2', kind: 'diff', label: '2 files changed', chars: 900, language: 'diff' },
            { id: 'k3', kind: 'folder', label: 'src/', chars: 30 },
          ],
        }),
      ],
    }),
  );
  const chips = chat.page.locator('[data-message-id="u1"] .message-chips');
  await chips.getByRole('button', { name: /^Show Problems\s*1 error/ }).click();
  await chips.getByRole('button', { name: /^Show Diff\s*2 files changed/ }).click();
  await chips.getByRole('button', { name: /^Reveal Folder\s*src\// }).click();
  assert.deepEqual(await chat.postedOf('openContext'), [
    { type: 'openContext', messageId: 'u1', chipId: 'k1' },
    { type: 'openContext', messageId: 'u1', chipId: 'k2' },
    { type: 'openContext', messageId: 'u1', chipId: 'k3' },
  ]);
  await closePage(chat);
});

test('the picker and the chips fit a 180 px side bar', async () => {
  const chat = await pages.open({}, { width: 180, height: 600 });
  await chat.post(
    snapshot({
      pendingContext: [{ id: 'c1', kind: 'file', label: 'src/some/deeply/nested/folder/with/a/long-file-name.ts', chars: 12_345 }],
      instructions: [{ id: 'AGENTS.md', kind: 'rules', label: 'Rules: AGENTS.md', chars: 9 }],
    }),
  );
  const input = chat.page.getByRole('textbox', { name: 'Message Grok' });
  await input.pressSequentially('#lon');
  await answer(chat, 'lon', [{ kind: 'file', label: 'long-file-name-that-goes-on-and-on.ts', detail: 'src/some/deeply/nested/folder/long-file-name-that-goes-on-and-on.ts', ref: 'file:///w/x' }, SYMBOL]);
  const problems = (await chat.page.evaluate(LAYOUT_AUDIT)) as LayoutProblem[];
  assert.deepEqual(problems, [], problems.map((p) => `${p.what}: ${p.problem}`).join('\n'));
  const box = (await chat.page.locator('.mention-picker').boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 180, `the picker sticks out: ${JSON.stringify(box)}`);
  await chat.assertClean();
  await closePage(chat);
});

test('user messages are Markdown: code highlighted with the theme\'s classes, raw HTML shown as text, no image fetched', async () => {
  const chat = await pages.open();
  const text = 'Why does this fail?\nSecond line\n\n```js\nconst x = await f();\n```\n\n<img src=x onerror=alert(1)> and ![pic](https://example.com/a.png) and `inline`';
  await chat.post(snapshot({ messages: [userMessage('u1', text)] }));
  const body = chat.page.locator('[data-message-id="u1"] .user-text');
  assert.equal(await body.locator('.hljs-keyword').first().textContent(), 'const');
  assert.equal(await body.locator('br').count(), 1, 'a typed line break stays a line break');
  assert.equal(await body.locator('code').last().textContent(), 'inline');
  assert.equal(await body.locator('img').count(), 0, 'no image element: nothing is fetched');
  assert.match((await body.textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
  // Editing shows the text as written, and the resent text renders as Markdown again.
  await chat.page.locator('[data-message-id="u1"]').hover();
  await chat.page.getByRole('button', { name: 'Edit and resend this message' }).click();
  const edit = chat.page.getByRole('textbox', { name: 'Edit message' });
  assert.equal(await edit.inputValue(), text);
  await edit.fill('Now **bold**');
  await edit.press('Enter');
  assert.equal(await body.locator('strong').textContent(), 'bold');
  await chat.assertClean();
  await closePage(chat);
});
