// Grok in VS Code's own language model API, used the way any other extension uses it: selectChatModels
// with vendor grok, sendRequest with streamed text, a tool call and its result, cancellation reaching the
// network, token counts, and the grok_web_search / grok_x_search tools through vscode.lm.invokeTool.
// Against the fake xAI server the runner started (its recorded Responses streams).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeUrl, grokExtension, requestsSeenBy, resetFake, run, useBaseUrl, withStoredKey } from './support';

const KEY = 'xai-language-models-test-0012';

interface SeenBody {
  route: string;
  json?: Record<string, unknown>;
  closedByClient?: boolean;
}

async function seen(): Promise<SeenBody[]> {
  return (await requestsSeenBy(fakeUrl())) as unknown as SeenBody[];
}

async function enqueue(route: string, reply: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${new URL(fakeUrl()).origin}/__control/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ route, reply }),
  });
  assert.equal(res.status, 200, `enqueue on ${route} answered ${res.status}: ${await res.text()}`);
}

async function grokModels(): Promise<vscode.LanguageModelChat[]> {
  return vscode.lm.selectChatModels({ vendor: 'grok' });
}

async function waitForModels(present: boolean): Promise<vscode.LanguageModelChat[]> {
  const until = Date.now() + 15_000;
  for (;;) {
    const models = await grokModels();
    if (models.length > 0 === present) return models;
    if (Date.now() > until) throw new Error(`vendor grok still lists ${models.length} models`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function model(id = 'grok-4.3'): Promise<vscode.LanguageModelChat> {
  const found = (await grokModels()).find((m) => m.id === id);
  assert.ok(found, `no grok model ${id}`);
  return found;
}

async function readText(response: vscode.LanguageModelChatResponse): Promise<string> {
  let text = '';
  for await (const chunk of response.text) text += chunk;
  return text;
}

/** The answer text of recording 21 (its output_text deltas; the rest is reasoning), the fake's default stream. */
const RECORDED_21_TEXT = '1, 2, 3.';

describe('Grok as a language model provider (vendor grok) and its search tools', () => {
  before(async () => {
    await grokExtension();
    await useBaseUrl(fakeUrl());
    await run('grok.clearApiKey');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('grok').update('tools.confirmSearch', undefined, vscode.ConfigurationTarget.Global);
    await run('grok.clearApiKey');
  });

  it('lists no Grok models without a key, prompting nobody, and the live list once a key is set', async () => {
    // Earlier suites stored and removed keys: the list follows the last change.
    assert.deepEqual(await waitForModels(false), []);
    await resetFake(fakeUrl());
    assert.deepEqual(await grokModels(), []);
    assert.equal((await seen()).filter((r) => r.route.includes('models')).length, 0, 'no model list is asked for without a key');
    await withStoredKey(KEY);
    const models = await waitForModels(true);
    const ids = models.map((m) => m.id);
    assert.ok(ids.includes('grok-4.3') && ids.includes('grok-code-fast-1'), ids.join(', '));
    const vision = models.find((m) => m.id === 'grok-4-1-fast-non-reasoning');
    assert.ok(vision);
    assert.equal(vision.vendor, 'grok');
    assert.ok(vision.maxInputTokens > 0);
  });

  it('streams an answer through the Responses API with a prompt cache key that stays with the chat', async () => {
    await resetFake(fakeUrl());
    const chat = await model();
    const first = [vscode.LanguageModelChatMessage.User('Say hello.')];
    const text = await readText(await chat.sendRequest(first, {}, new vscode.CancellationTokenSource().token));
    assert.equal(text, RECORDED_21_TEXT);
    const next = [...first, vscode.LanguageModelChatMessage.Assistant(text), vscode.LanguageModelChatMessage.User('Again.')];
    await readText(await chat.sendRequest(next, {}, new vscode.CancellationTokenSource().token));
    const requests = (await seen()).filter((r) => r.route === 'POST /v1/responses');
    assert.equal(requests.length, 2);
    assert.equal(requests[0].json?.store, false);
    assert.equal(requests[0].json?.model, 'grok-4.3');
    assert.match(String(requests[0].json?.prompt_cache_key), /^vscode-lm-[0-9a-f]{32}$/);
    assert.equal(requests[1].json?.prompt_cache_key, requests[0].json?.prompt_cache_key);
  });

  it('reports a tool call as a LanguageModelToolCallPart, and answers once the result is sent back', async () => {
    await resetFake(fakeUrl());
    await enqueue('POST /v1/responses', { recorded: '34' });
    const chat = await model();
    const tools: vscode.LanguageModelChatTool[] = [
      {
        name: 'weather',
        description: 'Gets current weather for a location',
        inputSchema: { type: 'object', properties: { latitude: { type: 'string' }, longitude: { type: 'string' } }, required: ['latitude', 'longitude'] },
      },
    ];
    const ask = [vscode.LanguageModelChatMessage.User("What's the weather in Berlin? (52.5200, 13.4050)")];
    const response = await chat.sendRequest(ask, { tools }, new vscode.CancellationTokenSource().token);
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of response.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'weather');
    assert.deepEqual(calls[0].input, { latitude: '52.5200', longitude: '13.4050' });

    const followUp = [
      ...ask,
      vscode.LanguageModelChatMessage.Assistant([calls[0]]),
      vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(calls[0].callId, [new vscode.LanguageModelTextPart('15 °C, wind 10 km/h')])]),
    ];
    const answer = await readText(await chat.sendRequest(followUp, { tools }, new vscode.CancellationTokenSource().token));
    assert.equal(answer, RECORDED_21_TEXT);
    const second = (await seen()).filter((r) => r.route === 'POST /v1/responses')[1];
    const input = second.json?.input as Array<Record<string, unknown>>;
    assert.deepEqual(input.slice(1), [
      { type: 'function_call', call_id: calls[0].callId, name: 'weather', arguments: '{"latitude":"52.5200","longitude":"13.4050"}' },
      { type: 'function_call_output', call_id: calls[0].callId, output: '15 °C, wind 10 km/h' },
    ]);
  });

  it('a tool result for a call that was never made is refused with a clear error, and nothing is sent', async () => {
    await resetFake(fakeUrl());
    const chat = await model();
    const messages = [
      vscode.LanguageModelChatMessage.User('hi'),
      vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart('ghost-call', [new vscode.LanguageModelTextPart('x')])]),
    ];
    await assert.rejects(
      async () => readText(await chat.sendRequest(messages, {}, new vscode.CancellationTokenSource().token)),
      (e: Error) => /ghost-call/.test(e.message) && /no earlier assistant message/.test(e.message),
    );
    assert.equal((await seen()).filter((r) => r.route === 'POST /v1/responses').length, 0);
  });

  it('cancelling mid-answer closes the request to the server', async () => {
    await resetFake(fakeUrl());
    await enqueue('POST /v1/responses', { recorded: '21', stall: { afterEvents: 24 } });
    const chat = await model();
    const source = new vscode.CancellationTokenSource();
    const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User('Say hello.')], {}, source.token);
    let text = '';
    for await (const chunk of response.text) {
      text += chunk;
      source.cancel();
    }
    assert.ok(text.length > 0);
    const until = Date.now() + 5000;
    let closed = false;
    while (!closed && Date.now() < until) {
      closed = (await seen()).some((r) => r.route === 'POST /v1/responses' && r.closedByClient === true);
      if (!closed) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(closed, 'the fake never saw the stream closed by the client');
  });

  it('counts tokens with the server tokenizer', async () => {
    await resetFake(fakeUrl());
    const chat = await model();
    assert.equal(await chat.countTokens('one two three four five'), 5);
    assert.equal((await seen()).filter((r) => r.route === 'POST /v1/tokenize-text').length, 1);
  });

  it('vscode.lm.tools lists grok_web_search and grok_x_search with their input schemas', () => {
    for (const name of ['grok_web_search', 'grok_x_search']) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is not in vscode.lm.tools (${vscode.lm.tools.map((t) => t.name).join(', ')})`);
      assert.ok(tool.description.length > 40);
      assert.deepEqual((tool.inputSchema as { required?: string[] }).required, ['query']);
    }
  });

  it('grok_web_search answers from the recorded web search stream with its sources', async () => {
    await vscode.workspace.getConfiguration('grok').update('tools.confirmSearch', false, vscode.ConfigurationTarget.Global);
    await resetFake(fakeUrl());
    await enqueue('POST /v1/responses', { recorded: '33' });
    const result = await vscode.lm.invokeTool('grok_web_search', { input: { query: 'What is OpenAI Prism?' }, toolInvocationToken: undefined });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /\n\nSources:\n\[1\] https:\/\/openai\.com\/index\/introducing-prism/);
    const request = (await seen()).find((r) => r.route === 'POST /v1/responses');
    assert.deepEqual(request?.json?.tools, [{ type: 'web_search' }]);
    assert.deepEqual(request?.json?.input, [{ role: 'user', content: 'What is OpenAI Prism?' }]);
  });

  it('grok_x_search sends x_search with the handles and cites the posts of the recorded X search answer', async () => {
    await resetFake(fakeUrl());
    await enqueue('POST /v1/responses', { recorded: '35' });
    const result = await vscode.lm.invokeTool('grok_x_search', { input: { query: 'What is xAI posting about?', handles: ['@xai'] }, toolInvocationToken: undefined });
    const text = result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(text, /Sources:\n\[1\] https:\/\/(x|twitter)\.com\//);
    const request = (await seen()).find((r) => r.route === 'POST /v1/responses');
    assert.deepEqual(request?.json?.tools, [{ type: 'x_search', allowed_x_handles: ['xai'] }]);
  });

  it('a search tool with a bad input fails with a message the calling model can act on', async () => {
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('grok_x_search', { input: { query: 'q', fromDate: 'yesterday' }, toolInvocationToken: undefined })),
      (e: Error) => /YYYY-MM-DD/.test(e.message),
    );
  });
});
