// The parts of an answer besides its text, in real Chromium under the real CSP: live search and code
// cards updated in place, numbered citation markers linked to a Sources list that opens through the
// host, card text that stays text, image thumbnails from host-built data: URLs, and the composer's toggles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistantMessage, closePage, pasteImage, PNG, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();
// A 1x1 PNG.

test('search cards appear while Grok searches, update in place, then the answer shows numbered markers and Sources', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ messages: [userMessage('u1', 'VS Code news?')], generating: true }));
    await chat.post({ type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', startedAt: Date.now() }) });
    await chat.post({ type: 'part', messageId: 'a1', part: { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'in_progress' } });
    await chat.post({ type: 'part', messageId: 'a1', part: { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'searching', query: 'vscode release notes' } });
    await chat.post({ type: 'part', messageId: 'a1', part: { type: 'serverTool', id: 'xs_1', kind: 'x_search', status: 'in_progress', query: 'from:code' } });
    const cards = chat.page.locator('[data-message-id="a1"] .tool-card');
    assert.equal(await cards.count(), 2, 'one card per call, updated in place');
    assert.match((await cards.nth(0).textContent()) ?? '', /Searching the web: vscode release notes/);
    assert.match((await cards.nth(1).textContent()) ?? '', /Searching X: from:code/);

    await chat.post({ type: 'part', messageId: 'a1', part: { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'completed', query: 'vscode release notes' } });
    await chat.post({ type: 'delta', messageId: 'a1', text: 'The May release [[1]](https://code.visualstudio.com/updates) adds chat; the team said so [[2]](https://x.com/code/status/123).' });
    await chat.post({
      type: 'part',
      messageId: 'a1',
      part: { type: 'citations', sources: [{ url: 'https://code.visualstudio.com/updates', title: 'VS Code updates' }, { url: 'https://x.com/code/status/123' }] },
    });
    await chat.post({ type: 'messageDone', messageId: 'a1', status: 'done' });
    await chat.frames();
    assert.equal(await cards.nth(0).textContent(), '✓Searched the web: vscode release notes');
    assert.match((await cards.nth(1).textContent()) ?? '', /^!Searched X \(interrupted\): from:code$/, 'a call still running when the answer ended says so');

    const markers = chat.page.locator('[data-message-id="a1"] .markdown-body .citation-marker');
    assert.deepEqual(await markers.allTextContents(), ['[1]', '[2]']);
    assert.equal(await markers.nth(0).getAttribute('aria-label'), 'Source 1: VS Code updates');
    const sources = chat.page.locator('[data-message-id="a1"] .sources li');
    assert.deepEqual(await sources.allTextContents(), ['[1] VS Code updates · code.visualstudio.com', '[2] @code']);

    // Both a marker and a source open through the host, which checks the URL again.
    await chat.clearPosted();
    await markers.nth(1).click();
    await sources.nth(0).locator('.source-link').click();
    assert.deepEqual((await chat.postedOf('openLink')).map((m) => m.href), ['https://x.com/code/status/123', 'https://code.visualstudio.com/updates']);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('card text, queries, code, output and source titles are shown as text, never as markup', async () => {
  const chat = await pages.open();
  try {
    const evil = '<img src=x onerror="window.__pwned.push(1)"><b>bold</b>';
    await chat.post(
      snapshot({
        messages: [
          userMessage('u1', 'run it'),
          assistantMessage('a1', 'Done [1](javascript:alert(1)).', {
            parts: [
              { type: 'serverTool', id: 'ci_1', kind: 'code_execution', status: 'completed', code: `print("${evil}")`, output: evil },
              { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'completed', query: evil },
              { type: 'citations', sources: [{ url: 'javascript:alert(1)', title: evil }, { url: 'https://ok.example/', title: evil }] },
            ],
          }),
        ],
      }),
    );
    await chat.frames();
    const message = chat.page.locator('[data-message-id="a1"]');
    assert.equal(await message.locator('img, b').count(), 0, 'nothing became an element');
    const card = message.locator('.tool-card[data-tool="code_execution"]');
    await card.locator('summary').click();
    assert.equal(await card.locator('.tool-card-output').textContent(), evil);
    assert.match((await message.locator('.tool-card[data-tool="web_search"]').textContent()) ?? '', /Searched the web: <img src=x/);
    // A source that is not http(s) is not a link at all.
    assert.equal(await message.locator('.sources li').nth(0).locator('a').count(), 0);
    assert.equal(await message.locator('.citation-marker').count(), 0, 'a javascript: link is never made a marker');
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('images: attached ones show as thumbnails in the sent message; generated ones with Save As and Copy', async () => {
  const chat = await pages.open();
  try {
    await chat.post(
      snapshot({
        messages: [
          userMessage('u1', 'What is this?', { parts: [{ type: 'image', id: 'img1', origin: 'attached', mimeType: 'image/png', bytes: 70, name: 'dot.png', dataUrl: PNG }] }),
          assistantMessage('a1', '', { parts: [{ type: 'image', id: 'img2', origin: 'generated', mimeType: 'image/png', bytes: 70, prompt: 'a dot', dataUrl: PNG }] }),
          // A remote URL in a data URL's place is never loaded.
          assistantMessage('a2', '', { parts: [{ type: 'image', id: 'img3', origin: 'generated', mimeType: 'image/png', bytes: 70, dataUrl: 'https://example.invalid/x.png' }] }),
        ],
      }),
    );
    await chat.frames();
    const sent = chat.page.locator('[data-message-id="u1"] img.message-image');
    assert.equal(await sent.getAttribute('alt'), 'Attached image: dot.png');
    assert.ok(await sent.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1), 'the thumbnail loaded under the CSP');
    const generated = chat.page.locator('[data-message-id="a1"]');
    assert.equal(await generated.locator('img.message-image').count(), 1);
    await chat.clearPosted();
    await generated.getByRole('button', { name: 'Save this image into the workspace' }).click();
    await generated.getByRole('button', { name: 'Copy this image' }).click();
    assert.deepEqual(await chat.posted(), [
      { type: 'saveImage', messageId: 'a1', imageId: 'img2' },
      { type: 'copyImage', messageId: 'a1', imageId: 'img2' },
    ]);
    assert.equal(await chat.page.locator('[data-message-id="a2"] img').count(), 0);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('composer: the search toggles post the conversation options; a pasted image goes with the message; /imagine asks for images', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ models: [{ id: 'grok-vision', vision: true }, { id: 'grok-text', vision: false }], model: 'grok-vision', options: { xSearch: true } }));
    const web = chat.page.getByRole('button', { name: 'Web search' });
    assert.equal(await chat.page.getByRole('button', { name: 'X search' }).getAttribute('aria-pressed'), 'true');
    await chat.clearPosted();
    await web.click();
    assert.equal(await web.getAttribute('aria-pressed'), 'true');
    // On Chat Completions the toggles keep their state but cannot be used.
    await chat.post({ type: 'options', options: { xSearch: true, webSearch: true }, serverTools: false });
    assert.equal(await web.isDisabled(), true);
    assert.match((await web.getAttribute('title')) ?? '', /needs the Responses API/);
    await chat.post({ type: 'options', options: { xSearch: true, webSearch: true }, serverTools: true });
    assert.equal(await web.isEnabled(), true);
    assert.deepEqual(await chat.postedOf('setOptions'), [{ type: 'setOptions', options: { xSearch: true, webSearch: true } }]);

    // Paste a PNG into the input.
    await pasteImage(chat, 'shot.png');
    await chat.page.locator('.composer-input').fill('What is this?');
    await chat.clearPosted();
    await chat.page.locator('.composer-input').press('Enter');
    const [send] = await chat.postedOf('send');
    assert.equal(send.text, 'What is this?');
    assert.deepEqual(send.images, [{ name: 'shot.png', mimeType: 'image/png', dataUrl: PNG }]);
    assert.equal(await chat.page.locator('.attached-images img').count(), 0, 'sent images leave the composer');

    await chat.page.locator('.composer-input').fill('/imagine a lighthouse at dusk');
    await chat.page.locator('.composer-input').press('Enter');
    assert.deepEqual(await chat.postedOf('imagine'), [{ type: 'imagine', prompt: 'a lighthouse at dusk' }]);
  } finally {
    await closePage(chat);
  }
});

test('composer: a model without vision keeps the image and says which models take images', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ models: [{ id: 'grok-vision', vision: true }, { id: 'grok-text', vision: false }], model: 'grok-text' }));
    await pasteImage(chat, 'shot.png');
    await chat.page.locator('.composer-input').fill('What is this?');
    await chat.clearPosted();
    await chat.page.locator('.composer-input').press('Enter');
    assert.deepEqual(await chat.postedOf('send'), []);
    assert.match((await chat.page.locator('.composer-hint').textContent()) ?? '', /grok-text does not take images\. Models that do: grok-vision\./);
    assert.equal(await chat.page.locator('.attached-images img').count(), 1, 'the image is kept');
    assert.equal(await chat.page.locator('.composer-input').inputValue(), 'What is this?', 'the text is kept');
  } finally {
    await closePage(chat);
  }
});
