// Cost from usage and prices, and how it is shown.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecording } from '../fake-xai/recorded';
import type { Usage } from '../../src/xai/types';
import { costUsd, formatUsd, TICKS_PER_USD } from '../../src/xai/cost';
import { usageFromChat } from '../../src/xai/usage';

const base: Usage = {
  promptTokens: 1_000_000,
  cachedPromptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  imageTokens: 0,
  totalTokens: 1_000_000,
  numSourcesUsed: 0,
};
const prices = { promptPerMillion: 0.2, cachedPromptPerMillion: 0.05, completionPerMillion: 0.5, imagePerMillion: 0.4, searchPerSource: 0.025 };

function close(actual: number | undefined, expected: number) {
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);
}

describe('costUsd', () => {
  test('recording 01: 129000 ticks = $0.0000129, and the server figure wins over prices', () => {
    const usage = usageFromChat((JSON.parse(readRecording('02').toString('utf8')) as { usage: unknown }).usage);
    assert.ok(usage);
    assert.equal(TICKS_PER_USD, 1e10);
    close(costUsd(usage), 0.0000129);
    close(costUsd(usage, { promptPerMillion: 1000, completionPerMillion: 1000 }), 0.0000129);
    assert.equal(formatUsd(costUsd(usage) ?? 0), '<$0.0001');
  });

  test('prompt minus cached at the prompt price, cached at the cached price', () => {
    close(costUsd({ ...base, cachedPromptTokens: 400_000 }, prices), 0.6 * 0.2 + 0.4 * 0.05);
  });

  test('cached falls back to the prompt price when the model has none', () => {
    close(costUsd({ ...base, cachedPromptTokens: 400_000 }, { promptPerMillion: 0.2, completionPerMillion: 0.5 }), 0.2);
  });

  test('completion and reasoning both at the completion price', () => {
    close(costUsd({ ...base, promptTokens: 0, completionTokens: 1_000_000, reasoningTokens: 2_000_000 }, prices), 1.5);
  });

  test('image tokens at the image price when given, else as prompt tokens', () => {
    close(costUsd({ ...base, imageTokens: 250_000 }, prices), 0.75 * 0.2 + 0.25 * 0.4);
    close(costUsd({ ...base, imageTokens: 250_000 }, { promptPerMillion: 0.2, completionPerMillion: 0.5 }), 0.2);
  });

  test('sources at the search price', () => {
    close(costUsd({ ...base, promptTokens: 0, numSourcesUsed: 4 }, prices), 0.1);
  });

  test('cached tokens above prompt tokens (recording 11) are clamped', () => {
    const usage = usageFromChat((JSON.parse(readRecording('11').toString('utf8')) as { usage: unknown }).usage);
    assert.equal(usage?.cachedPromptTokens, 560);
    assert.ok(usage);
    const { costInUsdTicks: _, ...estimate } = usage;
    close(costUsd(estimate, prices), (560 * 0.05 + 37 * 0.5) / 1e6);
  });

  test('unknown without the server figure and without prompt and completion prices', () => {
    assert.equal(costUsd(base), undefined);
    assert.equal(costUsd(base, { promptPerMillion: 0.2 }), undefined);
  });
});

describe('formatUsd', () => {
  test('cents exactly, four places below a dollar, a floor for dust', () => {
    assert.equal(formatUsd(0.0129), '$0.0129');
    assert.equal(formatUsd(1.23), '$1.23');
    assert.equal(formatUsd(1.234), '$1.23');
    assert.equal(formatUsd(12), '$12.00');
    assert.equal(formatUsd(0.5), '$0.50');
    assert.equal(formatUsd(0.05), '$0.05');
    assert.equal(formatUsd(0.0001), '$0.0001');
    assert.equal(formatUsd(0.00001), '<$0.0001');
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(0.99999), '$1.00');
  });
});
