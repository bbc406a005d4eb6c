// The session's spend: what the chat's answers and the editor's requests cost adds up per source, and
// the status bar item says the model, the total, and whether a click stops or picks a model.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { ChatRun } from '../../src/chat/chatRun';
import { addAssistantMessage, addUserMessage, buildRequestMessages, newConversation } from '../../src/conversation/conversation';
import { onDidChangeSpend, recordSpend, spendBreakdown, totalSpend } from '../../src/platform/spend';
import { statusBarView } from '../../src/platform/statusBarView';
import { XaiClient } from '../../src/xai/client';
import { startFakeXai, type FakeXai } from '../fake-xai/server';

let fake: FakeXai;
before(async () => {
  fake = await startFakeXai();
});
after(() => fake.close());

test('an answer with the server\'s cost figure adds that cost to the chat\'s spend, and listeners hear of it', async () => {
  const before = spendBreakdown().chat ?? 0;
  let fired = 0;
  const sub = onDidChangeSpend(() => fired++);
  const conversation = newConversation();
  addUserMessage(conversation, 'Hi');
  const request = { model: 'grok-4-1-fast-non-reasoning', messages: buildRequestMessages(conversation) };
  const message = addAssistantMessage(conversation, request.model);
  const client = new XaiClient({ baseUrl: fake.url, apiKey: async () => 'xai-test-key-0001', retry: { maxRetries: 0 } });
  // Recording 01 carries cost_in_usd_ticks 129000: $0.0000129.
  fake.enqueue('POST /v1/chat/completions', { recorded: '01' });
  const run = new ChatRun({ conversation, message, request, stream: (r, signal) => client.streamChat(r, { signal }), prices: () => undefined, post: () => {}, persist: () => {} });
  assert.equal((await run.done).status, 'done');
  sub.dispose();
  assert.ok(Math.abs((spendBreakdown().chat ?? 0) - before - 0.0000129) < 1e-12, `chat spend ${spendBreakdown().chat}`);
  assert.equal(fired, 1);
});

test('spend adds up per source; nonsense amounts are ignored; a disposed listener hears nothing', () => {
  const start = totalSpend();
  const editorBefore = spendBreakdown().editor ?? 0;
  let fired = 0;
  const sub = onDidChangeSpend(() => fired++);
  recordSpend('editor', 0.25);
  recordSpend('editor', 0.5);
  recordSpend('tools', Number.NaN);
  recordSpend('tools', -1);
  sub.dispose();
  recordSpend('provider', 0.125);
  assert.equal(fired, 2);
  assert.equal(spendBreakdown().editor, editorBefore + 0.75);
  assert.equal(spendBreakdown().tools, undefined);
  assert.ok(Math.abs(totalSpend() - start - 0.875) < 1e-12);
});

test('the status bar item: model and spend; a click picks a model, or stops while an answer runs', () => {
  const idle = statusBarView({ id: 'grok-x', newest: false }, false, 0.12, { chat: 0.1, editor: 0.02 });
  assert.equal(idle.text, 'Grok: grok-x · $0.12');
  assert.equal(idle.command, 'grok.chooseModel');
  assert.match(idle.tooltip, /^Model: grok-x\. Click to choose another\./);
  assert.match(idle.tooltip, /Chat: \$0\.10\nEditor commands: \$0\.02/);
  const busy = statusBarView({ id: 'grok-x', newest: false }, true, 0, {});
  assert.equal(busy.text, '$(loading~spin) Grok: grok-x · $0.00');
  assert.equal(busy.command, 'grok.stop');
  assert.match(busy.label, /stop/i);
});

test('the status bar item with grok.model empty: the newest listed model, said so; before the list loads, no empty model slot', () => {
  const newest = statusBarView({ id: 'grok-4.3', newest: true }, false, 0.12, {});
  assert.equal(newest.text, 'Grok: grok-4.3 · $0.12');
  assert.match(newest.tooltip, /^Model: grok-4\.3, the newest chat model the server lists\./);
  assert.match(newest.label, /grok-4\.3/);
  const unknown = statusBarView({ id: '', newest: true }, false, 0.12, {});
  assert.equal(unknown.text, 'Grok · $0.12');
  assert.equal(unknown.command, 'grok.chooseModel');
  assert.match(unknown.tooltip, /^Model: the newest chat model the server lists, once its list has loaded\./);
  assert.doesNotMatch(unknown.label, /model ,| {2}/);
  const busy = statusBarView({ id: '', newest: true }, true, 0, {});
  assert.equal(busy.text, '$(loading~spin) Grok · $0.00');
  assert.equal(busy.command, 'grok.stop');
  assert.match(busy.tooltip, /^Grok is answering\. Click to stop\./);
});
