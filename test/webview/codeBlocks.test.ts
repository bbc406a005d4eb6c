// Code-block actions post the fence's exact text: backticks, <tags>, entities, unicode, tabs, blank
// lines and trailing spaces all survive, and the language goes along for "Open in new file".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistantMessage, chunk, type ChatPage, closePage, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();

const blocks: { fence: string; code: string; language?: string }[] = [
  {
    // A fence inside a longer fence: the "apply truncates at a triple backtick" bug of other extensions.
    fence: '````markdown\nUse ```js fences``` like this:\n```js\nconsole.log(`tpl ${x}`);\n```\n````',
    code: 'Use ```js fences``` like this:\n```js\nconsole.log(`tpl ${x}`);\n```',
    language: 'markdown',
  },
  {
    fence: '```html\n<div class="a" onclick="x()">&amp; &lt;b&gt; <script>alert(1)</script></div>\n<!-- comment -->\n```',
    code: '<div class="a" onclick="x()">&amp; &lt;b&gt; <script>alert(1)</script></div>\n<!-- comment -->',
    language: 'html',
  },
  {
    fence: "```py\nprint('héllo wörld — 你好 🚀 \\u00e9')\n\tif x:  \n\t\treturn  \"q\"\n```",
    code: "print('héllo wörld — 你好 🚀 \\u00e9')\n\tif x:  \n\t\treturn  \"q\"",
    language: 'python',
  },
  {
    fence: '~~~\n\n  leading blank line, trailing spaces  \n\n~~~',
    code: '\n  leading blank line, trailing spaces  \n',
  },
  {
    fence: '```ts\nconst re = /\\\\`$/; // a backslash and a backtick\n```',
    code: 'const re = /\\\\`$/; // a backslash and a backtick',
    language: 'typescript',
  },
];

const answer = blocks.map((b, i) => `Block ${i}:\n\n${b.fence}\n`).join('\n');

async function checkActions(chat: ChatPage, messageId: string) {
  const codeBlocks = chat.page.locator(`[data-message-id="${messageId}"] .code-block`);
  assert.equal(await codeBlocks.count(), blocks.length);
  for (const [i, b] of blocks.entries()) {
    await chat.clearPosted();
    const block = codeBlocks.nth(i);
    await block.getByRole('button', { name: 'Copy code' }).click();
    await block.getByRole('button', { name: 'Insert code at cursor' }).click();
    await block.getByRole('button', { name: 'Replace selection with code' }).click();
    await block.getByRole('button', { name: 'Open code in new file' }).click();
    const expectedOpen = b.language ? { type: 'openInNewFile', code: b.code, language: b.language } : { type: 'openInNewFile', code: b.code };
    assert.deepEqual(await chat.posted(), [
      { type: 'copyCode', code: b.code },
      { type: 'insertCode', code: b.code },
      { type: 'replaceSelection', code: b.code },
      expectedOpen,
    ], `block ${i}`);
  }
}

test('code-block buttons post the exact code (one-shot render)', async () => {
  const chat = await pages.open();
  await chat.post(snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a1', answer)] }));
  await checkActions(chat, 'a1');
  // "Copy" says so, briefly: a tick and the tooltip "Copied"; the accessible name stays.
  const copy = chat.page.locator('.code-block').first().getByRole('button', { name: 'Copy code' });
  await copy.click();
  assert.equal(await copy.getAttribute('title'), 'Copied');
  assert.equal(await copy.locator('svg.icon-check').count(), 1);
  await chat.page.waitForFunction(() => document.querySelector('.code-block button[data-code-action="copyCode"]')?.getAttribute('title') === 'Copy code', undefined, { timeout: 5000 });
  await chat.assertClean();
  await closePage(chat);
});

test('code-block buttons post the exact code (streamed render)', async () => {
  const chat = await pages.open();
  await chat.post(snapshot({ messages: [userMessage('u1', 'q')] }), {
    type: 'messageAdded',
    message: assistantMessage('a1', '', { status: 'streaming' }),
  });
  for (const t of chunk(answer, 4, 9)) await chat.post({ type: 'delta', messageId: 'a1', text: t });
  await chat.frames();
  await checkActions(chat, 'a1');
  await chat.post({ type: 'messageDone', messageId: 'a1', status: 'done' });
  await checkActions(chat, 'a1');
  await chat.assertClean();
  await closePage(chat);
});

test('a code block that is still streaming keeps its buttons: a click mid-stream is not lost to a rebuild', async () => {
  const chat = await pages.open();
  await chat.post(snapshot({ messages: [userMessage('u1', 'q')] }), {
    type: 'messageAdded',
    message: assistantMessage('a1', '', { status: 'streaming' }),
  });
  const send = async (text: string) => {
    for (const t of chunk(text, 3, 5)) await chat.post({ type: 'delta', messageId: 'a1', text: t });
    await chat.frames();
  };
  const copy = chat.page.locator('[data-message-id="a1"] .code-block').getByRole('button', { name: 'Copy code' });
  await send('Here is the loop:\n\n```ts\nfor (const x of xs) {\n');
  await copy.evaluate((b) => {
    (window as unknown as { __copy: Element }).__copy = b;
  });
  const same = () => copy.evaluate((b) => b === (window as unknown as { __copy: Element }).__copy);

  // The block grows over many frames; the button is the same element throughout.
  await send('  total += x;\n  count++;\n');
  assert.ok(await same(), 'the Copy button was rebuilt while the block streamed');
  // Press and release with frames rendering in between: the click still lands on the button.
  await copy.focus();
  const box = (await copy.boundingBox())!;
  await chat.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await chat.page.mouse.down();
  await send('  log(x);\n');
  await chat.page.mouse.up();
  assert.deepEqual(await chat.postedOf('copyCode'), [{ type: 'copyCode', code: 'for (const x of xs) {\n  total += x;\n  count++;\n  log(x);' }]);
  assert.ok(await copy.evaluate((b) => b === document.activeElement), 'focus stays on the button');

  // The fence closes and later text freezes the block: still the same button, and the same after the end.
  await send('}\n```\n\nThat adds them up.\n\nAnd counts them.\n');
  assert.ok(await same(), 'the Copy button was rebuilt when the block froze');
  await chat.post({ type: 'messageDone', messageId: 'a1', status: 'done' });
  assert.ok(await same(), 'the Copy button was rebuilt when the stream ended');
  await chat.assertClean();
  await closePage(chat);
});

test('code is highlighted with theme colours', async () => {
  const chat = await pages.open({ theme: 'light' });
  await chat.post(snapshot({ messages: [assistantMessage('a1', '```ts\nconst x: number = 42; // answer\n```')] }));
  const colours = await chat.page.evaluate(() => {
    const pick = (sel: string) => getComputedStyle(document.querySelector(sel)!).color;
    return { keyword: pick('.hljs-keyword'), number: pick('.hljs-number'), comment: pick('.hljs-comment') };
  });
  // --vscode-debugTokenExpression-boolean and descriptionForeground of the light theme; its -number
  // (#098658, 4.1:1 on the code background) darkened to 4.5:1 (codeContrast.ts).
  assert.deepEqual(colours, { keyword: 'rgb(0, 0, 255)', number: 'rgb(8, 121, 79)', comment: 'rgb(59, 59, 59)' });
  await closePage(chat);
});
