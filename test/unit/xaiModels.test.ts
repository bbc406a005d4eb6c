// Model lists (live, open ids, prices converted), the fallback to /models, /api-key and /tokenize-text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecording } from '../fake-xai/recorded';
import { XaiError } from '../../src/xai/errors';
import { apiKeyInfoFrom, modelsFromLanguageModels, pricesFrom } from '../../src/xai/models';
import { scriptedFetch, testClient } from './xaiTestUtil';

const JSON_HEADERS = { 'content-type': 'application/json' };
const LANGUAGE_MODELS = {
  models: [
    {
      id: 'grok-4-1-fast-non-reasoning',
      aliases: ['grok-4-1-fast-non-reasoning-latest'],
      input_modalities: ['text', 'image'],
      output_modalities: ['text'],
      prompt_text_token_price: 2000,
      cached_prompt_text_token_price: 500,
      prompt_image_token_price: 2000,
      completion_text_token_price: 5000,
      search_price: 250_000_000,
      created: 1763510400,
      owned_by: 'xai',
    },
    { id: 'grok-99-future', aliases: [], input_modalities: ['text'], output_modalities: ['text'] },
  ],
};

describe('model lists', () => {
  test('/language-models: cents per 100M tokens become $ per 1M (divide by 10,000); search price per source', () => {
    const models = modelsFromLanguageModels(LANGUAGE_MODELS);
    assert.deepEqual(models?.[0], {
      id: 'grok-4-1-fast-non-reasoning',
      aliases: ['grok-4-1-fast-non-reasoning-latest'],
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
      prices: { promptPerMillion: 0.2, cachedPromptPerMillion: 0.05, completionPerMillion: 0.5, imagePerMillion: 0.2, searchPerSource: 0.025 },
      ownedBy: 'xai',
      created: 1763510400,
    });
    // Ids are open strings: an unknown model is listed as the server names it.
    assert.equal(models?.[1].id, 'grok-99-future');
    assert.equal(models?.[1].prices, undefined);
  });

  test('pricesFrom reads the older cached price key too', () => {
    assert.deepEqual(pricesFrom({ cached_prompt_token_price: 750 }), { cachedPromptPerMillion: 0.075 });
  });

  test('listModels uses GET /language-models when it exists', async () => {
    const { fetch, calls } = scriptedFetch({ body: JSON.stringify(LANGUAGE_MODELS), headers: JSON_HEADERS });
    const { client } = testClient(fetch);
    const models = await client.listModels();
    assert.deepEqual(models.map((m) => m.id), ['grok-4-1-fast-non-reasoning', 'grok-99-future']);
    assert.deepEqual(calls.map((c) => [c.method, c.url]), [['GET', 'https://api.x.ai/v1/language-models']]);
    assert.equal(calls[0].headers['content-type'], undefined);
  });

  for (const status of [404, 405]) {
    test(`listModels falls back to GET /models (recording 19) when /language-models answers ${status}`, async () => {
      const { fetch, calls } = scriptedFetch(
        { status, body: JSON.stringify({ code: 'not-found', error: 'no route' }), headers: JSON_HEADERS },
        { body: readRecording('19'), headers: JSON_HEADERS },
      );
      const { client } = testClient(fetch);
      const models = await client.listModels();
      assert.equal(calls.length, 2);
      assert.equal(calls[1].url, 'https://api.x.ai/v1/models');
      assert.equal(models.length, 11);
      assert.deepEqual(models[0], { id: 'grok-2-1212', aliases: [], inputModalities: [], outputModalities: [], ownedBy: 'xai', created: 1737331200 });
      assert.equal(models[10].id, 'grok-2-image-1212');
    });
  }

  test('a compatible server answering something else than a model list also falls back', async () => {
    const { fetch, calls } = scriptedFetch(
      { status: 200, body: '{"object":"error"}', headers: JSON_HEADERS },
      { body: JSON.stringify({ object: 'list', data: [{ id: 'llama3', object: 'model', owned_by: 'library' }] }), headers: JSON_HEADERS },
    );
    const { client } = testClient(fetch, { baseUrl: 'http://localhost:11434/v1' });
    assert.deepEqual((await client.listModels()).map((m) => m.id), ['llama3']);
    assert.equal(calls.length, 2);
  });

  test('a refused key does not fall back: the error is the answer', async () => {
    const { fetch, calls } = scriptedFetch({ status: 400, body: readRecording('16'), headers: JSON_HEADERS });
    const { client } = testClient(fetch);
    await assert.rejects(client.listModels(), (e: unknown) => e instanceof XaiError && e.kind === 'badKey');
    assert.equal(calls.length, 1);
  });
});

describe('api key info and tokenizer', () => {
  test('apiKeyInfo maps GET /api-key', async () => {
    const body = {
      redacted_api_key: 'xai-...b14o',
      user_id: 'u1',
      name: 'my key',
      team_id: 't1',
      acls: ['api-key:model:*', 'api-key:endpoint:*'],
      api_key_id: 'k1',
      team_blocked: false,
      api_key_blocked: true,
      api_key_disabled: false,
    };
    const { fetch, calls } = scriptedFetch({ body: JSON.stringify(body), headers: JSON_HEADERS });
    const { client } = testClient(fetch);
    assert.deepEqual(await client.apiKeyInfo(), {
      name: 'my key',
      redactedKey: 'xai-...b14o',
      teamId: 't1',
      userId: 'u1',
      acls: ['api-key:model:*', 'api-key:endpoint:*'],
      blocked: true,
      disabled: false,
      teamBlocked: false,
    });
    assert.equal(calls[0].url, 'https://api.x.ai/v1/api-key');
    assert.deepEqual(apiKeyInfoFrom(null), { acls: [], blocked: false, disabled: false, teamBlocked: false });
  });

  test('tokenize posts {model, text} to /tokenize-text and counts the tokens', async () => {
    const body = { token_ids: [{ token_id: 13902, string_token: 'Hello', token_bytes: [72] }, { token_id: 11, string_token: ',', token_bytes: [44] }] };
    const { fetch, calls } = scriptedFetch({ body: JSON.stringify(body), headers: JSON_HEADERS });
    const { client } = testClient(fetch);
    assert.deepEqual(await client.tokenize('grok-4', 'Hello,'), { count: 2, tokenIds: [13902, 11] });
    assert.equal(calls[0].url, 'https://api.x.ai/v1/tokenize-text');
    assert.deepEqual(calls[0].body, { model: 'grok-4', text: 'Hello,' });
  });
});
