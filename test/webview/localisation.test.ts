// The chat page under a pseudo-locale: the host's `strings` table with every entry marked ⟦…⟧ (letters
// accented), then the states a user meets. Whatever text the page shows, and every aria-label, title and
// placeholder, must come from the table: after removing the marked parts, what is left may only be the
// user's own text, model output (code), model ids, numbers, file names and the product names.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_STRINGS, type PageStrings } from '../../src/shared/pageStrings';
import { assistantMessage, closePage, pasteImage, snapshot, useChatPages, userMessage, type ChatPage } from './harness';

const pages = useChatPages();

function pseudo(text: string): string {
  return `⟦${text.replace(/[a-z]/gi, (c) => `${c}\u0301`)}⟧`;
}
const PSEUDO = Object.fromEntries(Object.entries(PAGE_STRINGS).map(([k, v]) => [k, pseudo(v)])) as PageStrings;

// The user's text and the model's answers are written without Latin letters, so any English left is the page's.
const STATES: { name: string; reach(chat: ChatPage): Promise<void>; shows?: string[] }[] = [
  { name: 'setup card', reach: (chat) => chat.post(snapshot({ hasKey: false })) },
  { name: 'empty chat', reach: (chat) => chat.post(snapshot()) },
  {
    name: 'answers: code, reasoning, usage, context, search card, sources, a stopped answer and an error',
    async reach(chat) {
      await chat.post(
        snapshot({
          messages: [
            userMessage('u1', '¿¿ 1 ¿¿', { context: [{ id: 'x1', kind: 'selection', label: 'src/config.ts:10-24', chars: 512 }] }),
            assistantMessage('a1', 'ⓐⓑⓒ [1]\n\n```ts\nconst x = 1;\n```\n', {
              model: 'grok-4.3',
              reasoning: 'ⓡⓡ',
              startedAt: 1_700_000_000_000,
              answerStartedAt: 1_700_000_002_000,
              usage: { promptTokens: 1234, cachedPromptTokens: 1000, completionTokens: 456, reasoningTokens: 120, costUsd: 0.0129 },
            }),
            userMessage('u2', '¿¿ 2 ¿¿'),
            assistantMessage('a2', 'ⓓⓔ', { status: 'stopped' }),
            userMessage('u3', '¿¿ 3 ¿¿'),
            assistantMessage('a3', '', { status: 'error', error: { kind: 'badKey', message: '⟦ḱéý⟧', actions: ['setApiKey', 'showLog', 'retry', 'chooseModel', 'openSettings', 'newChat'] } }),
          ],
          pendingContext: [{ id: 'p1', kind: 'file', label: 'src/cache.ts', chars: 2400 }],
        }),
      );
      await chat.post({ type: 'part', messageId: 'a1', part: { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'completed', query: 'ⓠⓠ' } });
      await chat.post({ type: 'notice', level: 'warning', message: '⟦ńótícé⟧', actions: ['showLog'] });
      await chat.post({ type: 'notice', level: 'info', message: '⟦ńótícé 2⟧' });
    },
  },
  {
    // What the agent layer writes (a call's summary, why it needs approval) comes from the host, marked here as translated.
    name: 'agent task: an approval, a finished command, a paused task with changed files',
    reach: (chat) =>
      chat.post(
        snapshot({
          messages: [
            userMessage('u1', '¿¿'),
            assistantMessage('a1', '', {
              status: 'done',
              parts: [
                { type: 'agentTask', id: 'task-1', mode: 'agent', status: 'paused', steps: 12, costUsd: 0.42, limit: { kind: 'steps', limit: 12 }, files: [{ path: 'src/a.ts', change: 'edit' }, { path: 'src/b.ts', change: 'create' }] },
                { type: 'toolCall', id: 'c1', name: 'edit_file', arguments: '{}', status: 'awaitingApproval', taskId: 'task-1', summary: '⟦éd́ít́⟧ src/a.ts', approval: { kind: 'edit', reason: '⟦ŕéáśóń⟧' }, file: 'src/a.ts', change: 'edit' },
                { type: 'toolCall', id: 'c2', name: 'run_command', arguments: '{}', status: 'done', taskId: 'task-1', summary: '⟦ŕúń⟧', command: 'npm test', result: '⟦óḱ⟧', exitCode: 0 },
                { type: 'toolCall', id: 'c3', name: 'run_command', arguments: '{}', status: 'denied', taskId: 'task-1', summary: '⟦ŕúń⟧', command: 'rm -rf /', deniedReason: '¿¿' },
              ],
            }),
          ],
        }),
      ),
    shows: ['.agent-task', '.agent-approve', '.agent-pause', '.agent-file-diff', '.agent-card-command'],
  },
  {
    // The image is named without Latin letters: a file's name is the user's.
    name: 'composer: a model without vision refuses the attached image',
    async reach(chat) {
      await chat.post(snapshot({ models: [{ id: 'grok-vision', vision: true }, { id: 'grok-text', vision: false }], model: 'grok-text' }));
      await pasteImage(chat, '①');
      await chat.page.locator('.composer-input').fill('¿¿');
      await chat.page.locator('.composer-input').press('Enter');
    },
    shows: ['.composer-hint', '.attached-images img'],
  },
  {
    name: 'composer: /imagine without a description, a queued message with an image, a chip preview, tools without the Responses API; a missing image and a failed search',
    async reach(chat) {
      await chat.post(
        snapshot({
          models: [{ id: 'grok-vision', vision: true }],
          model: 'grok-vision',
          generating: true,
          pendingContext: [{ id: 'p1', kind: 'file', label: 'src/cache.ts', chars: 2400, preview: '¿¿' }],
          messages: [
            userMessage('u1', '¿¿', { parts: [{ type: 'image', id: 'img1', origin: 'attached', mimeType: 'image/png', bytes: 70, name: '①' }] }),
            assistantMessage('a1', 'ⓐⓑ', { parts: [{ type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'failed', query: 'ⓠⓠ' }] }),
          ],
        }),
      );
      await chat.post({ type: 'options', options: { webSearch: true }, serverTools: false });
      await pasteImage(chat, '②');
      await chat.page.locator('.composer-input').fill('¿¿');
      await chat.page.locator('.composer-input').press('Enter');
      await chat.page.locator('.composer-input').fill('/imagine');
      await chat.page.locator('.composer-input').press('Enter');
      await chat.page.locator('.chip-preview-toggle').click();
    },
    shows: ['.composer-hint', '.queued-item', '.chip-preview-head', '.message-image.missing', '.tool-card.failed'],
  },
  {
    name: 'history',
    async reach(chat) {
      await chat.post(snapshot());
      await chat.post({ type: 'showHistory' });
      await chat.post({ type: 'history', query: '', items: [{ id: 'c1', title: '¿¿ ¿¿', updatedAt: Date.now(), messageCount: 6 }, { id: 'c2', title: '', updatedAt: Date.now(), messageCount: 2 }] });
    },
  },
];

/** Every text node the page shows, and every aria-label, title and placeholder, with where it is. */
function shownTexts(chat: ChatPage): Promise<{ where: string; text: string }[]> {
  return chat.page.evaluate(() => {
    const out: { where: string; text: string }[] = [];
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      // Code, and the language its fence names, are the model's.
      if (!parent || parent.closest('pre, code, .code-lang, script, style') || !parent.checkVisibility()) continue;
      if (n.textContent?.trim()) out.push({ where: describe(parent), text: n.textContent.trim() });
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const attr of ['aria-label', 'title', 'placeholder']) {
        const value = el.getAttribute(attr);
        if (value?.trim()) out.push({ where: `${describe(el)}[${attr}]`, text: value.trim() });
      }
    }
    return out;
  });
}

/** What is left of a text once the translated parts and what may stay as it is are taken out. */
function english(text: string): string {
  return text
    .replace(/⟦[^⟧]*⟧/g, ' ')
    // Times are formatted by the browser in its own locale (the webview's is VS Code's display language).
    .replace(/grok-[\w.-]+|src\/[\w./:-]+|\b(?:Grok|xAI)\b|\d\d:\d\d\s?[AP]M/g, ' ')
    .replace(/[^A-Za-z]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 1)
    .join(' ');
}

test('a pseudo-locale leaves no English on the chat page: text, aria-labels, titles and placeholders', async () => {
  for (const state of STATES) {
    const chat = await pages.open();
    // As the host does: the table first, in answer to `ready`; the page is built in its language.
    await chat.post({ type: 'strings', strings: PSEUDO });
    await state.reach(chat);
    await chat.frames();
    for (const selector of state.shows ?? []) assert.ok(await chat.page.locator(selector).count(), `${state.name}: ${selector} is shown`);
    const shown = await shownTexts(chat);
    const left = shown.filter((s) => english(s.text)).map((s) => `${s.where}: ${s.text}`);
    assert.deepEqual(left, [], `${state.name}: left in English`);
    // The check sees the page: many marked strings are there.
    assert.ok(shown.filter((s) => s.text.includes('⟦')).length >= 8, `${state.name}: ${shown.length} texts`);
    await chat.assertClean();
    await closePage(chat);
  }
});

test('without a strings message the page is in English, from the same table', async () => {
  const chat = await pages.open();
  await chat.post(snapshot());
  assert.equal(await chat.page.getByRole('textbox', { name: PAGE_STRINGS['composer.input'] }).getAttribute('placeholder'), PAGE_STRINGS['composer.placeholder']);
  assert.equal(await chat.page.locator('.empty-state h2').textContent(), PAGE_STRINGS['empty.title']);
  await chat.assertClean();
  await closePage(chat);
});

test('numbers are written in VS Code\'s display language: German groups thousands with a dot and puts the dollar after', async () => {
  const chat = await pages.open();
  await chat.post({ type: 'strings', strings: PAGE_STRINGS, locale: 'de' });
  await chat.post(
    snapshot({
      messages: [
        userMessage('u1', 'Hallo'),
        assistantMessage('a1', 'Hallo', { usage: { promptTokens: 12345, cachedPromptTokens: 0, completionTokens: 456, reasoningTokens: 0, costUsd: 0.0129 } }),
      ],
    }),
  );
  const usage = (await chat.page.locator('[data-message-id="a1"] .usage').textContent()) ?? '';
  assert.match(usage, /^12\.345 in · 456 out · 0,0129\s\$$/);
  await chat.assertClean();
  await closePage(chat);
  // Without a language from the host, the browser's (en-US here) as before.
  const english = await pages.open();
  await english.post({ type: 'strings', strings: PAGE_STRINGS });
  await english.post(snapshot({ messages: [assistantMessage('a1', 'Hi', { usage: { promptTokens: 12345, cachedPromptTokens: 0, completionTokens: 456, reasoningTokens: 0, costUsd: 0.0129 } })] }));
  assert.equal(await english.page.locator('[data-message-id="a1"] .usage').textContent(), '12,345 in · 456 out · $0.0129');
  await english.assertClean();
  await closePage(english);
});
