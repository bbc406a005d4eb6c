// The page in a narrow side bar: from 180 px up nothing sticks out of its container or is clipped (measured
// from bounding boxes, see layoutCheck.ts), with a conversation, pending chips, a running answer, the
// history list (a hovered row, a delete being confirmed) and notices. Screenshots at 180, 300 and 600 px
// go to test-output/webview/layout-*.png. The Playwright suite narrowLayout.e2e.ts does the same in VS Code.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { assistantMessage, type ChatPage, closePage, OUTPUT, snapshot, userMessage, useChatPages } from './harness';
import { LAYOUT_AUDIT, type LayoutProblem } from './layoutCheck';

const pages = useChatPages();

const LONG = 'src/features/authentication/providers/oauthTokenRefresher.ts';
const conversation = [
  userMessage('u1', 'Why does the token refresh loop forever?', { context: [{ id: 'x1', kind: 'selection', label: `${LONG}:120-188`, chars: 5120 }] }),
  assistantMessage('a1', 'The retry never resets its counter:\n\n```typescriptreact\nexport function refresh(token: Token): Promise<Token> {\n  return client.post("/oauth/token", { grant_type: "refresh_token", refresh_token: token.refresh });\n}\n```\n\nAnd a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n', {
    usage: { promptTokens: 1234, cachedPromptTokens: 1000, completionTokens: 456, reasoningTokens: 0, costUsd: 0.0129 },
  }),
];
const models = [
  { id: 'grok-4-1-fast-non-reasoning', family: 'Grok 4.1', vision: true, promptPrice: 0.2, completionPrice: 0.5 },
  { id: 'grok-4.3', family: 'Grok 4.3', reasoning: true, vision: true },
  { id: 'grok-code-fast-1', family: 'Grok Code', reasoning: true },
];

async function audit(chat: ChatPage, where: string): Promise<void> {
  await chat.frames();
  const problems = (await chat.page.evaluate(LAYOUT_AUDIT)) as LayoutProblem[];
  assert.deepEqual(problems, [], `${where}: ${problems.map((p) => `${p.what}: ${p.problem}`).join('\n')}`);
}

for (const width of [180, 200, 240, 300, 600]) {
  test(`at ${width} px every control fits its container: chat, streaming, history`, async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    const chat = await pages.open({ theme: 'dark' }, { width, height: 720 });
    await chat.post(
      snapshot({
        messages: conversation,
        models,
        pendingContext: [
          { id: 'p1', kind: 'selection', label: `${LONG}:10-24`, chars: 512 },
          { id: 'p2', kind: 'file', label: LONG, chars: 24_000 },
        ],
      }),
      { type: 'notice', level: 'warning', message: 'A conversation could not be read and was set aside as c-123.json.damaged-2026. Other conversations are not affected.', actions: ['showLog'] },
    );
    await audit(chat, `${width} px, chat`);
    // The page repeats none of the view's title-bar actions.
    assert.equal(await chat.page.getByRole('button', { name: /new chat/i }).count(), 0, 'New Chat is in the page as well as the title bar');
    assert.equal(await chat.page.getByRole('button', { name: /history/i }).count(), 0, 'History is in the page as well as the title bar');
    await chat.page.screenshot({ path: path.join(OUTPUT, `layout-${width}-chat.png`) });

    await chat.post(
      { type: 'messageAdded', message: userMessage('u2', 'And with a TTL?') },
      { type: 'generating', generating: true },
      { type: 'messageAdded', message: assistantMessage('a2', '', { status: 'streaming', startedAt: Date.now() }) },
      { type: 'delta', messageId: 'a2', text: 'Keep a timestamp:\n\n```ts\nconst at = Date.now();\n' },
    );
    await audit(chat, `${width} px, streaming`);
    await chat.page.screenshot({ path: path.join(OUTPUT, `layout-${width}-streaming.png`) });
    await chat.post({ type: 'messageDone', messageId: 'a2', status: 'stopped' }, { type: 'generating', generating: false });

    await chat.post({ type: 'showHistory' });
    await chat.post({
      type: 'history',
      query: '',
      items: [
        { id: 'h1', title: 'Why does the token refresh loop forever in the OAuth provider?', updatedAt: Date.now(), messageCount: 12 },
        { id: 'h2', title: 'Caching', updatedAt: Date.now() - 86_400_000 * 40, messageCount: 2 },
      ],
    });
    const row = chat.page.locator('.history-item').first();
    await row.hover();
    assert.ok(await row.getByRole('button', { name: /^Delete/ }).isVisible(), 'a hovered row shows Delete');
    assert.equal(await chat.page.locator('.history-item').nth(1).getByRole('button', { name: /^Delete/ }).isVisible(), false, 'a row not hovered shows its actions');
    await audit(chat, `${width} px, history`);
    await chat.page.screenshot({ path: path.join(OUTPUT, `layout-${width}-history.png`) });
    await row.getByRole('button', { name: /^Delete/ }).click();
    await audit(chat, `${width} px, confirming a delete`);
    await chat.assertClean();
    await closePage(chat);
  });
}

test('history rows show their actions to the keyboard: Tab from the title reaches Rename, Export, Delete', async () => {
  const chat = await pages.open({}, { width: 180, height: 600 });
  await chat.post(snapshot(), { type: 'showHistory' }, { type: 'history', query: '', items: [{ id: 'h1', title: 'One', updatedAt: Date.now(), messageCount: 2 }, { id: 'h2', title: 'Two', updatedAt: Date.now(), messageCount: 2 }] });
  await chat.page.mouse.move(0, 700);
  await chat.page.locator('.history-item').first().locator('.history-open').focus();
  const names: string[] = [];
  for (let i = 0; i < 3; i++) {
    await chat.page.keyboard.press('Tab');
    names.push(await chat.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''));
  }
  assert.deepEqual(names, ['Rename “One”', 'Export “One”', 'Delete “One”']);
  assert.equal(await chat.page.locator('.history-item').nth(1).getByRole('button', { name: /^Delete/ }).isVisible(), false);
  await closePage(chat);
});

test('code-block actions are icon buttons in one row with names and tooltips, even at 180 px', async () => {
  const chat = await pages.open({}, { width: 180, height: 600 });
  await chat.post(snapshot({ messages: conversation }));
  const toolbar = chat.page.locator('.code-block .code-toolbar').first();
  const buttons = toolbar.locator('button');
  const info = await buttons.evaluateAll((els) => els.map((b) => ({ name: b.getAttribute('aria-label'), title: b.getAttribute('title'), text: (b.textContent ?? '').trim(), top: Math.round(b.getBoundingClientRect().top), svg: !!b.querySelector('svg') })));
  assert.deepEqual(info.map((b) => b.name), ['Copy code', 'Insert code at cursor', 'Replace selection with code', 'Open code in new file']);
  for (const b of info) {
    assert.equal(b.title, b.name, 'tooltip');
    assert.equal(b.text, '', 'an icon, no text');
    assert.ok(b.svg, 'an icon');
  }
  assert.equal(new Set(info.map((b) => b.top)).size, 1, `not one row: ${JSON.stringify(info)}`);
  await closePage(chat);
});

test('the model picker: grouped by family, full ids with badges, the chosen one shown whole at 180 px', async () => {
  const chat = await pages.open({}, { width: 180, height: 600 });
  await chat.post(snapshot({ models, model: 'grok-4-1-fast-non-reasoning' }));
  const groups = await chat.page.locator('select#model-picker optgroup').evaluateAll((gs) => gs.map((g) => ({ label: g.getAttribute('label'), options: Array.from(g.querySelectorAll('option')).map((o) => o.textContent) })));
  assert.deepEqual(groups, [
    { label: 'Grok 4.1', options: ['grok-4-1-fast-non-reasoning (vision) · $0.20/$0.50'] },
    { label: 'Grok 4.3', options: ['grok-4.3 (reasoning, vision)'] },
    { label: 'Grok Code', options: ['grok-code-fast-1 (reasoning)'] },
  ]);
  const shown = chat.page.locator('.model-picker .model-shown');
  assert.equal(await shown.locator('.model-name').textContent(), 'grok-4-1-fast-non-reasoning');
  const name = await shown.locator('.model-name').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(name.scroll <= name.client + 1, `the model id is cut: ${JSON.stringify(name)}`);
  assert.deepEqual(await shown.locator('.badge').allTextContents(), ['vision']);
  await chat.page.locator('select#model-picker').selectOption('grok-4.3');
  assert.deepEqual(await shown.locator('.badge').allTextContents(), ['reasoning', 'vision']);
  assert.deepEqual(await chat.postedOf('selectModel'), [{ type: 'selectModel', model: 'grok-4.3' }]);
  await closePage(chat);
});
