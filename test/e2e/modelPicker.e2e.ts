// The chat's model picker end to end: the server's live list (/v1/language-models, with context windows
// and prices) shows in the panel's picker; picking a model saves grok.model in the user's settings, and
// the next question is sent with it.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHAT_ROUTE, chatRequests, control, openChatPanel, setKeyFromPalette, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';

const MODELS_ROUTE = 'GET /v1/language-models';
const CURRENT = 'grok-4-1-fast-non-reasoning';
const PICKED = 'grok-picker-e2e-1';

/** A /language-models entry in xAI's shape; prices in USD cents per 100M tokens. */
function languageModel(id: string, contextWindow: number, prompt: number, completion: number): object {
  return {
    id,
    fingerprint: 'fp_picker_e2e',
    created: 1772541411,
    object: 'model',
    owned_by: 'xai',
    version: '1.0',
    input_modalities: ['text'],
    output_modalities: ['text'],
    prompt_text_token_price: prompt,
    cached_prompt_text_token_price: prompt / 4,
    prompt_image_token_price: 0,
    completion_text_token_price: completion,
    search_price: 250000000,
    aliases: [],
    max_prompt_length: contextWindow,
  };
}

export const tests: E2eTest[] = [
  {
    name: 'the model picker lists the server\'s models with context window and price; picking one saves grok.model and the next question uses it',
    phase: 'afterReload',
    async run({ page, fakeUrl, userDataDir }) {
      await control(fakeUrl, '/reset');
      const models = [languageModel(CURRENT, 2_000_000, 2000, 5000), languageModel(PICKED, 131_072, 30000, 150000)];
      await control(fakeUrl, '/default', { route: MODELS_ROUTE, reply: { json: { models } } });
      try {
        // A new key makes the chat load the list again.
        await setKeyFromPalette(page, 'xai-model-picker-e2e-0013');
        const frame = await openChatPanel(page);
        const picker = frame.locator('select#model-picker');
        const option = picker.locator(`option[value="${PICKED}"]`);
        await option.waitFor({ state: 'attached', timeout: 15_000 });
        assert.deepEqual(
          (await picker.locator('option').allInnerTexts()).map((t) => t.trim()),
          [`${CURRENT} · 2M · $0.20/$0.50`, `${PICKED} · 131K · $3/$15`],
          'the picker does not show the server\'s list with context windows and prices',
        );
        assert.equal(await picker.inputValue(), CURRENT, 'the picker does not show the model in use');

        // Pick, as a user does.
        await picker.selectOption(PICKED);
        const settingsFile = path.join(userDataDir, 'User', 'settings.json');
        const saved = await waitUntil(async () => userSetting(settingsFile, 'grok.model') === PICKED, 10_000);
        assert.ok(saved, `grok.model in the user's settings is ${JSON.stringify(userSetting(settingsFile, 'grok.model'))}`);

        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [textChunk('Picked.'), { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }] } });
        const input = frame.locator('textarea.composer-input');
        await input.pressSequentially('Which model are you?');
        await input.press('Enter');
        await frame.locator('.messages article.message.assistant .markdown-body', { hasText: 'Picked.' }).last().waitFor({ state: 'visible', timeout: 15_000 });
        const [request] = await chatRequests(fakeUrl);
        assert.equal((request?.json as { model?: string } | undefined)?.model, PICKED, 'the question was not sent with the picked model');

        // Back to the model the other suites expect, through the picker again.
        await picker.selectOption(CURRENT);
        assert.ok(await waitUntil(async () => userSetting(settingsFile, 'grok.model') === CURRENT, 10_000), 'picking the first model again did not save it');
      } finally {
        await control(fakeUrl, '/reset');
      }
    },
  },
];

/** A value from the user's settings.json as VS Code wrote it (plain JSON: the runner writes the file). */
function userSetting(file: string, key: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
