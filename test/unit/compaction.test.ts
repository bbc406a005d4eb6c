// Compacting a conversation (xAI's POST /responses/compact): the client's request and its tolerant
// parse, its errors; the API input after a compaction (the item, then every later turn, each request
// extending the previous one byte for byte); where a compaction cuts; the history file round trip, an
// older file, a damaged item; the error's actions; the exported Markdown.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRecording } from '../fake-xai/recorded';
import { startFakeXai } from '../fake-xai/server';
import { contextTooLongReply } from '../fake-xai/errorBodies';
import { XaiClient } from '../../src/xai/client';
import { XaiError } from '../../src/xai/errors';
import { compactionFrom } from '../../src/xai/compaction';
import { addAssistantMessage, addUserMessage, newConversation, readConversation, settleInterrupted, type Conversation, type StoredMessage } from '../../src/conversation/conversation';
import { compactedThrough, responsesInput } from '../../src/conversation/responsesInput';
import { compactionPlan } from '../../src/conversation/compaction';
import { exportMarkdown } from '../../src/conversation/markdownExport';
import { HistoryStore } from '../../src/conversation/historyStore';
import { errorView } from '../../src/platform/errorView';
import { compactionLabel, readPart, type CompactionPart } from '../../src/shared/messageParts';
import type { RawResponsesItem } from '../../src/xai/types';
import { ApiMemory } from '../../src/chat/apiMemory';
import { KEY, scriptedFetch, testClient } from './xaiTestUtil';

const MODEL = 'grok-4-1-fast-non-reasoning';
const BLOB = 'gAAAAABo-opaque+/=blob\u2028with "quotes" and \\ slashes';
const ITEM = { type: 'compaction', id: 'cmp_01', encrypted_content: BLOB };
const XAI_ANSWER = {
  id: 'cmp_resp_1',
  object: 'response.compaction',
  created_at: 1_780_000_000,
  model: MODEL,
  output: [ITEM],
  usage: { input_tokens: 12000, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1200, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 13200 },
};
const none = () => undefined;

/** A finished turn: the question, and the answer as its output items (as the Responses API returned them). */
function turn(conv: Conversation, question: string, answer: string): StoredMessage {
  addUserMessage(conv, question);
  const a = addAssistantMessage(conv, MODEL);
  a.parts.push({ type: 'text', text: answer });
  a.status = 'done';
  a.outputItems = [{ type: 'message', id: `msg_${conv.messages.length}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: answer, annotations: [] }] }];
  a.usage = { promptTokens: 100 * conv.messages.length, cachedPromptTokens: 0, completionTokens: 20, reasoningTokens: 0 };
  return a;
}

function compactAt(message: StoredMessage, items: RawResponsesItem[] = [ITEM], before = 12000, after = 1200): CompactionPart {
  const part: CompactionPart = { type: 'compaction', id: 'c1', status: 'done', tokensBefore: before, tokensAfter: after };
  message.parts.push(part);
  message.compactionItems = items;
  return part;
}

describe('the client: POST /responses/compact', () => {
  test('sends model, input (chat turns in the Responses spelling) and instructions, and returns the compaction item verbatim with the token counts', async () => {
    const { fetch, calls } = scriptedFetch({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(XAI_ANSWER) });
    const { client, logs } = testClient(fetch);
    const input = [{ type: 'message', role: 'system', content: 'Be brief.' }, { role: 'user' as const, content: 'Hello' }, { type: 'message', role: 'assistant', content: 'Hi' }];
    const result = await client.compact({ model: MODEL, input, instructions: 'Answer in English.' });
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, 'https://api.x.ai/v1/responses/compact');
    assert.equal(calls[0].method, 'POST');
    assert.deepEqual(calls[0].body, {
      model: MODEL,
      input: [{ type: 'message', role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }, { type: 'message', role: 'assistant', content: 'Hi' }],
      instructions: 'Answer in English.',
    });
    assert.deepEqual(result.items, [ITEM]);
    assert.equal(result.items[0].encrypted_content, BLOB, 'the blob is kept byte for byte');
    assert.equal(result.usage?.promptTokens, 12000);
    assert.equal(result.usage?.completionTokens, 1200);
    assert.equal(result.id, 'cmp_resp_1');
    assert.ok(!JSON.stringify(logs).includes(KEY), 'the key is never logged');
  });

  test('parses tolerantly: extra items kept in order, a bare output list, unknown fields; nothing without a compaction item', () => {
    const kept = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'keep me' }] };
    assert.deepEqual(compactionFrom({ object: 'response.compaction', output: [kept, { ...ITEM, extra: { x: 1 } }] })?.items, [kept, { ...ITEM, extra: { x: 1 } }]);
    assert.deepEqual(compactionFrom([ITEM])?.items, [ITEM]);
    assert.equal(compactionFrom({ output: [ITEM] })?.usage, undefined);
    assert.equal(compactionFrom({ output: [{ type: 'compaction', id: 'x' }] }), undefined, 'a compaction item without its blob');
    assert.equal(compactionFrom({ output: [{ type: 'message', role: 'assistant', content: 'hi' }] }), undefined);
    assert.equal(compactionFrom({ error: 'no' }), undefined);
  });

  test('an answer without a compaction item is a malformed error; a context-too-long 400 is contextTooLong and not retried; a 503 is retried', async () => {
    const bad = testClient(scriptedFetch({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"object":"response.compaction","output":[]}' }).fetch).client;
    await assert.rejects(bad.compact({ model: MODEL, input: [] }), (e: unknown) => e instanceof XaiError && e.info.kind === 'malformed');

    const tooLong = scriptedFetch({ status: 400, headers: { 'content-type': 'application/json' }, body: readRecording('17').toString('utf8') });
    await assert.rejects(testClient(tooLong.fetch).client.compact({ model: MODEL, input: [] }), (e: unknown) => e instanceof XaiError && e.info.kind === 'contextTooLong' && /625077 tokens/.test(e.info.message));
    assert.equal(tooLong.calls.length, 1, 'a request too long is not retried');

    const flaky = scriptedFetch({ status: 503, body: '{"code":"unavailable","error":"busy"}' }, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(XAI_ANSWER) });
    const result = await testClient(flaky.fetch).client.compact({ model: MODEL, input: [] });
    assert.equal(flaky.calls.length, 2);
    assert.deepEqual(result.items, [ITEM]);
  });

  test('Stop aborts it: the call rejects as cancelled', async () => {
    const { fetch } = scriptedFetch({ hang: true });
    const abort = new AbortController();
    const pending = testClient(fetch).client.compact({ model: MODEL, input: [] }, { signal: abort.signal });
    abort.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof XaiError && e.info.kind === 'cancelled');
  });

  test('against the fake server: the item it returns is accepted back by /responses; an altered one is refused', async () => {
    const fake = await startFakeXai();
    try {
      const client = new XaiClient({ baseUrl: fake.url, apiKey: async () => KEY, retry: { maxRetries: 0 } });
      const conv = newConversation();
      turn(conv, 'First question', 'First answer');
      const earlier = responsesInput(conv, none);
      const compacted = await client.compact({ model: MODEL, input: earlier });
      assert.equal(compacted.items.length, 1);
      assert.equal(compacted.items[0].type, 'compaction');
      assert.ok(compacted.usage && compacted.usage.completionTokens < compacted.usage.promptTokens);
      const [sent] = fake.requests.filter((r) => r.path === '/v1/responses/compact');
      assert.deepEqual((sent.json as { input: unknown }).input, earlier, 'the earlier input went to /responses/compact');

      fake.enqueue('POST /v1/responses', { responses: { text: 'Fine.' } });
      const ok = await client.responses({ model: MODEL, input: [...compacted.items, { type: 'message', role: 'user', content: 'Next' }] });
      assert.equal(ok.text, 'Fine.');

      fake.enqueue('POST /v1/responses', { responses: { text: 'never' } });
      const altered = { ...compacted.items[0], encrypted_content: `${String(compacted.items[0].encrypted_content)}x` };
      await assert.rejects(client.responses({ model: MODEL, input: [altered] }), (e: unknown) => e instanceof XaiError && e.info.kind === 'badRequest' && /compaction item/.test(e.info.message));

      // Stop while the server has not answered: the request is closed, nothing comes back.
      fake.enqueue('POST /v1/responses/compact', { compaction: true, headersDelayMs: 5000 });
      const abort = new AbortController();
      const slow = client.compact({ model: MODEL, input: earlier }, { signal: abort.signal });
      setTimeout(() => abort.abort(), 100);
      await assert.rejects(slow, (e: unknown) => e instanceof XaiError && e.info.kind === 'cancelled');

      fake.enqueue('POST /v1/responses', contextTooLongReply(200000));
      await assert.rejects(client.responses({ model: MODEL, input: 'x' }), (e: unknown) => e instanceof XaiError && e.info.kind === 'contextTooLong');
    } finally {
      await fake.close();
    }
  });
});

describe('the API input after a compaction', () => {
  test('starts with the compaction item (no system prompt: the item holds it), then exactly the later turns', () => {
    const conv = newConversation();
    turn(conv, 'q1', 'a1');
    const a2 = turn(conv, 'q2', 'a2');
    compactAt(a2);
    addUserMessage(conv, 'q3');
    const input = responsesInput(conv, none);
    assert.deepEqual(input, [ITEM, { type: 'message', role: 'user', content: 'q3' }]);
    assert.equal(JSON.stringify(input[0]), JSON.stringify(ITEM), 'the item goes back byte for byte');
    assert.equal(compactedThrough(conv), 3);
    // Up to the compacted message itself, nothing changes: the full history.
    assert.equal((responsesInput(conv, none, 3)[0] as { role?: string }).role, 'system');
  });

  test('each request after it extends the previous one byte for byte (the prompt cache hits again), across turns and a reload', () => {
    const conv = newConversation();
    turn(conv, 'q1', 'a1');
    compactAt(conv.messages[1]);
    addUserMessage(conv, 'q2');
    const first = JSON.stringify(responsesInput(conv, none));
    const a = addAssistantMessage(conv, MODEL);
    a.parts.push({ type: 'text', text: 'a2' });
    a.status = 'done';
    a.outputItems = [{ type: 'reasoning', id: 'rs_1', encrypted_content: 'enc', summary: [] }, { type: 'message', id: 'msg_a2', role: 'assistant', content: [{ type: 'output_text', text: 'a2' }] }];
    addUserMessage(conv, 'q3');
    const second = JSON.stringify(responsesInput(conv, none));
    assert.ok(second.startsWith(first.slice(0, -1)), 'the second request repeats the first');
    const reloaded = readConversation(JSON.parse(JSON.stringify(conv)))!.conversation;
    assert.equal(JSON.stringify(responsesInput(reloaded, none)), second, 'the same input after a reload');
  });

  test('a later compaction wins; an edit before the compacted turn drops it with the turns it replaced', () => {
    const conv = newConversation();
    const a1 = turn(conv, 'q1', 'a1');
    compactAt(a1, [{ ...ITEM, id: 'first' }]);
    const a2 = turn(conv, 'q2', 'a2');
    compactAt(a2, [{ ...ITEM, id: 'second' }]);
    addUserMessage(conv, 'q3');
    assert.deepEqual(responsesInput(conv, none).map((i) => i.id ?? i.content), ['second', 'q3']);
    conv.messages.length = 2; // the user edited q2: everything from it on is gone
    addUserMessage(conv, 'q2 edited');
    assert.deepEqual(responsesInput(conv, none).map((i) => i.id ?? i.content), ['first', 'q2 edited']);
  });
});

describe('where a compaction cuts', () => {
  test('after a context-too-long answer: the turns before the last question, then that question is asked again', () => {
    const conv = newConversation();
    turn(conv, 'q1', 'a1');
    turn(conv, 'q2', 'a2');
    addUserMessage(conv, 'q3 with a huge file');
    const failed = addAssistantMessage(conv, MODEL);
    failed.status = 'error';
    failed.error = errorView({ kind: 'contextTooLong', message: 'The conversation is too long for the model: …' }, { canCompact: true });
    assert.deepEqual(compactionPlan(conv), { ok: true, through: 3, retryFrom: 5 });
  });

  test('from the command: every turn; refused with a reason when there is nothing to compact', () => {
    const conv = newConversation();
    assert.equal(compactionPlan(conv).ok, false);
    turn(conv, 'q1', 'a1');
    assert.deepEqual(compactionPlan(conv), { ok: true, through: 1 });
    compactAt(conv.messages[1]);
    const again = compactionPlan(conv);
    assert.ok(!again.ok && /already compacted/.test(again.reason));
    const alone = newConversation();
    addUserMessage(alone, 'one question far too long');
    const plan = compactionPlan(alone);
    assert.ok(!plan.ok && /question alone is too long/.test(plan.reason));
  });
});

describe('history and the views', () => {
  test('saved and loaded through the history store: the divider and the item survive; an older file without them reads fine', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'grok-compaction-'));
    try {
      const store = new HistoryStore(dir);
      const conv = newConversation();
      const a1 = turn(conv, 'q1', 'a1');
      compactAt(a1);
      addUserMessage(conv, 'q2');
      await store.save(conv);
      await store.flush();
      const loaded = (await new HistoryStore(dir).load(conv.id))!;
      assert.deepEqual(loaded.messages[1].parts.at(-1), { type: 'compaction', id: 'c1', status: 'done', tokensBefore: 12000, tokensAfter: 1200 });
      assert.deepEqual(responsesInput(loaded, none), responsesInput(conv, none));

      const old = { version: 2, id: 'old', title: 'Old', createdAt: 1, updatedAt: 2, messages: [{ id: 'u', role: 'user', status: 'done', parts: [{ type: 'text', text: 'hi' }], createdAt: 1 }] };
      const read = readConversation(old)!;
      assert.deepEqual(read.dropped, []);
      assert.equal((responsesInput(read.conversation, none)[0] as { role?: string }).role, 'system');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('a damaged item costs only the compaction (the full history is sent); a compaction cut off by a reload leaves no divider', () => {
    const conv = newConversation();
    const a1 = turn(conv, 'q1', 'a1');
    compactAt(a1);
    const raw = JSON.parse(JSON.stringify(conv)) as { messages: Array<Record<string, unknown>> };
    raw.messages[1].compactionItems = 'not a list';
    const read = readConversation(raw)!;
    assert.deepEqual(read.dropped, [`${a1.id}.compactionItems`]);
    assert.equal((responsesInput(read.conversation, none)[0] as { role?: string }).role, 'system', 'without its item the divider compacts nothing');

    const running = newConversation();
    const r1 = turn(running, 'q1', 'a1');
    r1.parts.push({ type: 'compaction', id: 'c2', status: 'running' });
    assert.equal(settleInterrupted(running), true);
    assert.ok(!r1.parts.some((p) => p.type === 'compaction'));
    assert.equal(readPart({ type: 'compaction' }), undefined, 'a divider without an id is dropped, not guessed');
  });

  test('the context-too-long error offers Compact and Retry first on the Responses API, only New Chat elsewhere', () => {
    const info = { kind: 'contextTooLong' as const, message: 'The conversation is too long for the model: too many tokens.' };
    const responses = errorView(info, { canCompact: true });
    assert.deepEqual(responses.actions, ['compact', 'newChat', 'showLog']);
    assert.match(responses.message, /Compact the earlier turns and ask again/);
    const chat = errorView(info);
    assert.deepEqual(chat.actions, ['newChat', 'showLog']);
    assert.doesNotMatch(chat.message, /Compact/);
  });

  test('a server found without /responses/compact is remembered, per base URL, so the chat stops offering it there', () => {
    const store = new Map<string, unknown>();
    const memory = new ApiMemory({ get: <T>(k: string) => store.get(k) as T | undefined, update: async (k: string, v: unknown) => void store.set(k, v) });
    assert.equal(memory.hasCompaction('http://127.0.0.1:1234/v1'), true);
    memory.markNoCompaction('http://127.0.0.1:1234/v1');
    assert.equal(memory.hasCompaction('http://127.0.0.1:1234/v1'), false);
    assert.equal(memory.hasCompaction('https://api.x.ai/v1'), true);
    assert.equal(memory.hasResponses('http://127.0.0.1:1234/v1'), true, 'the Responses API itself is still used');
  });

  test('the divider says what was compacted; exported Markdown notes it where it happened', () => {
    assert.equal(compactionLabel({ status: 'done', tokensBefore: 12000, tokensAfter: 1200 }), 'Earlier turns compacted · 12,000 tokens → 1,200');
    assert.equal(compactionLabel({ status: 'done' }), 'Earlier turns compacted');
    assert.equal(compactionLabel({ status: 'running' }), 'Compacting earlier turns…');
    const conv = newConversation();
    const a1 = turn(conv, 'q1', 'a1');
    compactAt(a1);
    turn(conv, 'q2', 'a2');
    const md = exportMarkdown(conv);
    const note = md.indexOf('_Earlier turns compacted · 12,000 tokens → 1,200: the turns above went to Grok as one compacted item from here on._');
    assert.ok(note > md.indexOf('a1') && note < md.indexOf('q2'), md);
    assert.ok(!md.includes(BLOB), 'the encrypted item is not exported');
  });
});
