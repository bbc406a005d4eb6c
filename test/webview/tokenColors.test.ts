// Code in the chat takes the colour theme's token colours once the host sends them: the page sets them
// as CSS custom properties through the CSSOM (no CSP violation), accepts hex colours only, and a later
// theme's colours replace the earlier ones; without them the stylesheet's own colours stay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostMessage } from '../../src/protocol';
import { assistantMessage, type ChatPage, closePage, snapshot, useChatPages } from './harness';

const pages = useChatPages();

const CODE = '```ts\nconst greeting = "hello"; // say it\n```';

/** The computed colour of the first highlight.js span with this class in the answer. */
function colorOf(chat: ChatPage, hljsClass: string): Promise<string> {
  return chat.page.locator(`[data-message-id="a1"] .${hljsClass}`).first().evaluate((el) => getComputedStyle(el).color);
}

const tokenColors = (colors: Record<string, unknown>) => ({ type: 'tokenColors', colors }) as HostMessage;

async function openWithCode(): Promise<ChatPage> {
  const chat = await pages.open({ theme: 'dark' });
  await chat.post(snapshot({ messages: [assistantMessage('a1', `Here:\n\n${CODE}\n`)] }));
  await chat.frames();
  assert.equal(await chat.page.locator('[data-message-id="a1"] .hljs-keyword').first().textContent(), 'const');
  return chat;
}

test('the theme colours reach the code: keyword, string and comment change colour', async () => {
  const chat = await openWithCode();
  const before = { keyword: await colorOf(chat, 'hljs-keyword'), string: await colorOf(chat, 'hljs-string'), comment: await colorOf(chat, 'hljs-comment') };

  // (Colours that read on the dark code background: fainter ones are raised, see codeContrast.test.ts.)
  await chat.post(tokenColors({ keyword: '#ff7b72', string: '#A5D6FF', comment: '#c8d1dbcc' }));
  assert.equal(await colorOf(chat, 'hljs-keyword'), 'rgb(255, 123, 114)');
  assert.equal(await colorOf(chat, 'hljs-string'), 'rgb(165, 214, 255)');
  assert.equal(await colorOf(chat, 'hljs-comment'), 'rgba(200, 209, 219, 0.8)');
  for (const [cls, color] of Object.entries(before)) assert.notEqual(await colorOf(chat, `hljs-${cls}`), color, `${cls} kept its stylesheet colour`);

  // Code rendered later (a new answer, a new snapshot) is coloured the same way.
  await chat.post(snapshot({ messages: [assistantMessage('a1', `Again:\n\n${CODE}\n`)] }));
  await chat.frames();
  assert.equal(await colorOf(chat, 'hljs-keyword'), 'rgb(255, 123, 114)');

  // The next theme leaves out the string colour: strings go back to the stylesheet's.
  await chat.post(tokenColors({ keyword: '#8888ff' }));
  assert.equal(await colorOf(chat, 'hljs-keyword'), 'rgb(136, 136, 255)');
  assert.equal(await colorOf(chat, 'hljs-string'), before.string);
  await chat.assertClean();
  await closePage(chat);
});

test('a colour that is not hex, or a key of the wrong shape, is ignored', async () => {
  const chat = await openWithCode();
  const fallback = await colorOf(chat, 'hljs-keyword');
  await chat.post(tokenColors({ keyword: '#ff8080' }));
  assert.equal(await colorOf(chat, 'hljs-keyword'), 'rgb(255, 128, 128)');

  await chat.post(
    tokenColors({
      keyword: 'rgb(1, 2, 3)',
      string: 'red; background: url(http://127.0.0.1:9/leak)',
      comment: 'var(--vscode-errorForeground)',
      'keyword;color': '#00ff00',
      '--x': '#00ff00',
      number: 12,
    }),
  );
  assert.equal(await colorOf(chat, 'hljs-keyword'), fallback, 'the non-hex keyword colour was not applied and the old one was dropped');
  // What is set is the page's own contrast fixes (hex, known keys), none of the input.
  const set = await chat.page.evaluate(() => {
    const style = document.documentElement.style;
    return Array.from({ length: style.length }, (_, i) => style.item(i))
      .filter((p) => p.startsWith('--grok-token-'))
      .map((p) => [p, style.getPropertyValue(p)]);
  });
  for (const [name, value] of set) {
    assert.match(value, /^#[0-9a-f]{6}$/, `${name}: ${value}`);
    assert.match(name, /^--grok-token-[a-z-]+$/);
    assert.ok(!['--grok-token-keyword;color', '--grok-token---x', '--grok-token-number'].includes(name), name);
  }
  // Not an object at all: the message is dropped before it reaches the page.
  await chat.post({ type: 'tokenColors', colors: '#ff0000' } as unknown as HostMessage);
  assert.equal(await colorOf(chat, 'hljs-keyword'), fallback);
  await chat.assertClean();
  assert.equal(chat.server.requests.filter((r) => r.includes('leak')).length, 0);
  await closePage(chat);
});
