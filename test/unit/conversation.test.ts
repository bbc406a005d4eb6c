import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { reasoningOf, textOf } from '../../src/shared/messageParts';
import {
  addAssistantMessage,
  addUserMessage,
  buildRequestMessages,
  conversationView,
  editIndex,
  fenced,
  imaginePrompt,
  isConversation,
  previewOf,
  contextBlock,
  readConversation,
  newConversation,
  regenerateIndex,
  settleInterrupted,
  SYSTEM_PROMPT,
  titleFrom,
  totalUsage,
  truncateAt,
  type ContextItem,
} from '../../src/conversation/conversation';

function selection(content: string): ContextItem {
  return {
    chip: { id: 'c1', kind: 'selection', label: 'src/app.ts:10-12', language: 'typescript', chars: content.length },
    content,
    path: 'src/app.ts',
    startLine: 10,
    endLine: 12,
  };
}

function file(content: string, truncated = false): ContextItem {
  return { chip: { id: 'c2', kind: 'file', label: 'README.md', language: 'markdown', chars: content.length }, content, path: 'README.md', truncated };
}

test('request: system prompt, then turns in order, context inlined before the question', () => {
  const conv = newConversation(1);
  addUserMessage(conv, 'What does this do?', [selection('const a = 1;\nconst b = 2;\nconst c = a + b;')]);
  const answer = addAssistantMessage(conv, 'grok-4');
  answer.parts = [{ type: 'text', text: 'It adds.' }];
  answer.status = 'done';
  addUserMessage(conv, 'And this file?', [file('# Title\n```js\nx()\n```\n', true)]);

  const messages = buildRequestMessages(conv);
  assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
  assert.equal(messages[0].content, SYSTEM_PROMPT);
  assert.equal(
    messages[1].content,
    'Selection from `src/app.ts`, lines 10-12:\n```typescript\nconst a = 1;\nconst b = 2;\nconst c = a + b;\n```\n\nWhat does this do?',
  );
  assert.equal(messages[2].content, 'It adds.');
  const last = messages[3].content as string;
  // A triple backtick inside the file cannot close the fence: the fence is longer.
  assert.match(last, /^File `README.md` \(truncated to the first \d+ characters\):\n````markdown\n# Title\n```js\nx\(\)\n```\n````\n\nAnd this file\?$/);
});

test('request: answers without text (errors, stopped before a token) and streaming ones are left out', () => {
  const conv = newConversation(1);
  addUserMessage(conv, 'one');
  const failed = addAssistantMessage(conv, 'm');
  failed.status = 'error';
  addUserMessage(conv, 'two');
  const stopped = addAssistantMessage(conv, 'm');
  stopped.status = 'stopped';
  stopped.parts = [{ type: 'text', text: 'partial' }];
  addUserMessage(conv, 'three');
  addAssistantMessage(conv, 'm'); // streaming, the one being answered
  const messages = buildRequestMessages(conv, '');
  assert.deepEqual(
    messages.map((m) => [m.role, m.content]),
    [
      ['user', 'one'],
      ['user', 'two'],
      ['assistant', 'partial'],
      ['user', 'three'],
    ],
  );
});

test('fenced picks a language-safe tag and a fence longer than any backtick run', () => {
  assert.equal(fenced('a', 'ts'), '```ts\na\n```');
  assert.equal(fenced('````x', 'weird lang<script>'), '`````weirdlangscript\n````x\n`````');
});

test('title comes from the first line of the first question, shortened; renamed titles stay', () => {
  assert.equal(titleFrom('  Fix   the bug\nin here'), 'Fix the bug');
  assert.equal(titleFrom(''), 'New chat');
  assert.equal(titleFrom('x'.repeat(200)).length, 80);
  // From the first question's prose: pasted code first, Markdown marks and backticks left out.
  assert.equal(titleFrom('```js\nconst x = y.map(f);\n```\nWhy does this throw on an empty list?'), 'Why does this throw on an empty list?');
  assert.equal(titleFrom('## Refactor `parseConfig` to **async**'), 'Refactor parseConfig to async');
  assert.equal(titleFrom('- rename snake_case_names'), 'rename snake_case_names');
  assert.equal(titleFrom('```\nonly code here\n```'), 'only code here');
  const conv = newConversation(1);
  addUserMessage(conv, 'First question');
  addUserMessage(conv, 'Second question');
  assert.equal(conv.title, 'First question');
  const renamed = newConversation(1);
  renamed.title = 'Mine';
  renamed.titleEdited = true;
  addUserMessage(renamed, 'Question');
  assert.equal(renamed.title, 'Mine');
});

test('regenerate cuts the answers after the last question; edit finds user messages only', () => {
  const conv = newConversation(1);
  assert.equal(regenerateIndex(conv), undefined);
  const q1 = addUserMessage(conv, 'q1');
  const a1 = addAssistantMessage(conv, 'm');
  addUserMessage(conv, 'q2');
  const a2 = addAssistantMessage(conv, 'm');
  assert.equal(regenerateIndex(conv), 3);
  assert.equal(truncateAt(conv, 3), a2.id);
  assert.equal(conv.messages.length, 3);
  // The last message is the user's (the answer failed before it was added): nothing to cut.
  assert.equal(regenerateIndex(conv), 3);
  assert.equal(truncateAt(conv, 3), undefined);

  assert.equal(editIndex(conv, q1.id), 0);
  assert.equal(editIndex(conv, a1.id), undefined);
  assert.equal(editIndex(conv, 'nope'), undefined);
  assert.equal(truncateAt(conv, 0), q1.id);
  assert.equal(conv.messages.length, 0);
});

test('totals sum every answer; cost only where known', () => {
  const conv = newConversation(1);
  assert.equal(totalUsage(conv), undefined);
  addUserMessage(conv, 'q');
  const a = addAssistantMessage(conv, 'm');
  a.usage = { promptTokens: 100, cachedPromptTokens: 20, completionTokens: 50, reasoningTokens: 10, costUsd: 0.001 };
  addUserMessage(conv, 'q');
  const b = addAssistantMessage(conv, 'm');
  b.usage = { promptTokens: 200, cachedPromptTokens: 0, completionTokens: 5, reasoningTokens: 0 };
  const c = addAssistantMessage(conv, 'm');
  c.usage = { promptTokens: 1, cachedPromptTokens: 1, completionTokens: 1, reasoningTokens: 1, costUsd: 0.002 };
  const total = totalUsage(conv);
  assert.ok(total);
  assert.equal(total.promptTokens, 301);
  assert.equal(total.cachedPromptTokens, 21);
  assert.equal(total.completionTokens, 56);
  assert.equal(total.reasoningTokens, 11);
  assert.ok(Math.abs((total.costUsd ?? 0) - 0.003) < 1e-12);

  const noPrices = newConversation(1);
  addAssistantMessage(noPrices, 'm').usage = { promptTokens: 1, cachedPromptTokens: 0, completionTokens: 1, reasoningTokens: 0 };
  assert.equal(totalUsage(noPrices)?.costUsd, undefined);
  assert.deepEqual(conversationView(conv).totalUsage, total);
});

test('views carry chips, not the attached text', () => {
  const conv = newConversation(1);
  addUserMessage(conv, 'q', [selection('secret-ish code')]);
  const view = conversationView(conv);
  assert.deepEqual(view.messages[0].context, [conv.messages[0].context![0].chip]);
  assert.ok(!JSON.stringify(view).includes('secret-ish code'));
});

test('readConversation reads what we write, and refuses only a top level that is not a conversation', () => {
  const conv = newConversation(1);
  addUserMessage(conv, 'q', [selection('x')]);
  addAssistantMessage(conv, 'm');
  const read = readConversation(JSON.parse(JSON.stringify(conv)));
  assert.ok(read);
  assert.deepEqual(read.conversation, conv);
  assert.deepEqual(read.dropped, []);
  assert.equal(read.migratedFrom, undefined);
  assert.ok(!isConversation(null));
  assert.equal(readConversation({ ...conv, messages: 'no' }), undefined);
  // A message the model cannot use (a role it does not know, a bad context list) costs that message or field only.
  const odd = readConversation({ ...conv, messages: [{ id: 'x', role: 'system', parts: [], status: 'done' }, { id: 'y', role: 'user', parts: [{ type: 'text', text: 'kept' }], status: 'done', context: [{}] }] });
  assert.ok(odd);
  assert.deepEqual(odd.conversation.messages.map((m) => textOf(m)), ['kept']);
  assert.deepEqual(odd.dropped.sort(), ['message x', 'y.context']);
});

test('a message still streaming when loaded is settled as stopped', () => {
  const conv = newConversation(1);
  addUserMessage(conv, 'q');
  const a = addAssistantMessage(conv, 'm');
  a.parts = [{ type: 'text', text: 'half' }];
  assert.equal(settleInterrupted(conv), true);
  assert.equal(a.status, 'stopped');
  assert.equal(textOf(a), 'half');
  assert.equal(settleInterrupted(conv), false);
});

test('a chip preview is the start of what is sent, marked when cut', () => {
  assert.equal(previewOf('a\nb'), 'a\nb');
  const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
  assert.equal(previewOf(long), `${long.split('\n').slice(0, 12).join('\n')}\n…`);
  assert.equal(previewOf('x'.repeat(5000)), `${'x'.repeat(800)}\n…`);
});

test('readConversation drops wrong-typed optional fields and unknown parts, and keeps the text', () => {
  const conv = newConversation(1000);
  addUserMessage(conv, 'q', [], 1000);
  const a = addAssistantMessage(conv, 'grok-4', 1000);
  a.parts = [{ type: 'text', text: 'answer' }];
  const raw = JSON.parse(JSON.stringify(conv));
  Object.assign(raw.messages[1], { usage: { promptTokens: '1' }, error: { kind: 'x', message: 'y', actions: 'retry' }, model: 7, answerStartedAt: Infinity });
  raw.messages[1].parts.push({ type: 'hologram', bytes: 3 }, { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'teleporting', query: 'q' });
  const read = readConversation(raw);
  assert.ok(read);
  assert.deepEqual(read.dropped.sort(), [`${a.id}.answerStartedAt`, `${a.id}.error`, `${a.id}.model`, `${a.id}.parts[hologram]`, `${a.id}.usage`].sort());
  const m = read.conversation.messages[1];
  assert.deepEqual(Object.keys(m).filter((k) => ['usage', 'error', 'model', 'answerStartedAt'].includes(k)), []);
  assert.equal(textOf(m), 'answer');
  // A known part with an unknown status is kept, with the status it can show.
  assert.deepEqual(m.parts[1], { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'failed', query: 'q' });
  assert.deepEqual(readConversation(JSON.parse(JSON.stringify(read.conversation)))?.dropped, [], 'a sound conversation is left alone');
});

test('a version-1 history file (text and reasoning as fields) is read and migrated to parts', async () => {
  const raw = JSON.parse(await readFile(path.join(__dirname, '..', 'fixtures', 'conversation-v1.json'), 'utf8'));
  assert.equal(raw.version, 1);
  const read = readConversation(raw);
  assert.ok(read, 'the file opens');
  assert.equal(read.migratedFrom, 1);
  assert.deepEqual(read.dropped, []);
  const conv = read.conversation;
  assert.equal(conv.version, 2);
  assert.equal(conv.title, raw.title);
  assert.deepEqual(conv.messages.map((m) => m.role), raw.messages.map((m: { role: string }) => m.role));
  conv.messages.forEach((m, i) => {
    assert.equal(textOf(m), raw.messages[i].text, `message ${i} text`);
    assert.equal(reasoningOf(m), raw.messages[i].reasoning ?? '', `message ${i} reasoning`);
    assert.ok(!('text' in m) && !('reasoning' in m), 'the old fields are gone');
  });
  assert.deepEqual(conv.messages[0].context, raw.messages[0].context, 'attachments are kept exactly');
  assert.deepEqual(conv.messages[1].usage, raw.messages[1].usage);
  assert.deepEqual(conv.messages[3].error, raw.messages[3].error);
  // Migrated once: what is saved reads back as version 2 without changes.
  const again = readConversation(JSON.parse(JSON.stringify(conv)));
  assert.equal(again?.migratedFrom, undefined);
  assert.deepEqual(again?.conversation, conv);
  // The chat completion sent for it is what version 1 sent.
  assert.deepEqual(buildRequestMessages(conv, '').map((m) => m.content), [
    `${contextBlock(raw.messages[0].context[0])}\n\n${raw.messages[0].text}`,
    raw.messages[1].text,
    raw.messages[2].text,
  ]);
});

test('imaginePrompt: an "/imagine <prompt>" turn names its prompt; a question, or /imagine alone, does not', () => {
  assert.equal(imaginePrompt('/imagine a lighthouse at dusk'), 'a lighthouse at dusk');
  assert.equal(imaginePrompt('/imagine  two lines\nof prompt '), 'two lines\nof prompt');
  assert.equal(imaginePrompt('/imagine'), undefined);
  assert.equal(imaginePrompt('/imagine   '), undefined);
  assert.equal(imaginePrompt('how does /imagine work?'), undefined);
  assert.equal(imaginePrompt('/imagined things'), undefined);
});
