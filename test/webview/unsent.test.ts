// A question the host refuses (its model takes no images, an image too big or not a PNG/JPEG) comes back
// with `unsent`: the composer puts its text back (before anything typed since, on its own line) and its
// images back as thumbnails, with the caret in the box, so sending again is one Enter. Real Chromium.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttachedImage } from '../../src/protocol';
import { closePage, pasteImage, PNG, snapshot, useChatPages, type ChatPage } from './harness';

const pages = useChatPages();

const MODELS = [{ id: 'grok-vision', vision: true }];

const input = (chat: ChatPage) => chat.page.locator('.composer-input');
const thumbs = (chat: ChatPage) => chat.page.locator('.attached-images img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')));
const focused = (chat: ChatPage) => input(chat).evaluate((el) => el === document.activeElement);
const draft = (chat: ChatPage) => chat.page.evaluate(() => (window.__state as { draft?: string } | undefined)?.draft);

/** Types a question with two pasted images and sends it; returns what the page posted. */
async function sendWithImages(chat: ChatPage, text: string): Promise<{ text: string; images: AttachedImage[] }> {
  await pasteImage(chat, 'one.png');
  await pasteImage(chat, 'two.png');
  await input(chat).fill(text);
  await chat.clearPosted();
  await input(chat).press('Enter');
  const [send] = await chat.postedOf('send');
  assert.ok(send?.images?.length === 2, 'the question went with its images');
  return { text: send.text, images: send.images };
}

test('a refused question comes back into an empty box: the same text, the same images, the caret in the box; Enter sends it again', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ models: MODELS, model: 'grok-vision' }));
    const sent = await sendWithImages(chat, 'What is in these?\nBoth, please.');
    // Sent: the box and the thumbnails are cleared, and the caret is elsewhere (as after a click on the view).
    assert.equal(await input(chat).inputValue(), '');
    assert.deepEqual(await thumbs(chat), []);
    await chat.page.locator('.conversation').focus();

    await chat.post({ type: 'unsent', text: sent.text, images: sent.images });
    assert.equal(await input(chat).inputValue(), 'What is in these?\nBoth, please.');
    assert.deepEqual(await thumbs(chat), ['one.png', 'two.png']);
    assert.equal(await focused(chat), true);
    assert.equal(await draft(chat), 'What is in these?\nBoth, please.', 'the draft is saved: hiding the view keeps it');
    assert.equal(await chat.page.locator('.composer .send').isDisabled(), false);

    await chat.clearPosted();
    await input(chat).press('Enter');
    assert.deepEqual(await chat.postedOf('send'), [{ type: 'send', text: sent.text, images: sent.images }]);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('text typed since the refusal is kept: the refused text goes before it on its own line, its images before the new ones', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ models: MODELS, model: 'grok-vision' }));
    const sent = await sendWithImages(chat, 'First question');
    await input(chat).fill('and a follow-up');
    await pasteImage(chat, 'three.png');

    await chat.post({ type: 'unsent', text: sent.text, images: sent.images });
    assert.equal(await input(chat).inputValue(), 'First question\nand a follow-up');
    assert.deepEqual(await thumbs(chat), ['one.png', 'two.png', 'three.png']);
    assert.equal(await focused(chat), true);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('a queued question the host refuses when its turn comes is put back the same way', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ models: MODELS, model: 'grok-vision', generating: true }));
    await pasteImage(chat, 'one.png');
    await input(chat).fill('Queued with an image');
    await chat.clearPosted();
    await input(chat).press('Enter');
    assert.deepEqual(await chat.postedOf('send'), [], 'queued while the answer runs');
    assert.deepEqual(await chat.page.locator('.queued-text').allTextContents(), ['Queued with an image (+1 image)']);
    await input(chat).fill('typed meanwhile');

    await chat.post({ type: 'generating', generating: false });
    const [send] = await chat.postedOf('send');
    assert.equal(send.text, 'Queued with an image');
    assert.equal(await chat.page.locator('.queued-item').count(), 0);

    await chat.post({ type: 'unsent', text: send.text, images: send.images ?? [] });
    assert.equal(await input(chat).inputValue(), 'Queued with an image\ntyped meanwhile');
    assert.deepEqual(await thumbs(chat), ['one.png']);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('an unsent message with an image that is not a PNG or JPEG data: URL is ignored (nothing fetched, the box untouched)', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ models: MODELS, model: 'grok-vision' }));
    await input(chat).fill('mine');
    const bad = [{ name: 'x.png', mimeType: 'image/png', dataUrl: 'https://example.invalid/x.png' }] as AttachedImage[];
    await chat.post({ type: 'unsent', text: 'refused', images: bad });
    assert.equal(await input(chat).inputValue(), 'mine');
    assert.deepEqual(await thumbs(chat), []);
    await chat.post({ type: 'unsent', text: 'refused', images: [{ name: 'y.gif', mimeType: 'image/gif', dataUrl: 'data:image/gif;base64,R0lGOD' }] as unknown as AttachedImage[] });
    assert.equal(await input(chat).inputValue(), 'mine');
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('ten images back beside one attached since: nothing is sent or dropped, the composer says how many go with one message', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ models: MODELS, model: 'grok-vision' }));
    await pasteImage(chat, 'new.png');
    const ten = Array.from({ length: 10 }, (_, i) => ({ name: `back-${i + 1}.png`, mimeType: 'image/png' as const, dataUrl: PNG }));
    await chat.post({ type: 'unsent', text: 'Ten pictures', images: ten });
    await chat.clearPosted();
    await input(chat).press('Enter');
    assert.deepEqual(await chat.postedOf('send'), []);
    assert.equal(await chat.page.locator('.composer-hint').textContent(), 'At most 10 images go with one message.');
    assert.equal((await thumbs(chat)).length, 11);
    assert.equal(await input(chat).inputValue(), 'Ten pictures');
    // One removed: the rest go.
    await chat.page.getByRole('button', { name: 'Remove new.png' }).click();
    await input(chat).press('Enter');
    const [send] = await chat.postedOf('send');
    assert.equal(send.images?.length, 10);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});
