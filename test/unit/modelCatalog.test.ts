import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCatalog, modelFamily, modelOptions, newestChatModel } from '../../src/platform/modelCatalog';
import { imageModelFor } from '../../src/chat/imageModels';
import type { ModelInfo } from '../../src/xai/types';
import { modelsFromLanguageModels } from '../../src/xai/models';
import { LANGUAGE_MODELS } from '../fake-xai/languageModels';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
    { id: 'grok-4', family: 'Grok 4', contextWindow: 256_000, promptPrice: 3, completionPrice: 15, vision: true, reasoningEfforts: ['low', 'medium', 'high'] },
    { id: 'grok-4-fast-reasoning', family: 'Grok 4', vision: false, reasoning: true, reasoningEfforts: ['low', 'medium', 'high'] },
  ]);
  assert.deepEqual(modelOptions(models, 'my-local-model')[0], { id: 'my-local-model', family: 'Other models' });
  assert.deepEqual(modelOptions(undefined, 'grok-4'), [{ id: 'grok-4', family: 'Grok 4' }]);
});

test('picker groups: by family, from the id', () => {
  const cases: [string, string][] = [
    ['grok-4-1-fast-non-reasoning', 'Grok 4.1'],
    ['grok-4.3', 'Grok 4.3'],
    ['grok-4-0709', 'Grok 4'],
    ['grok-3-mini', 'Grok 3'],
    ['grok-code-fast-1', 'Grok Code'],
    ['grok-2-1212', 'Grok 2'],
    ['llama3:8b', 'Other models'],
  ];
  for (const [id, family] of cases) assert.equal(modelFamily(id), family, id);
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

test('listeners hear when the list loads or is forgotten, not when a cached or stale list comes back', async () => {
  let release: (m: ModelInfo[]) => void = () => undefined;
  const catalog = new ModelCatalog(() => new Promise((r) => (release = r)));
  const heard: (string | undefined)[] = [];
  const listening = catalog.onDidChange(() => heard.push(newestChatModel(catalog.models)));
  const first = catalog.refresh();
  release(models);
  await first;
  await catalog.refresh();
  assert.deepEqual(heard, ['grok-4'], 'one change: the list arrived (the cached answer is no change)');
  const stale = catalog.refresh(true);
  catalog.invalidate();
  release(models);
  await stale;
  assert.deepEqual(heard, ['grok-4', undefined], 'invalidate() is a change; the stale list that arrives after it is not');
  listening.dispose();
  catalog.invalidate();
  assert.equal(heard.length, 2, 'a disposed listener hears nothing');
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

test("xAI's model list has no context window: the picker shows none, and the README promises none for it", () => {
  const options = modelOptions(modelsFromLanguageModels({ models: LANGUAGE_MODELS }), 'grok-4.3');
  assert.ok(options.length >= 3);
  assert.deepEqual(options.filter((o) => o.contextWindow !== undefined), []);
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const picker = readme.split('\n').filter((l) => /model picker/i.test(l)).join('\n');
  assert.ok(picker, 'the README describes the model picker');
  assert.doesNotMatch(readme, /live list from the server with context window/i, 'the README promises a context window for every model');
  assert.match(readme, /context window\s+only where the server lists one/i);
});
