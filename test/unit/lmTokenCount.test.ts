// Token counts for the provider: exact from POST /tokenize-text, cached, and estimated when the server
// cannot answer, without asking again for every count.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FakeXai } from '../fake-xai/server';
import { startFakeXai, xaiError } from '../fake-xai/server';
import { XaiClient } from '../../src/xai/client';
import { estimateTokens, TokenCounter } from '../../src/lm/tokenCounter';

let fake: FakeXai;
before(async () => {
  fake = await startFakeXai();
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const client = () => new XaiClient({ baseUrl: fake.url, apiKey: async () => 'xai-count', retry: { maxRetries: 0 } });

test('counts come from the server and the same text is asked for once', async () => {
  const counter = new TokenCounter(client);
  assert.equal(await counter.count('grok-4.3', 'one two three four'), 4);
  assert.equal(await counter.count('grok-4.3', 'one two three four'), 4);
  assert.equal(fake.requests.filter((r) => r.route === 'POST /v1/tokenize-text').length, 1);
  assert.deepEqual(fake.requests[0].json, { model: 'grok-4.3', text: 'one two three four' });
  assert.equal(await counter.count('grok-4.3', ''), 0);
});

test('offline: an estimate, and no new request for a minute; reset() asks again', async () => {
  let now = 0;
  const offline = new XaiClient({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: async () => 'k', retry: { maxRetries: 0 } });
  const counter = new TokenCounter(() => offline, () => now);
  const text = 'a'.repeat(40);
  assert.equal(await counter.count('m', text), estimateTokens(text));
  let asked = 0;
  const counting = new TokenCounter(() => {
    asked++;
    return offline;
  }, () => now);
  await counting.count('m', 'first');
  now += 30_000;
  assert.equal(await counting.count('m', 'second text'), estimateTokens('second text'));
  assert.equal(asked, 1);
  counting.reset();
  await counting.count('m', 'third');
  assert.equal(asked, 2);
});

test('a server without /tokenize-text gets estimates too', async () => {
  fake.enqueue('POST /v1/tokenize-text', xaiError(404, 'not-found', 'no route'));
  const counter = new TokenCounter(client);
  assert.equal(await counter.count('m', 'twelve chars'), 3);
});
