// A question with images that the host refuses loses nothing: the page gets the same text and images
// back (`unsent`), a notice says why, and nothing is kept (no image file, no message). Real image files
// in a temporary folder; the model list as the server's /language-models describes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeImages, type ImageIntake } from '../../src/chat/attachedImages';
import { ImageFiles } from '../../src/conversation/imageFiles';
import { addUserMessage, newConversation } from '../../src/conversation/conversation';
import type { AttachedImage, HostMessage } from '../../src/protocol';
import type { ModelInfo } from '../../src/xai/types';
import { useTranslator } from '../../src/platform/localise';
import { english } from '../../src/shared/localise';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
// A GIF that says it is a PNG: the bytes decide.
const GIF = 'data:image/png;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
const MODELS: ModelInfo[] = [
  { id: 'grok-text', aliases: [], inputModalities: ['text'], outputModalities: ['text'] },
  { id: 'grok-vision', aliases: ['grok-v'], inputModalities: ['text', 'image'], outputModalities: ['text'] },
];

/** The controller's send, as it does it: images first; a message only when they were taken. */
async function send(text: string, attached: AttachedImage[], model: string, models: { list: ModelInfo[] | undefined } = { list: MODELS }) {
  const dir = mkdtempSync(join(tmpdir(), 'grok-images-'));
  const files = new ImageFiles((id) => join(dir, `${id}.files`));
  const conv = newConversation();
  const posted: HostMessage[] = [];
  const notices: string[] = [];
  const intake: ImageIntake = {
    model,
    models: models.list,
    store: (bytes, name) => files.add(conv.id, bytes, { origin: 'attached', name }),
    notice: (m) => notices.push(m),
    post: (m) => posted.push(m),
  };
  const images = await takeImages(text, attached, intake);
  if (images) addUserMessage(conv, text, [], undefined, images);
  const written = existsSync(join(dir, `${conv.id}.files`)) ? readdirSync(join(dir, `${conv.id}.files`)) : [];
  rmSync(dir, { recursive: true, force: true });
  return { images, posted, notices, messages: conv.messages, written };
}

const attached = (...urls: string[]): AttachedImage[] => urls.map((dataUrl, i) => ({ name: `shot-${i + 1}.png`, mimeType: 'image/png', dataUrl }));

test('a model that takes no images: the question goes back to the page whole, with a notice naming the models that do', async () => {
  const images = attached(PNG, PNG);
  const r = await send('What is in these?\nBoth, please.', images, 'grok-text');
  assert.equal(r.images, undefined);
  assert.deepEqual(r.posted, [{ type: 'unsent', text: 'What is in these?\nBoth, please.', images }]);
  assert.deepEqual(r.notices, ['grok-text does not take images. Models that do: grok-vision. Choose one of them to send the image.']);
  assert.deepEqual(r.messages, [], 'no message is added');
  assert.deepEqual(r.written, [], 'no image is written');
});

test('one image that is not a PNG or JPEG: nothing is kept, not even the good image before it', async () => {
  const images = attached(PNG, GIF);
  const r = await send('Compare', images, 'grok-vision');
  assert.equal(r.images, undefined);
  assert.deepEqual(r.posted, [{ type: 'unsent', text: 'Compare', images }]);
  assert.deepEqual(r.notices, ['shot-2.png is not a PNG or JPEG image. Nothing was sent.']);
  assert.deepEqual(r.messages, []);
  assert.deepEqual(r.written, [], 'the first image is not written either');
});

test('an image over 20 MiB: the question comes back with a notice giving its size', async () => {
  const big = Buffer.alloc(20 * 1024 * 1024 + 1);
  Buffer.from(PNG.split(',')[1], 'base64').copy(big);
  const images: AttachedImage[] = [{ name: 'huge.png', mimeType: 'image/png', dataUrl: `data:image/png;base64,${big.toString('base64')}` }];
  const r = await send('', images, 'grok-v');
  assert.deepEqual(r.posted, [{ type: 'unsent', text: '', images }]);
  assert.deepEqual(r.notices, ['huge.png is 20.0 MiB; images can be at most 20 MiB. Nothing was sent.']);
  assert.deepEqual(r.messages, []);
  assert.deepEqual(r.written, []);
});

test('accepted images are stored and the message is added; nothing goes back to the page', async () => {
  const r = await send('What is this?', attached(PNG, PNG), 'grok-v');
  assert.equal(r.images?.length, 2);
  assert.deepEqual(r.posted, []);
  assert.deepEqual(r.notices, []);
  assert.equal(r.messages.length, 1);
  assert.equal(r.written.length, 2);
  // A model the list does not describe (or no list yet): the server decides.
  assert.equal((await send('x', attached(PNG), 'grok-unknown')).images?.length, 1);
  assert.equal((await send('x', attached(PNG), 'grok-text', { list: undefined })).images?.length, 1);
});

test('the refusal notices are in the user\'s language, the file name as it is', async () => {
  const pseudo = (message: string, ...args: Array<string | number | boolean>) => `⟦${message.replace(/[a-z]/gi, (c) => `${c}\u0301`)}⟧`.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  useTranslator(pseudo);
  try {
    const notices = [
      ...(await send('x', attached(PNG), 'grok-text')).notices,
      ...(await send('x', attached(GIF), 'grok-vision')).notices,
      ...(await send('x', [{ name: '', mimeType: 'image/png', dataUrl: GIF }], 'grok-vision')).notices,
    ];
    assert.equal(notices.length, 3);
    for (const n of notices) {
      const left = n.replace(/[A-Za-z]\u0301/g, '').replace(/⟦|⟧/g, '').replace(/grok-text|grok-vision|shot-1\.png/g, '').replace(/[^A-Za-z]+/g, ' ').trim();
      assert.equal(left, '', n);
    }
  } finally {
    useTranslator(english);
  }
});
