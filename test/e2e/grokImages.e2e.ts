// Images in and out of the chat in the real VS Code, against the fake xAI server:
//  - in: an image pasted into the input (a paste event carrying the image file, as the clipboard gives
//    it) and one attached with the attach button (the browser's file chooser). With a model that takes
//    no images the composer says which models do and keeps both; with one that does, both go to
//    /responses as input_image data URLs, are stored beside the conversation's file (not inside it),
//    and still show after a window reload;
//  - out: /imagine shows the generated image with Save As… (writes the file into the workspace) and
//    Copy (the image as a data: URL on the clipboard), and its cost.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { control, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { answerDone, ask, conversationIdByTitle, conversationsDir, deleteFromHistory, onResponsesApi, requestsTo, RESPONSES_ROUTE } from './grokChat';
import { harnessControl, setUserSettings, waitForNewHarness } from './hostSettings';
import { runFromPalette, waitForWorkbench } from './workbench';
import { openChatPanel } from './chat';
import { LANGUAGE_MODELS } from '../fake-xai/languageModels';
import { FAKE_IMAGE_PNG } from '../fake-xai/server';
import { drawPng } from './png';

const IMAGES_ROUTE = 'POST /v1/images/generations';

/** A 32×32 PNG of one colour: two different, valid images, big enough to see in a screenshot. */
function png(rgb: [number, number, number], size = 32): Buffer {
  return drawPng(size, size, () => rgb);
}

const RED = png([220, 30, 30]);
const BLUE = png([30, 30, 220]);
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

/** A paste into the chat input whose clipboard holds an image file, as the browser fires it. */
async function pasteImage(frame: Frame, name: string, bytes: Buffer): Promise<void> {
  await frame.locator('textarea.composer-input').click();
  await frame.evaluate(
    ({ name, b64 }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
      document.querySelector('textarea.composer-input')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name, b64: bytes.toString('base64') },
  );
}

/** The user message's images as the page shows them: their src and whether they decoded. */
async function shownImages(frame: Frame): Promise<Array<{ src: string; width: number }>> {
  return frame
    .locator('.messages article.message.user')
    .last()
    .locator('img.message-image')
    .evaluateAll((imgs) => imgs.map((img) => ({ src: (img as HTMLImageElement).src, width: (img as HTMLImageElement).naturalWidth })));
}

export const tests: E2eTest[] = [
  {
    name: 'Images in: pasted and attached; a model without image input keeps them and names the models that take images; sent as input_image, stored beside the conversation, shown after a reload',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      const question = 'Which colours are these two pictures?';
      await onResponsesApi(ctx, 'xai-grok-images-in-e2e-0010', async (start) => {
        let frame = start;
        // A model without image input (grok-3-mini in the server's list), chosen for this part only.
        const restoreModel = await setUserSettings(ctx, { 'grok.model': 'grok-3-mini' });
        let modelRestored = false;
        try {
          const picker = frame.locator('select#model-picker');
          await frame.locator('select#model-picker option[value="grok-3-mini"]').waitFor({ state: 'attached', timeout: 15_000 });
          await frame.waitForFunction(() => (document.querySelector('select#model-picker') as HTMLSelectElement | null)?.value === 'grok-3-mini', undefined, { timeout: 10_000 });

          await pasteImage(frame, 'red.png', RED);
          const attach = frame.getByRole('button', { name: 'Attach image (PNG or JPEG, up to 20 MiB)' });
          const chosen = page.waitForEvent('filechooser', { timeout: 10_000 });
          await attach.click();
          await (await chosen).setFiles({ name: 'blue.png', mimeType: 'image/png', buffer: BLUE });
          const thumbs = frame.locator('.attached-images figure.thumb');
          await thumbs.nth(1).waitFor({ state: 'visible', timeout: 10_000 });
          assert.equal(await thumbs.count(), 2);

          const input = frame.locator('textarea.composer-input');
          await input.pressSequentially(question);
          await input.press('Enter');
          const hint = frame.locator('.composer-hint');
          await hint.waitFor({ state: 'visible', timeout: 10_000 });
          const said = /^grok-3-mini does not take images\. Models that do: (.+)\. The images stay attached\.$/.exec(await hint.innerText());
          assert.ok(said, `the composer says ${JSON.stringify(await hint.innerText())}`);
          const able = said[1].split(', ');
          assert.ok(able.includes('grok-4-1-fast-non-reasoning') && able.includes('grok-4.3'), `models named as taking images: ${said[1]}`);
          assert.ok(!able.includes('grok-3-mini') && !able.includes('grok-code-fast-1'), `a model without image input is named as taking images: ${said[1]}`);
          await screenshot('grok-images-refused-by-model');
          assert.equal(await thumbs.count(), 2, 'the images did not stay attached');
          assert.equal(await input.inputValue(), question, 'the question did not stay in the input');
          assert.equal(await frame.locator('.messages article.message').count(), 0, 'something was sent');
          assert.equal((await requestsTo(fakeUrl, RESPONSES_ROUTE)).length, 0, 'the server was asked');

          // Back to the model in use (it takes images): the same two images go with the question.
          await restoreModel();
          modelRestored = true;
          await frame.waitForFunction(() => (document.querySelector('select#model-picker') as HTMLSelectElement | null)?.value !== 'grok-3-mini', undefined, { timeout: 10_000 });
          const model = await picker.inputValue();
          await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { responses: { text: 'One red, one blue.' } } });
          await input.press('Enter');
          await frame.locator('.messages article.message.assistant').first().waitFor({ state: 'attached', timeout: 15_000 });
          await answerDone(frame);
          assert.equal(await thumbs.count(), 0, 'the sent images are still attached');

          const [sent, ...more] = await requestsTo(fakeUrl, RESPONSES_ROUTE);
          assert.equal(more.length, 0);
          assert.equal(sent.json?.model, model);
          const user = sent.json?.input?.filter((i) => i.role === 'user').at(-1);
          const content = (user?.content ?? []) as Array<{ type: string; text?: string; image_url?: string }>;
          assert.deepEqual(
            content.map((c) => (c.type === 'input_image' ? `input_image ${c.image_url}` : `${c.type} ${c.text}`)),
            [`input_text ${question}`, `input_image ${dataUrl(RED)}`, `input_image ${dataUrl(BLUE)}`],
            'the question and both images, as input_image data URLs',
          );
          assert.deepEqual(await shownImages(frame), [
            { src: dataUrl(RED), width: 32 },
            { src: dataUrl(BLUE), width: 32 },
          ]);

          // Beside the conversation's file, not inside it.
          const id = conversationIdByTitle(ctx, question);
          assert.ok(id, `no saved conversation titled "${question}"`);
          const dir = conversationsDir(ctx);
          const json = readFileSync(path.join(dir, `${id}.json`), 'utf8');
          assert.ok(!json.includes(RED.toString('base64')) && !json.includes(BLUE.toString('base64')), 'the image bytes are inside the conversation file');
          const files = path.join(dir, `${id}.files`);
          const stored = readdirSync(files).map((f) => readFileSync(path.join(files, f)).toString('base64')).sort();
          assert.deepEqual(stored, [RED.toString('base64'), BLUE.toString('base64')].sort(), `the files beside the conversation: ${readdirSync(files).join(', ')}`);

          // A window reload: the conversation comes back with both images.
          const pid = harnessControl(ctx.harnessControlFile)?.pid;
          const loaded = page.waitForEvent('load', { timeout: 30_000 });
          await runFromPalette(page, 'Developer: Reload Window');
          await loaded;
          await waitForWorkbench(page);
          await waitForNewHarness(ctx, pid);
          frame = await openChatPanel(page);
          await frame.locator('.messages article.message.user img.message-image').nth(1).waitFor({ state: 'visible', timeout: 20_000 });
          await frame.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.messages article.message.user img.message-image')].every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 10_000 });
          assert.deepEqual(await shownImages(frame), [
            { src: dataUrl(RED), width: 32 },
            { src: dataUrl(BLUE), width: 32 },
          ]);
          await screenshot('grok-images-after-reload');

          // Leave nothing behind: History's Delete removes the conversation and its images.
          await deleteFromHistory(page, frame, id);
          // The page drops the row at once; the host deletes the file and its folder after it, allow it a moment on a busy machine.
          assert.ok(await waitUntil(async () => !existsSync(files), 5000), 'the images stayed after the conversation was deleted');
        } finally {
          if (!modelRestored) await restoreModel();
        }
      });
    },
  },
  {
    name: 'Images out: /imagine shows the generated image with its cost; Save As… writes it into the workspace, Copy puts it on the clipboard',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot, codeServerLog } = ctx;
      const workspace = path.join(path.dirname(path.dirname(codeServerLog)), 'workspace');
      // The server lists an image model (by its output modality; no id is hard-coded in the product).
      const imageModel = { ...LANGUAGE_MODELS[0], id: 'grok-imagine-image', aliases: [], created: 1_790_000_000, input_modalities: ['text'], output_modalities: ['image'] };
      let saved: string | undefined;
      try {
        await onResponsesApi(
          ctx,
          'xai-grok-imagine-e2e-0010',
          async (frame) => {
            await ask(frame, '/imagine a lighthouse at dusk');
            const answer = await answerDone(frame);
            const [sent, ...more] = await requestsTo(fakeUrl, IMAGES_ROUTE);
            assert.equal(more.length, 0);
            assert.equal(sent.json?.model, 'grok-imagine-image');
            assert.equal(sent.json?.prompt, 'a lighthouse at dusk');
            assert.equal(sent.json?.n, 1);

            const image = answer.locator('.image-part.generated img.message-image');
            await image.waitFor({ state: 'visible', timeout: 10_000 });
            assert.equal(await image.getAttribute('src'), dataUrl(FAKE_IMAGE_PNG));
            assert.equal(await image.getAttribute('alt'), 'Generated image: a lighthouse at dusk');
            // The cost the server billed: $0.02 an image.
            assert.match(await answer.locator('.usage').innerText(), /\$0\.0200$/);
            await screenshot('grok-imagine');

            // Save As…: VS Code's save dialog offers the workspace; accepting writes the image there.
            await answer.getByRole('button', { name: 'Save this image into the workspace' }).click();
            const box = page.locator('.quick-input-widget input.input');
            await box.waitFor({ state: 'visible', timeout: 10_000 });
            await page.waitForFunction(() => /a-lighthouse-at-dusk\.png$/.test((document.querySelector('.quick-input-widget input.input') as HTMLInputElement | null)?.value ?? ''), undefined, { timeout: 10_000 });
            saved = await box.inputValue();
            assert.equal(path.dirname(saved), workspace, `the save dialog offers ${saved}, not the workspace ${workspace}`);
            await page.keyboard.press('Enter');
            const written = await waitForFile(saved, 10_000);
            assert.ok(written, `Save As did not write ${saved}`);
            assert.deepEqual(readFileSync(saved), FAKE_IMAGE_PNG, 'the saved file is not the generated image');

            // Copy: the image, as a data: URL, on the clipboard.
            await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
            await page.evaluate(() => navigator.clipboard.writeText('before copy')).catch(() => {});
            await answer.getByRole('button', { name: 'Copy this image' }).click();
            let clipboard = '';
            const until = Date.now() + 10_000;
            while (Date.now() < until) {
              clipboard = await page.evaluate(() => navigator.clipboard.readText()).catch((e: Error) => `(could not read the clipboard: ${e.message})`);
              if (clipboard === dataUrl(FAKE_IMAGE_PNG)) break;
              await page.waitForTimeout(100);
            }
            assert.equal(clipboard, dataUrl(FAKE_IMAGE_PNG));

            // Regenerate makes the image again with the same prompt: image generation, not the chat model.
            await answer.getByRole('button', { name: 'Regenerate this answer' }).click();
            assert.ok(await waitUntil(async () => (await requestsTo(fakeUrl, IMAGES_ROUTE)).length === 2, 15_000), 'Regenerate did not ask for the image again');
            assert.equal((await requestsTo(fakeUrl, IMAGES_ROUTE))[1].json?.prompt, 'a lighthouse at dusk');
            assert.deepEqual(await requestsTo(fakeUrl, RESPONSES_ROUTE), [], 'Regenerate asked the chat model');
            const again = (await answerDone(frame)).locator('.image-part.generated img.message-image');
            await again.waitFor({ state: 'visible', timeout: 10_000 });
            assert.equal(await frame.locator('.messages article.message.assistant').count(), 1, 'the new image replaces the answer');

            const id = conversationIdByTitle(ctx, '/imagine a lighthouse at dusk');
            assert.ok(id, 'the /imagine conversation was not saved');
            await deleteFromHistory(page, frame, id);
          },
          { prepare: () => control(fakeUrl, '/default', { route: 'GET /v1/language-models', reply: { json: { models: [...LANGUAGE_MODELS, imageModel] } } }).then(() => undefined) },
        );
      } finally {
        if (saved) rmSync(saved, { force: true });
      }
    },
  },
];

async function waitForFile(file: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(file) && readFileSync(file).length > 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
