// collectStream: one ChatResult from a stream, partial text kept on error and cancel; and usage mapping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../src/xai/types';
import { collectStream } from '../../src/xai/collect';
import { usageFromChat, usageFromResponses } from '../../src/xai/usage';

async function* from(events: StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const event of events) yield event;
}

describe('collectStream', () => {
  test('assembles text, reasoning, tool calls in index order, citations once, usage, model, id, finish', async () => {
    const usage = { promptTokens: 1, cachedPromptTokens: 0, completionTokens: 2, reasoningTokens: 3, imageTokens: 0, totalTokens: 6, numSourcesUsed: 0 };
    const call = (id: string) => ({ id, type: 'function' as const, function: { name: id, arguments: '{}' } });
    const result = await collectStream(
      from([
        { type: 'start', id: 'r1', model: 'grok-3-mini-high' },
        { type: 'thinking' },
        { type: 'reasoning', delta: 'Think' },
        { type: 'reasoning', delta: 'ing.' },
        { type: 'serverTool', tool: 'web_search', status: 'searching', id: 'ws_1' },
        { type: 'serverTool', tool: 'x_search', status: 'in_progress', id: 'xs_1', name: 'x_keyword_search' },
        { type: 'serverTool', tool: 'web_search', status: 'completed', id: 'ws_1', detail: 'ruby' },
        { type: 'retry', attempt: 2, delayMs: 10, reason: 'rateLimited', status: 429 },
        { type: 'outputItem', item: { type: 'web_search_call', id: 'ws_1', status: 'completed' } },
        { type: 'text', delta: 'Hello' },
        { type: 'text', delta: ', world' },
        { type: 'toolCall', index: 1, call: call('b') },
        { type: 'toolCall', index: 0, call: call('a') },
        { type: 'citation', citation: { url: 'https://a/' } },
        { type: 'citation', citation: { url: 'https://a/' } },
        { type: 'usage', usage },
        { type: 'finish', reason: 'tool_calls' },
      ]),
    );
    assert.deepEqual(result, {
      id: 'r1',
      model: 'grok-3-mini-high',
      text: 'Hello, world',
      reasoning: 'Thinking.',
      toolCalls: [call('a'), call('b')],
      citations: [{ url: 'https://a/' }],
      usage,
      finishReason: 'tool_calls',
      // The last state of each call, in the order the calls started.
      serverTools: [
        { tool: 'web_search', status: 'completed', id: 'ws_1', detail: 'ruby' },
        { tool: 'x_search', status: 'in_progress', id: 'xs_1', name: 'x_keyword_search' },
      ],
      outputItems: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }],
    });
  });

  test('keeps partial text on error and marks cancel as finishReason "cancelled"', async () => {
    const failed = await collectStream(from([{ type: 'text', delta: 'part' }, { type: 'error', error: { kind: 'network', message: 'closed' } }]));
    assert.equal(failed.text, 'part');
    assert.equal(failed.finishReason, 'error');
    assert.equal(failed.error?.kind, 'network');
    const cancelled = await collectStream(from([{ type: 'text', delta: 'part' }, { type: 'error', error: { kind: 'cancelled', message: 'The request was cancelled.' } }]));
    assert.equal(cancelled.text, 'part');
    assert.equal(cancelled.finishReason, 'cancelled');
  });

  test('an iterable that throws still gives a result with the partial text', async () => {
    async function* broken(): AsyncGenerator<StreamEvent> {
      yield { type: 'text', delta: 'so far' };
      throw new Error('boom');
    }
    const result = await collectStream(broken());
    assert.equal(result.text, 'so far');
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'malformed');
  });
});

describe('usage mapping', () => {
  test('chat: reasoning outside completion (xAI), cached clamped, ticks and sources kept', () => {
    assert.deepEqual(
      usageFromChat({
        prompt_tokens: 137,
        completion_tokens: 7,
        total_tokens: 270,
        prompt_tokens_details: { cached_tokens: 200, image_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 126 },
        num_sources_used: 3,
        cost_in_usd_ticks: 3693500,
      }),
      { promptTokens: 137, cachedPromptTokens: 137, completionTokens: 7, reasoningTokens: 126, imageTokens: 0, totalTokens: 270, numSourcesUsed: 3, costInUsdTicks: 3693500 },
    );
  });

  test('chat: an OpenAI-style server that counts reasoning inside completion is normalised', () => {
    const usage = usageFromChat({ prompt_tokens: 10, completion_tokens: 50, total_tokens: 60, completion_tokens_details: { reasoning_tokens: 40 } });
    assert.equal(usage?.completionTokens, 10);
    assert.equal(usage?.reasoningTokens, 40);
    assert.equal(usage?.totalTokens, 60);
  });

  test('responses: output_tokens includes reasoning; completion excludes it', () => {
    const usage = usageFromResponses({ input_tokens: 199, input_tokens_details: { cached_tokens: 128 }, output_tokens: 160, output_tokens_details: { reasoning_tokens: 152 }, total_tokens: 359 });
    assert.equal(usage?.completionTokens, 8);
    assert.equal(usage?.reasoningTokens, 152);
    assert.equal(usage?.totalTokens, 359);
    assert.equal(usageFromResponses(null), undefined);
  });
});
