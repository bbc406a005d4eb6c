// The status bar item in the real VS Code: it names the model in use and this window's spend; an answer
// whose usage carries the server's cost figure adds to that spend; while the answer streams the item
// spins and a click on it stops the answer; the setting hides it. With grok.model empty it names the
// model requests really go to: the newest chat model the server lists.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CHAT_ROUTE, control, openChatPanel, setKeyFromPalette, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { setUserSettings } from './hostSettings';
import { runFromPalette } from './workbench';

const MODEL = 'grok-4-1-fast-non-reasoning';
/** xAI counts money in ticks: 1e10 ticks = $1, so 1.2e9 ticks is $0.12. */
const COST_TICKS = 1_200_000_000;

function item(page: Page) {
  // By its id (<extension id>.<item id>): the editor commands' own item also reads "Grok: …".
  return page.locator('.part.statusbar [id="grok-vscode.grok-vscode.grok.status"]');
}

/**
 * The spend the item shows, in dollars. "<$0.0001" (the spend of earlier tests can be that small, in
 * whatever order they ran) reads as $0.00005, the middle of what it can be: a sum read against it is then
 * off by at most $0.00005, as a rounded figure is.
 */
async function spendShown(page: Page): Promise<number> {
  const text = (await item(page).innerText()).trim();
  const m = /^Grok: (\S+) · (<?)\$([0-9.]+)$/.exec(text.replace(/\s+/g, ' '));
  assert.ok(m, `the status bar item reads ${JSON.stringify(text)}`);
  return m[2] ? 0.00005 : Number(m[3]);
}

/** The item names `model`, then the spend in any of its forms ("$0.12", "$0.00", "<$0.0001"). */
function namesModel(text: string, model: string): boolean {
  return text.startsWith(`Grok: ${model} · $`) || text.startsWith(`Grok: ${model} · <$`);
}

/**
 * Preferences: Open Settings (UI), the Grok status bar setting, its checkbox clicked until it shows `on`,
 * then the Settings editor closed. (A click while the search results still render can land on the row
 * being replaced and change nothing: the box is read back, not assumed.)
 */
async function setStatusBarSetting(page: Page, on: boolean): Promise<void> {
  await runFromPalette(page, 'Preferences: Open Settings (UI)');
  const editor = page.locator('.settings-editor');
  await editor.waitFor({ state: 'visible', timeout: 10_000 });
  // The search box has focus; replace whatever an earlier search left in it.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('grok.statusBar.enabled');
  await editor.locator('.setting-item-contents', { hasText: 'Status Bar: Enabled' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const checkbox = editor.locator('.setting-item-bool .setting-value-checkbox').first();
  const shows = async () => (await checkbox.getAttribute('aria-checked')) === String(on);
  for (let attempt = 0; attempt < 3 && !(await shows()); attempt++) {
    await checkbox.click();
    await waitUntil(shows, 2_000);
  }
  assert.ok(await shows(), `the Settings editor does not show grok.statusBar.enabled ${on ? 'ticked' : 'unticked'}`);
  // The editor writes the setting a moment after the click, and closing it first dropped the write (the
  // box showed ticked, settings.json kept false): close it only once the item has followed.
  await item(page).waitFor({ state: on ? 'visible' : 'detached', timeout: 10_000 });
  await runFromPalette(page, 'View: Close Editor');
}

/** A /language-models entry in xAI's shape (no context window: xAI's list has none). */
function listedModel(id: string, created: number): object {
  return {
    id,
    fingerprint: 'fp_status_bar_e2e',
    created,
    object: 'model',
    owned_by: 'xai',
    version: '1.0',
    input_modalities: ['text'],
    output_modalities: ['text'],
    prompt_text_token_price: 2000,
    cached_prompt_text_token_price: 500,
    prompt_image_token_price: 0,
    completion_text_token_price: 5000,
    aliases: [],
  };
}

function usageChunk(ticks: number): object {
  return {
    id: 'status-bar-e2e',
    object: 'chat.completion.chunk',
    created: 1772541411,
    model: MODEL,
    choices: [],
    usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15, num_sources_used: 0, cost_in_usd_ticks: ticks },
  };
}

export const tests: E2eTest[] = [
  {
    name: 'the status bar shows the model and the spend, adds an answer\'s cost, spins while answering and stops on a click',
    phase: 'afterReload',
    async run({ page, fakeUrl, screenshot }) {
      await control(fakeUrl, '/reset');
      let hidden = false;
      try {
        await setKeyFromPalette(page, 'xai-status-bar-e2e-0014');
        await item(page).waitFor({ state: 'visible', timeout: 10_000 });
        assert.match((await item(page).innerText()).replace(/\s+/g, ' '), new RegExp(`Grok: ${MODEL.replace(/\./g, '\\.')} · \\$`));
        const before = await spendShown(page);

        // An answer whose usage says what it cost: the item adds exactly that.
        await control(fakeUrl, '/enqueue', {
          route: CHAT_ROUTE,
          reply: { events: [textChunk('Twelve cents.'), { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }, usageChunk(COST_TICKS)] },
        });
        const frame = await openChatPanel(page);
        const input = frame.locator('textarea.composer-input');
        await input.pressSequentially('What does this cost?');
        await input.press('Enter');
        await frame.locator('.messages article.message.assistant .markdown-body', { hasText: 'Twelve cents.' }).last().waitFor({ state: 'visible', timeout: 15_000 });
        const added = await waitUntil(async () => Math.abs((await spendShown(page)) - before - 0.12) <= 0.00005 + 1e-9, 10_000);
        assert.ok(added, `the spend went from $${before} to $${await spendShown(page)}, not up by $0.12`);
        await screenshot('status-bar-spend');

        // A slow answer: the item spins; a click on it stops the answer.
        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { longStream: { events: 400 }, chunking: { kind: 'events' }, chunkDelayMs: 50 } });
        await input.pressSequentially('Take your time.');
        await input.press('Enter');
        await item(page).locator('.codicon-loading').waitFor({ state: 'visible', timeout: 10_000 });
        await item(page).click();
        await frame.locator('.messages article.message.assistant .stopped-badge').last().waitFor({ state: 'visible', timeout: 10_000 });
        await item(page).locator('.codicon-loading').waitFor({ state: 'detached', timeout: 10_000 });

        // grok.statusBar.enabled, unticked in the Settings editor, hides it; ticked again, it is back.
        hidden = true;
        await setStatusBarSetting(page, false);
        await item(page).waitFor({ state: 'detached', timeout: 10_000 });
        await setStatusBarSetting(page, true);
        hidden = false;
        await item(page).waitFor({ state: 'visible', timeout: 10_000 });
      } finally {
        // Left as the other suites expect it: the item shown, no Settings editor open.
        if (hidden) await setStatusBarSetting(page, true).catch(() => undefined);
        await control(fakeUrl, '/reset');
      }
    },
  },
  {
    name: 'with grok.model empty the status bar names the newest chat model the server lists, and follows the setting back',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl } = ctx;
      await control(fakeUrl, '/reset');
      // A list whose newest general chat model no code could know: the item can only have it from the server.
      const NEWEST = 'grok-9-status-bar-e2e';
      const models = [listedModel(MODEL, 1_763_510_400), listedModel(NEWEST, 1_790_000_000), listedModel('grok-code-fast-9', 1_795_000_000)];
      await control(fakeUrl, '/default', { route: 'GET /v1/language-models', reply: { json: { models } } });
      let restore: (() => Promise<void>) | undefined;
      try {
        // A new key makes the extension load the list again.
        await setKeyFromPalette(page, 'xai-status-bar-e2e-0015');
        await item(page).waitFor({ state: 'visible', timeout: 10_000 });
        const reads = async () => (await item(page).innerText()).replace(/\s+/g, ' ').trim();
        assert.ok(await waitUntil(async () => namesModel(await reads(), MODEL), 10_000), `with grok.model set the item reads ${JSON.stringify(await reads())}`);

        // The setting changed through VS Code's configuration service, as the Settings editor does. (This
        // code-server opens Settings as a modal editor whose text box did not write an emptied value.)
        restore = await setUserSettings(ctx, { 'grok.model': null });
        const newest = await waitUntil(async () => namesModel(await reads(), NEWEST), 10_000);
        assert.ok(newest, `with grok.model empty the item reads ${JSON.stringify(await reads())}, not the newest listed chat model ${NEWEST}`);

        await restore();
        restore = undefined;
        const back = await waitUntil(async () => namesModel(await reads(), MODEL), 10_000);
        assert.ok(back, `grok.model set back, the item reads ${JSON.stringify(await reads())}`);
      } finally {
        // The other suites expect the runner's grok.model.
        await restore?.().catch(() => undefined);
        await control(fakeUrl, '/reset');
      }
    },
  },
];
