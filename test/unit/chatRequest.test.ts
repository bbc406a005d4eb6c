// What the chat sends: Responses requests whose input only ever grows at the end (byte for byte, so
// xAI's prompt cache hits), the fallback to /chat/completions, and the answer loop with scripted events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatRun } from '../../src/chat/chatRun';
import { chatRequest, isEffortRefused, isRouteMissing, responsesRequest, withRecovery, type RequestSettings } from '../../src/chat/chatRequest';
import { addAssistantMessage, addUserMessage, newConversation, readConversation, type Conversation } from '../../src/conversation/conversation';
import type { HostMessage, ImagePart } from '../../src/protocol';
import { textOf } from '../../src/shared/messageParts';
import { responsesBody } from '../../src/xai/requestBody';
import type { StreamEvent } from '../../src/xai/types';
import { XaiClient } from '../../src/xai/client';
import { startFakeXai } from '../fake-xai/server';
import { webSearchAnswerFrames } from '../fake-xai/responsesSearch';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==';

function settings(over: Partial<RequestSettings> = {}): RequestSettings {
  return { model: 'grok-4.3', maxOutputTokens: 0, store: false, options: {}, effortAllowed: true, images: () => PNG, ...over };
}

/** The input as it goes on the wire: the JSON text the server's prompt cache compares. */
function wireInput(conv: Conversation, s = settings()): string {
  return JSON.stringify(responsesBody(responsesRequest(conv, s), true).input);
}

/** A 20-turn conversation, answered in every way an answer can end, with images, context and tools on and off. */
function scriptedTurns(): Array<(conv: Conversation) => void> {
  return Array.from({ length: 20 }, (_, i) => (conv: Conversation) => {
    const image: ImagePart[] = i % 7 === 3 ? [{ type: 'image', id: `img-${i}`, origin: 'attached', mimeType: 'image/png', bytes: 20, name: 'shot.png' }] : [];
    const context = i % 5 === 2 ? [{ chip: { id: `c${i}`, kind: 'file' as const, label: 'a.ts', chars: 9 }, content: 'let a = 1', path: 'a.ts' }] : [];
    addUserMessage(conv, `Question ${i}: "quotes", ünïcödé, \`code\``, context, 1000 + i, image);
    conv.options = { webSearch: i % 2 === 0, reasoningEffort: i % 3 === 0 ? 'high' : undefined };
  });
}

function answer(conv: Conversation, i: number): void {
  const a = addAssistantMessage(conv, 'grok-4.3', 2000 + i);
  if (i % 6 === 5) {
    a.status = 'error'; // no text: not sent back
    return;
  }
  a.parts = [{ type: 'text', text: `Answer ${i} [[1]](https://example.com/${i})` }];
  if (i % 4 === 1) {
    a.status = 'stopped'; // cut short: its text goes back, not half of its items
    a.outputItems = [{ type: 'reasoning', id: `rs_${i}`, encrypted_content: 'abc', summary: [] }];
    return;
  }
  a.status = 'done';
  a.outputItems = [
    { type: 'reasoning', id: `rs_${i}`, summary: [], encrypted_content: `enc-${i}==` },
    { type: 'web_search_call', id: `ws_${i}`, status: 'completed', action: { type: 'search', query: `q${i}`, sources: [] } },
    { type: 'message', id: `msg_${i}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `Answer ${i}`, annotations: [{ type: 'url_citation', url: `https://example.com/${i}`, start_index: 7, end_index: 8 }] }] },
  ];
}

test('20 turns: every request\'s input is the previous one plus the new turns, byte for byte, also after a save and reload', () => {
  let conv = newConversation(1);
  let previous: string | undefined;
  let extended = 0;
  scriptedTurns().forEach((turn, i) => {
    turn(conv);
    const input = wireInput(conv, settings({ options: conv.options ?? {} }));
    if (previous !== undefined) {
      assert.ok(input.startsWith(previous.slice(0, -1)), `request ${i + 1} rewrote earlier input`);
      assert.ok(input.length > previous.length);
      extended++;
    }
    previous = input;
    answer(conv, i);
    // Every few turns the conversation goes through the history file and back, as after a reload.
    if (i % 4 === 0) conv = readConversation(JSON.parse(JSON.stringify(conv)))!.conversation;
  });
  assert.equal(extended, 19);
});

test('Responses request: store off, the conversation as cache key, encrypted reasoning, tools from the toggles, images resolved', () => {
  const conv = newConversation(1);
  addUserMessage(conv, 'What is in this picture?', [], 1, [{ type: 'image', id: 'img1', origin: 'attached', mimeType: 'image/png', bytes: 20 }]);
  conv.options = { webSearch: true, xSearch: true, codeExecution: true, reasoningEffort: 'low' };
  const body = responsesBody(responsesRequest(conv, settings({ store: true, options: conv.options })), true);
  assert.equal(body.store, false, 'a request with images is never stored');
  assert.equal(body.prompt_cache_key, conv.id);
  assert.deepEqual(body.include, ['reasoning.encrypted_content']);
  assert.deepEqual(body.tools, [{ type: 'web_search' }, { type: 'x_search' }, { type: 'code_interpreter' }]);
  assert.deepEqual(body.reasoning, { effort: 'low' });
  const user = (body.input as Array<{ role?: string; content: unknown }>).find((x) => x.role === 'user');
  assert.deepEqual(user?.content, [
    { type: 'input_text', text: 'What is in this picture?' },
    { type: 'input_image', image_url: PNG },
  ]);
  // The stored form refers to the file, never holds the bytes.
  assert.ok(!JSON.stringify(conv).includes('iVBOR'));
  // No effort where the model refused one; no image model output for /chat/completions either way.
  assert.equal(responsesBody(responsesRequest(conv, settings({ options: conv.options, effortAllowed: false })), true).reasoning, undefined);
  assert.equal(responsesBody(responsesRequest(newConversation(), settings({ store: true })), true).store, true);
  const chat = chatRequest(conv, settings());
  assert.equal(chat.conversationId, conv.id, 'the fallback carries the cache key too (as x-grok-conv-id)');
  assert.deepEqual(chat.messages[1].content, [
    { type: 'text', text: 'What is in this picture?' },
    { type: 'image_url', image_url: { url: PNG } },
  ]);
});

async function* events(list: StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const e of list) yield e;
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

test('fallback: a server without /responses is asked again on /chat/completions; a failure after the answer started is not', async () => {
  const missing: StreamEvent = { type: 'error', error: { kind: 'badRequest', message: 'Not Found', status: 404, routeMissing: true } };
  const chatAnswer: StreamEvent[] = [{ type: 'start', id: 'c1', model: 'm' }, { type: 'text', delta: 'from chat' }, { type: 'finish', reason: 'stop' }];
  let recovered = 0;
  const out = await collect(withRecovery(events([missing]), (e) => (isRouteMissing(e) ? (recovered++, events(chatAnswer)) : undefined)));
  assert.equal(recovered, 1);
  assert.deepEqual(out, chatAnswer);

  const late = await collect(withRecovery(events([{ type: 'text', delta: 'half' }, missing]), () => events(chatAnswer)));
  assert.deepEqual(late.map((e) => e.type), ['text', 'error'], 'nothing is asked twice once text arrived');

  // The client marks a missing route (405, 501, a bare 404 off xAI); a retired model is not one.
  assert.equal(isRouteMissing({ kind: 'modelNotFound', message: 'The model grok-beta was deprecated', status: 404 }), false);
  assert.equal(isRouteMissing({ kind: 'badRequest', message: 'Method Not Allowed', status: 405, routeMissing: true }), true);
  assert.equal(isEffortRefused({ kind: 'badRequest', message: 'Model grok-code-fast-1 does not support parameter reasoningEffort.', status: 400 }), true);
  assert.equal(isEffortRefused({ kind: 'badRequest', message: 'Bad temperature', status: 400 }), false);
});

function scriptedRun(list: StreamEvent[]) {
  const conversation = newConversation();
  addUserMessage(conversation, 'Search the web for VS Code news');
  const message = addAssistantMessage(conversation, 'grok-4.3');
  const posts: HostMessage[] = [];
  const run = new ChatRun({
    conversation,
    message,
    request: { model: 'grok-4.3' },
    stream: () => events(list),
    prices: () => ({ promptPerMillion: 2, completionPerMillion: 10 }),
    post: (m) => posts.push(m),
    persist: () => undefined,
    batchMs: 1,
  });
  return { run, message, posts };
}

test('run loop: search cards update in place by id, citations become one Sources list, output items are kept verbatim, exact cost', async () => {
  const reasoningItem = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'e30=' };
  const messageItem = { type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'News [[1]](https://a.example/x).', annotations: [] }] };
  const { run, message, posts } = scriptedRun([
    { type: 'start', id: 'r1', model: 'grok-4.3' },
    { type: 'serverTool', tool: 'web_search', status: 'in_progress', id: 'ws_1' },
    { type: 'serverTool', tool: 'web_search', status: 'searching', id: 'ws_1', detail: 'vscode news' },
    { type: 'serverTool', tool: 'x_search', status: 'in_progress', id: 'xs_1', detail: 'from:code' },
    { type: 'serverTool', tool: 'web_search', status: 'completed', id: 'ws_1', detail: 'vscode news' },
    { type: 'outputItem', item: reasoningItem },
    { type: 'text', delta: 'News ' },
    { type: 'text', delta: '[[1]](https://a.example/x).' },
    { type: 'citation', citation: { url: 'https://a.example/x', title: 'A' } },
    { type: 'citation', citation: { url: 'https://a.example/x', title: 'A again' } },
    { type: 'citation', citation: { url: 'https://x.com/code/status/1' } },
    { type: 'outputItem', item: messageItem },
    { type: 'usage', usage: { promptTokens: 100, cachedPromptTokens: 80, completionTokens: 10, reasoningTokens: 5, imageTokens: 0, totalTokens: 115, numSourcesUsed: 2, costInUsdTicks: 123_000_000, serverSideToolsUsed: 2 } },
    { type: 'finish', reason: 'stop' },
  ]);
  const outcome = await run.done;
  assert.equal(outcome.status, 'done');
  assert.deepEqual(message.parts, [
    { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'completed', query: 'vscode news' },
    { type: 'serverTool', id: 'xs_1', kind: 'x_search', status: 'in_progress', query: 'from:code' },
    { type: 'text', text: 'News [[1]](https://a.example/x).' },
    { type: 'citations', sources: [{ url: 'https://a.example/x', title: 'A' }, { url: 'https://x.com/code/status/1' }] },
  ]);
  assert.deepEqual(message.outputItems, [reasoningItem, messageItem]);
  assert.strictEqual(message.outputItems![0], reasoningItem, 'the very item, not a copy');
  assert.deepEqual(message.usage, { promptTokens: 100, cachedPromptTokens: 80, completionTokens: 10, reasoningTokens: 5, costUsd: 0.0123, costExact: true, sourcesUsed: 2, serverToolCalls: 2 });
  const cardPosts = posts.filter((p): p is Extract<HostMessage, { type: 'part' }> => p.type === 'part' && p.part.type === 'serverTool');
  assert.deepEqual(cardPosts.map((p) => (p.part.type === 'serverTool' ? `${p.part.id}:${p.part.status}` : '')), ['ws_1:in_progress', 'ws_1:searching', 'xs_1:in_progress', 'ws_1:completed']);
  // The page sees the card before the text that followed it.
  const firstText = posts.findIndex((p) => p.type === 'delta');
  assert.ok(firstText > posts.findIndex((p) => p.type === 'part'));
});

test('run loop: a stream that ends in the middle of a tool call keeps what arrived, marked as an error; Stop marks it stopped', async () => {
  const { run, message } = scriptedRun([
    { type: 'start', id: 'r1', model: 'grok-4.3' },
    { type: 'serverTool', tool: 'code_execution', status: 'in_progress', id: 'ci_1', code: 'print(6*7)' },
    { type: 'text', delta: 'Running it' },
    { type: 'error', error: { kind: 'network', message: 'The connection closed before the answer finished.' } },
  ]);
  const outcome = await run.done;
  assert.equal(outcome.status, 'error');
  assert.equal(textOf(message), 'Running it');
  assert.deepEqual(message.parts[0], { type: 'serverTool', id: 'ci_1', kind: 'code_execution', status: 'in_progress', code: 'print(6*7)' });
  assert.equal(message.error?.kind, 'network');

  const stopped = scriptedRun([
    { type: 'serverTool', tool: 'web_search', status: 'searching', id: 'ws_9', detail: 'q' },
    { type: 'error', error: { kind: 'cancelled', message: 'Stopped.' } },
  ]);
  stopped.run.stop();
  assert.equal((await stopped.run.done).status, 'stopped');
  assert.equal(stopped.message.parts.length, 1);
});

test('against the fake server: a web-searched Responses answer gives a card, the Sources list, the billed cost', async () => {
  const fake = await startFakeXai();
  try {
    fake.enqueue('POST /v1/responses', { frames: webSearchAnswerFrames(), done: false });
    const client = new XaiClient({ baseUrl: fake.url, apiKey: async () => 'xai-test-key-0001', retry: { maxRetries: 0 } });
    const conversation = newConversation();
    addUserMessage(conversation, 'What is new in VS Code?');
    conversation.options = { webSearch: true };
    const request = responsesRequest(conversation, settings({ options: conversation.options }));
    const message = addAssistantMessage(conversation, 'grok-4.3');
    const run = new ChatRun({
      conversation,
      message,
      request,
      stream: (r, signal) => client.streamResponses(r, { signal }),
      prices: () => undefined,
      post: () => undefined,
      persist: () => undefined,
    });
    const outcome = await run.done;
    assert.equal(outcome.status, 'done');
    assert.equal(textOf(message), 'The latest release adds agent tools [[1]](https://code.visualstudio.com/updates).');
    const cards = message.parts.filter((p) => p.type === 'serverTool');
    assert.equal(cards.length, 1, 'one card for the one search, updated in place');
    // The card's id is the item's (ws_1) where the client reports it, else one of its own.
    const { id: _id, ...card } = cards[0];
    assert.deepEqual(card, { type: 'serverTool', kind: 'web_search', status: 'completed', query: 'vscode latest release' });
    assert.deepEqual(message.parts.find((p) => p.type === 'citations'), { type: 'citations', sources: [{ url: 'https://code.visualstudio.com/updates', title: 'Visual Studio Code updates' }] });
    assert.ok(Math.abs((message.usage?.costUsd ?? 0) - 0.05123) < 1e-12);
    assert.equal(message.usage?.costExact, true);
    const [seen] = fake.requests.filter((r) => r.route === 'POST /v1/responses');
    assert.deepEqual((seen.json as { tools?: unknown }).tools, [{ type: 'web_search' }]);
  } finally {
    await fake.close();
  }
});
