// Screenshots of the page in light, dark and high-contrast themes, saved under test-output/webview/
// for a human (or a reviewing agent) to look at. Also asserts the page trips no CSP rule while doing so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { LONG_ANSWER } from './fixtures';
import { assistantMessage, closePage, launch, OUTPUT, openPage, type Server, snapshot, startServer, userMessage } from './harness';
import type { ThemeName } from './themes';

let browser: Browser;
let server: Server;

before(async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  [browser, server] = await Promise.all([launch(), startServer()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const conversation = [
  userMessage('u1', 'How should I cache the config lookups?', {
    context: [{ id: 'x1', kind: 'selection', label: 'src/config.ts:10-24', chars: 512 }],
  }),
  assistantMessage('a1', LONG_ANSWER.split('| Option')[0] + '```typescript\nexport function cached<T>(fn: () => T): () => T {\n  let value: T | undefined;\n  return () => (value ??= fn());\n}\n```\n', {
    reasoning: 'The user wants caching. A memoised getter is the simplest thing that works.',
    startedAt: 1_700_000_000_000,
    answerStartedAt: 1_700_000_004_000,
    usage: { promptTokens: 1234, cachedPromptTokens: 1000, completionTokens: 456, reasoningTokens: 120, costUsd: 0.0129 },
  }),
  userMessage('u2', 'And with a TTL?'),
  assistantMessage('a2', 'Partial answer: use a timestamp next to', {
    status: 'stopped',
    usage: { promptTokens: 1800, cachedPromptTokens: 1200, completionTokens: 12, reasoningTokens: 0, costUsd: 0.00004 },
  }),
  userMessage('u3', 'Try again with grok-4.3'),
  assistantMessage('a3', '', {
    status: 'error',
    model: 'grok-4.3',
    error: { kind: 'auth', message: 'The API key was rejected (401). Set a new key to continue.', actions: ['setApiKey', 'showLog'] },
  }),
];

for (const theme of ['light', 'dark', 'hc'] as ThemeName[]) {
  test(`screenshot: conversation, ${theme}`, async () => {
    const chat = await openPage(browser, server, { theme }, { width: 440, height: 1400 });
    await chat.post(
      snapshot({
        messages: conversation,
        pendingContext: [{ id: 'p1', kind: 'file', label: 'src/cache.ts', chars: 2400 }],
        conversation: { id: 'c1', title: 'Caching', messages: conversation, totalUsage: { promptTokens: 3034, cachedPromptTokens: 2200, completionTokens: 468, reasoningTokens: 120, costUsd: 0.01294 } },
      }),
    );
    await chat.frames();
    await chat.page.locator('.composer-input').focus();
    await chat.page.screenshot({ path: path.join(OUTPUT, `conversation-${theme}.png`) });
    await chat.assertClean();
    await closePage(chat);
  });
}

test('screenshot: setup card, history, streaming (dark and light)', async () => {
  for (const theme of ['dark', 'light'] as ThemeName[]) {
    const chat = await openPage(browser, server, { theme }, { width: 440, height: 640 });
    await chat.post(snapshot({ hasKey: false }));
    await chat.page.screenshot({ path: path.join(OUTPUT, `setup-${theme}.png`) });

    await chat.post(snapshot({ messages: [userMessage('u1', 'Think hard about this')] }));
    await chat.post(
      { type: 'generating', generating: true },
      { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', model: 'grok-4.3', startedAt: Date.now() - 7000 }) },
      { type: 'delta', messageId: 'a1', reasoning: 'Considering the options: a Map, an LRU, or a WeakRef cache.\nThe Map is simplest.' },
    );
    await chat.frames();
    await chat.page.screenshot({ path: path.join(OUTPUT, `thinking-${theme}.png`) });

    await chat.post({
      type: 'delta',
      messageId: 'a1',
      answerStartedAt: Date.now(),
      text: 'Use a `Map` with a timestamp per entry:\n\n```ts\nconst cache = new Map<string, { value: Config; at: number }>();\n\nexport function get(key: string): Config | undefined {\n  const hit = cache.get(key);\n  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;\n',
    });
    await chat.frames();
    await chat.page.screenshot({ path: path.join(OUTPUT, `streaming-${theme}.png`) });

    await chat.post({ type: 'showHistory' });
    await chat.post({
      type: 'history',
      query: '',
      items: [
        { id: 'c1', title: 'Caching the config', updatedAt: Date.now(), messageCount: 6 },
        { id: 'c2', title: 'Why is the build slow?', updatedAt: Date.UTC(2026, 9, 2), messageCount: 12 },
        { id: 'c3', title: 'Regex for semver', updatedAt: Date.UTC(2026, 8, 14), messageCount: 2 },
      ],
    });
    await chat.page.locator('.history-item[data-id="c2"]').hover();
    await chat.page.getByRole('button', { name: 'Delete “Why is the build slow?”' }).click();
    await chat.page.screenshot({ path: path.join(OUTPUT, `history-${theme}.png`) });
    await chat.assertClean();
    await closePage(chat);
  }
});
