// The agent loop over the real wire: the real client against the loopback fake server replaying xAI's
// recorded tool-call answers (chat completions 07-13 and 40-45, Responses 34), split at random bytes.
// The recordings call tools named weather, dice_roll, add, ... so the loop is given tools of those names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeXai, type FakeXai } from '../fake-xai/server';
import { XaiClient } from '../../src/xai/client';
import { collectStream } from '../../src/xai/collect';
import type { ChatResult } from '../../src/xai/types';
import { runAgentLoop } from '../../src/agent/agentLoop';
import type { StreamFunction } from '../../src/agent/agentTypes';
import type { AgentTool } from '../../src/agent/tools/toolTypes';
import { KEY } from './xaiTestUtil';
import { tempWorkspace, toolContext } from './agentToolHelpers';

let fake: FakeXai;
let client: XaiClient;
before(async () => {
  fake = await startFakeXai();
  client = new XaiClient({ baseUrl: fake.url, apiKey: async () => KEY, retry: { maxRetries: 0 } });
});
after(() => fake.close());

const executed: string[] = [];
function recordedTool(name: string): AgentTool {
  return {
    name,
    description: `${name} (test)`,
    readOnly: true,
    parameters: { type: 'object', properties: {} },
    async prepare(args) {
      return {
        summary: name,
        async execute() {
          executed.push(`${name} ${JSON.stringify(args)}`);
          return { ok: true, output: `${name} result for ${JSON.stringify(args)}` };
        },
      };
    },
  };
}
const TOOLS = ['weather', 'best_language_to_learn', 'dice_roll', 'add', 'multiply', 'Book'].map(recordedTool);

const send: StreamFunction = (r, signal) => (r.api === 'chat' ? client.streamChat(r.request, { signal }) : client.streamResponses(r.request, { signal }));

/** What the client makes of one recording on its own: the expected calls, text and cost. */
async function expected(route: string, recorded: string): Promise<ChatResult> {
  fake.enqueue(route, { recorded });
  const result = route.endsWith('responses')
    ? await collectStream(client.streamResponses({ model: 'm', input: 'x' }))
    : await collectStream(client.streamChat({ model: 'm', messages: [{ role: 'user', content: 'x' }] }));
  fake.reset();
  return result;
}

const CASES: Array<[api: 'chat' | 'responses', first: string, second: string]> = [
  ['chat', '07', '08'],
  ['chat', '09', '08'],
  ['chat', '10', '11'],
  ['chat', '12', '02'],
  ['chat', '13', '11'],
  ['chat', '40', '41'],
  ['chat', '42', '43'],
  ['chat', '44', '41'],
  ['chat', '45', '43'],
  ['responses', '34', '21'],
];

for (const [api, first, second] of CASES) {
  test(`${api}: recorded tool call ${first}, results sent back, recorded answer ${second}`, async () => {
    const route = api === 'chat' ? 'POST /v1/chat/completions' : 'POST /v1/responses';
    const calls = (await expected(route, first)).toolCalls;
    const final = await expected(route, second);
    const firstCost = (await expected(route, first)).usage?.costInUsdTicks ?? 0;
    assert.ok(calls.length > 0, `recording ${first} has tool calls`);
    executed.length = 0;
    fake.enqueue(route, { recorded: first, chunking: { kind: 'random', seed: Number(first) } }, { recorded: second, chunking: { kind: 'random', seed: Number(second) } });
    const ctx = toolContext(tempWorkspace({}));
    const outcome = await runAgentLoop({
      taskId: ctx.taskId,
      api,
      model: 'grok-test',
      instructions: 'Use the tools.',
      input: [{ role: 'user', content: 'What is the weather?' }],
      mode: 'agent',
      ctx,
      send,
      tools: TOOLS,
      approve: async () => ({ approved: true }),
      limits: { maxSteps: 50, maxCostUsd: 1 },
      onLimit: async () => false,
      signal: new AbortController().signal,
    });
    assert.equal(outcome.reason, 'done', outcome.error?.message);
    assert.equal(outcome.steps, 2);
    assert.equal(outcome.text, final.text);
    assert.equal(executed.length, calls.length, 'every recorded call ran once');
    assert.ok(Math.abs(outcome.costUsd - (firstCost + (final.usage?.costInUsdTicks ?? 0)) / 1e10) < 1e-12, 'billed cost of both requests');

    assert.equal(fake.requests.length, 2);
    const [one, two] = fake.requests.map((r) => r.json as Record<string, unknown>);
    const key = api === 'chat' ? 'messages' : 'input';
    const a = JSON.stringify(one[key]);
    const b = JSON.stringify(two[key]);
    assert.ok(b.startsWith(a.slice(0, -1)), 'the second input extends the first byte for byte');
    const sent = two[key] as Array<Record<string, unknown>>;
    if (api === 'chat') {
      const results = sent.filter((m) => m.role === 'tool');
      assert.deepEqual(results.map((m) => m.tool_call_id), calls.map((c) => c.id));
      assert.deepEqual(sent.find((m) => m.role === 'assistant')?.tool_calls, calls);
    } else {
      const results = sent.filter((m) => m.type === 'function_call_output');
      assert.deepEqual(results.map((m) => m.call_id), calls.map((c) => c.id));
      assert.deepEqual(sent.filter((m) => m.type === 'function_call').map((m) => m.call_id), calls.map((c) => c.id));
      assert.equal(two.store, false);
      assert.equal(two.tool_choice, 'auto');
      assert.deepEqual((two.tools as Array<{ type: string; name: string }>).map((t) => `${t.type}:${t.name}`), TOOLS.map((t) => `function:${t.name}`));
    }
    fake.reset();
  });
}
