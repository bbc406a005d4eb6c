import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCatalog, modelOptions } from '../../src/platform/modelCatalog';
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
