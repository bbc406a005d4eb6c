// The model picker entries the provider offers: the server's text models with their real limits and
// capabilities; image generators left out; no per-id guesses where the server says nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayName, MAX_TOOLS, toModelInformation, UNKNOWN_CONTEXT_TOKENS, UNKNOWN_OUTPUT_TOKENS } from '../../src/lm/lmModels';
import { modelsFromLanguageModels, modelsFromModelList } from '../../src/xai/models';
import { LANGUAGE_MODELS } from '../fake-xai/languageModels';
import { readRecording } from '../fake-xai/recorded';

test('every text model of /language-models is offered with image input from its modalities and tool calling', () => {
  const models = modelsFromLanguageModels({ models: LANGUAGE_MODELS })!;
  const info = toModelInformation(models, 0);
  assert.deepEqual(info.map((m) => m.id), LANGUAGE_MODELS.map((m) => m.id));
  const vision = info.find((m) => m.id === 'grok-4-1-fast-non-reasoning')!;
  const textOnly = info.find((m) => m.id === 'grok-code-fast-1')!;
  assert.equal(vision.capabilities.imageInput, true);
  assert.equal(textOnly.capabilities.imageInput, false);
  assert.equal(vision.capabilities.toolCalling, MAX_TOOLS);
  assert.equal(vision.detail, '$0.2 / $0.5 per 1M');
  assert.equal(vision.name, 'Grok 4.1 Fast Non Reasoning');
});

test('the context window the server reports is the input limit; grok.maxOutputTokens is the output limit when set', () => {
  const models = modelsFromLanguageModels({ models: [{ ...LANGUAGE_MODELS[0], max_prompt_length: 1_000_000 }] })!;
  const [info] = toModelInformation(models, 4096);
  assert.equal(info.maxInputTokens, 1_000_000);
  assert.equal(info.maxOutputTokens, 4096);
  assert.match(info.tooltip, /context window 1,000,000 tokens/);
});

test('without a reported window every model gets the same documented budget, and the tooltip says so', () => {
  const models = modelsFromLanguageModels({ models: LANGUAGE_MODELS })!;
  for (const info of toModelInformation(models, 0)) {
    assert.equal(info.maxInputTokens, UNKNOWN_CONTEXT_TOKENS, info.id);
    assert.equal(info.maxOutputTokens, UNKNOWN_OUTPUT_TOKENS, info.id);
    assert.match(info.tooltip, /not reported/);
  }
});

test('image and video generators are not offered, whether the list says so by modality or only by name', () => {
  const imageModel = { ...LANGUAGE_MODELS[0], id: 'grok-imagine-image', input_modalities: ['text'], output_modalities: ['image'] };
  const fromRich = toModelInformation(modelsFromLanguageModels({ models: [imageModel, LANGUAGE_MODELS[1]] })!, 0);
  assert.deepEqual(fromRich.map((m) => m.id), [LANGUAGE_MODELS[1].id]);
  const list = modelsFromModelList(JSON.parse(readRecording('19').toString('utf8')))!;
  const offered = toModelInformation([...list, { id: 'grok-imagine-video', aliases: [], inputModalities: [], outputModalities: [] }], 0).map((m) => m.id);
  assert.ok(offered.length > 0);
  assert.ok(!offered.some((id) => /imagine|image-gen/.test(id)), offered.join(', '));
});

test('display names read like the product, and unfamiliar ids are shown as they are', () => {
  assert.equal(displayName('grok-4.3'), 'Grok 4.3');
  assert.equal(displayName('grok-4-0709'), 'Grok 4 0709');
  assert.equal(displayName('grok-3-mini'), 'Grok 3 Mini');
  assert.equal(displayName('grok-code-fast-1'), 'grok-code-fast-1');
  assert.equal(displayName('llama3:8b'), 'llama3:8b');
});
