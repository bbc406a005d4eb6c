import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCatalog, modelOptions, newestChatModel } from '../../src/platform/modelCatalog';
import { imageModelFor } from '../../src/chat/imageModels';
import type { ModelInfo } from '../../src/xai/types';

const models: ModelInfo[] = [
  {
    id: 'grok-4',
    aliases: ['grok-4-latest'],
    inputModalities: ['text', 'image'],
    outputModalities: ['text'],
    prices: { promptPerMillion: 3, completionPerMillion: 15 },
    contextWindow: 256_000,
  },
  { id: 'grok-4-fast-reasoning', aliases: [], inputModalities: ['text'], outputModalities: ['text'] },
  { id: 'grok-2-image-1212', aliases: [], inputModalities: ['text'], outputModalities: ['image'] },
  { id: 'grok-imagine-video', aliases: [], inputModalities: [], outputModalities: [] },
];

test('picker options: text models with context and prices; the configured model is always there', () => {
  const options = modelOptions(models, 'grok-4');
  assert.deepEqual(options, [
    // Efforts are offered until the model refuses one (the chat remembers that and drops the picker).
    { id: 'grok-4', contextWindow: 256_000, promptPrice: 3, completionPrice: 15, vision: true, reasoningEfforts: ['low', 'medium', 'high'] },
    { id: 'grok-4-fast-reasoning', vision: false, reasoning: true, reasoningEfforts: ['low', 'medium', 'high'] },
  ]);
  assert.deepEqual(modelOptions(models, 'my-local-model')[0], { id: 'my-local-model' });
  assert.deepEqual(modelOptions(undefined, 'grok-4'), [{ id: 'grok-4' }]);
});

test('prices by id or alias; one request for concurrent refreshes; invalidate forgets', async () => {
  let loads = 0;
  const catalog = new ModelCatalog(async () => {
    loads++;
    await new Promise((r) => setTimeout(r, 10));
    return models;
  });
  assert.equal(catalog.prices('grok-4'), undefined);
  await Promise.all([catalog.refresh(), catalog.refresh(), catalog.refresh()]);
  assert.equal(loads, 1);
  assert.deepEqual(catalog.prices('grok-4-latest'), { promptPerMillion: 3, completionPerMillion: 15 });
  await catalog.refresh();
  assert.equal(loads, 1, 'cached within the TTL');
  await catalog.refresh(true);
  assert.equal(loads, 2);
  catalog.invalidate();
  assert.equal(catalog.models, undefined);
});

test('a list that arrives after invalidate() (key or server changed meanwhile) is not cached', async () => {
  let release: (m: ModelInfo[]) => void = () => undefined;
  const catalog = new ModelCatalog(() => new Promise((r) => (release = r)));
  const pending = catalog.refresh();
  catalog.invalidate();
  release(models);
  await pending;
  assert.equal(catalog.models, undefined);
});

test('default model: the newest general Grok chat model the server lists; image, code and non-Grok models are not offered', () => {
  const m = (id: string, created?: number, output = ['text']): ModelInfo => ({ id, aliases: [], inputModalities: ['text'], outputModalities: output, ...(created ? { created } : {}) });
  const listed = [
    m('grok-4-1-fast-non-reasoning', 1_760_000_000),
    m('grok-4.3', 1_770_000_000),
    m('grok-imagine-image', 1_790_000_000, ['image']),
    m('grok-code-fast-2', 1_790_000_000),
    m('llama-9', 1_799_000_000),
    m('grok-4.7', 1_780_000_000),
  ];
  assert.equal(newestChatModel(listed), 'grok-4.7');
  // /models gives no dates: the version in the name decides.
  assert.equal(newestChatModel(listed.map(({ created: _c, ...rest }) => ({ ...rest, outputModalities: [] }))), 'grok-4.7');
  assert.equal(newestChatModel([m('grok-imagine-image', 1, ['image'])]), undefined);
  assert.equal(newestChatModel(undefined), undefined);
  assert.equal(imageModelFor(listed), 'grok-imagine-image');
  assert.equal(imageModelFor([m('grok-4.3')]), undefined);
});
