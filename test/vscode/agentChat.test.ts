// The chat in Ask mode in a real extension host, on the Chat Completions fallback (the test profile's
// grok.chat.api): grok.agent.defaultMode = ask makes a new conversation's answer an agent task that gets
// the read-only tools as function tools, reads a workspace file without asking, sends the result back as a
// tool message and answers; the next request extends the previous one byte for byte.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeUrl, leaveNoKey, requestsSeenBy, resetFake, run, withStoredKey } from './support';

const CHAT_ROUTE = 'POST /v1/chat/completions';

interface AskResult {
  text?: string;
  status?: string;
  usage?: { costUsd?: number };
  error?: { kind: string; message: string };
}

interface ChatBody {
  messages: Array<{ role: string; content?: unknown; tool_call_id?: string; tool_calls?: Array<{ id: string; function: { name: string } }> }>;
  tools?: Array<{ type: string; function: { name: string } }>;
}

function chunk(delta: object, extra: object = {}): object {
  return { id: 'agent-ask', object: 'chat.completion.chunk', created: 1772541435, model: 'grok-4-1-fast-non-reasoning', choices: [{ index: 0, delta, ...extra }] };
}

function usage(ticks: number): object {
  return { id: 'agent-ask', object: 'chat.completion.chunk', created: 1772541435, model: 'grok-4-1-fast-non-reasoning', choices: [], usage: { prompt_tokens: 400, completion_tokens: 20, total_tokens: 420, num_sources_used: 0, cost_in_usd_ticks: ticks } };
}

async function enqueue(events: object[]): Promise<void> {
  const origin = new URL(fakeUrl()).origin;
  const res = await fetch(`${origin}/__control/enqueue`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ route: CHAT_ROUTE, reply: { events } }) });
  assert.equal(res.status, 200);
}

describe('the chat in Ask mode (agent tools on the Chat Completions fallback)', function () {
  this.timeout(60_000);
  const agent = () => vscode.workspace.getConfiguration('grok.agent');

  before(async () => {
    await withStoredKey('xai-agent-ask-suite-key-0011');
    await agent().update('defaultMode', 'ask', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await agent().update('defaultMode', undefined, vscode.ConfigurationTarget.Global);
    await run('grok.newChat');
    await leaveNoKey();
  });

  beforeEach(() => resetFake(fakeUrl()));

  it('reads a workspace file through read_file without asking and answers from it; only read-only tools are offered', async () => {
    await enqueue([
      chunk({ role: 'assistant', tool_calls: [{ id: 'call_40693221', index: 0, type: 'function', function: { name: 'read_file', arguments: '{"path":"hello.js"}' } }] }),
      chunk({}, { finish_reason: 'tool_calls' }),
      usage(410_000),
    ]);
    await enqueue([chunk({ role: 'assistant', content: 'greet returns a greeting.' }), chunk({}, { finish_reason: 'stop' }), usage(300_000)]);
    await run('grok.newChat');
    const result = await run<AskResult>('grok.ask', 'What does greet in hello.js return?');
    assert.equal(result?.status, 'done', JSON.stringify(result));
    assert.equal(result.text, 'greet returns a greeting.');
    assert.ok(Math.abs((result.usage?.costUsd ?? 0) - 0.000071) < 1e-12, `the task costs both requests' billed cost: ${result.usage?.costUsd}`);

    const sent = (await requestsSeenBy(fakeUrl())).filter((r) => r.route === CHAT_ROUTE) as unknown as Array<{ body: string; json: ChatBody }>;
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[0].json.tools?.map((t) => t.function.name), ['read_file', 'list_files', 'search_text', 'get_diagnostics'], 'Ask mode offers the read-only tools only');
    const tool = sent[1].json.messages.find((m) => m.role === 'tool');
    assert.equal(tool?.tool_call_id, 'call_40693221');
    assert.match(String(tool?.content), /function greet\(name\)/, 'the file went back as the tool result');
    const before = JSON.stringify(sent[0].json.messages);
    assert.ok(JSON.stringify(sent[1].json.messages).startsWith(before.slice(0, -1)), 'the second request extends the first byte for byte');
  });
});
