// The language model provider's message mapping: whatever a caller sends through vscode.lm, the request
// either maps to turns the server takes or is refused with a message saying what to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LmMessage, LmPart } from '../../src/lm/lmMessages';
import { LmInputError, mapMessages, promptCacheKey } from '../../src/lm/lmMessages';

const text = (t: string): LmPart => ({ kind: 'text', text: t });
const user = (...parts: LmPart[]): LmMessage => ({ role: 'user', parts });
const assistant = (...parts: LmPart[]): LmMessage => ({ role: 'assistant', parts });
const TEXT_ONLY = { imageInput: false };
const VISION = { imageInput: true };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

test('plain turns keep their order and roles; several text parts join into one string', () => {
  const mapped = mapMessages([{ role: 'system', parts: [text('Be brief.')] }, user(text('Hello, '), text('Grok')), assistant(text('Hi.')), user(text('Again'))], TEXT_ONLY);
  assert.deepEqual(mapped, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello, Grok' },
    { role: 'assistant', content: 'Hi.' },
    { role: 'user', content: 'Again' },
  ]);
});

test('roles in any order are passed on as given: two user turns in a row, a system turn in the middle, an assistant first', () => {
  const mapped = mapMessages([assistant(text('I start.')), user(text('a')), user(text('b')), { role: 'system', parts: [text('late rule')] }, user(text('c'))], TEXT_ONLY);
  assert.deepEqual(
    mapped.map((m) => [m.role, m.content]),
    [
      ['assistant', 'I start.'],
      ['user', 'a'],
      ['user', 'b'],
      ['system', 'late rule'],
      ['user', 'c'],
    ],
  );
});

test('empty text parts and messages with nothing in them are dropped (xAI refuses an empty message)', () => {
  const mapped = mapMessages([user(text('')), assistant(), user(text(''), text('real'), text('')), assistant(text(''))], TEXT_ONLY);
  assert.deepEqual(mapped, [{ role: 'user', content: 'real' }]);
});

test('unknown part types are left out; the rest of the message is kept', () => {
  const mapped = mapMessages([user({ kind: 'ignored', what: 'cache_control' }, text('question'), { kind: 'ignored', what: 'LanguageModelThinkingPart' })], TEXT_ONLY);
  assert.deepEqual(mapped, [{ role: 'user', content: 'question' }]);
});

test('a request with nothing to answer is refused with a clear message, not sent', () => {
  assert.throws(() => mapMessages([], TEXT_ONLY), (e: unknown) => e instanceof LmInputError && /nothing to answer/.test(e.message));
  assert.throws(() => mapMessages([user(text('')), { role: 'system', parts: [text('rules only')] }], TEXT_ONLY), LmInputError);
});

test('an unknown role is refused naming the message', () => {
  assert.throws(
    () => mapMessages([user(text('hi')), { role: undefined, parts: [text('?')] }], TEXT_ONLY),
    (e: unknown) => e instanceof LmInputError && /message 2 has a role/.test(e.message),
  );
});

test('a tool loop: the assistant call goes out as tool_calls, the result as a tool turn answering its id', () => {
  const mapped = mapMessages(
    [
      user(text('Weather in Berlin?')),
      assistant(text('Let me look.'), { kind: 'toolCall', callId: 'call_1', name: 'weather', input: { latitude: '52.52', longitude: '13.405' } }),
      user({ kind: 'toolResult', callId: 'call_1', text: '12 °C, rain' }, text('And tomorrow?')),
    ],
    TEXT_ONLY,
  );
  assert.deepEqual(mapped, [
    { role: 'user', content: 'Weather in Berlin?' },
    {
      role: 'assistant',
      content: 'Let me look.',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"latitude":"52.52","longitude":"13.405"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '12 °C, rain' },
    { role: 'user', content: 'And tomorrow?' },
  ]);
});

test('a call with no input sends {}; an empty result sends a placeholder rather than an empty message', () => {
  const mapped = mapMessages(
    [user(text('go')), assistant({ kind: 'toolCall', callId: 'c', name: 'now', input: undefined }), user({ kind: 'toolResult', callId: 'c', text: '' })],
    TEXT_ONLY,
  );
  assert.equal(mapped[1].tool_calls?.[0].function.arguments, '{}');
  assert.equal(mapped[1].content, '');
  assert.deepEqual(mapped[2], { role: 'tool', tool_call_id: 'c', content: '(no output)' });
});

test('a tool result for a call id no earlier message made is refused, naming the id', () => {
  assert.throws(
    () => mapMessages([user(text('hi')), user({ kind: 'toolResult', callId: 'ghost_7', text: 'data' })], TEXT_ONLY),
    (e: unknown) => e instanceof LmInputError && e.message.includes('"ghost_7"') && /no earlier assistant message made/.test(e.message),
  );
  // A result that comes before its call is just as unanswerable.
  assert.throws(
    () => mapMessages([user({ kind: 'toolResult', callId: 'c1', text: 'x' }), assistant({ kind: 'toolCall', callId: 'c1', name: 't', input: {} })], TEXT_ONLY),
    LmInputError,
  );
});

test('tool calls only come from the assistant; a call without an id is refused', () => {
  assert.throws(() => mapMessages([user({ kind: 'toolCall', callId: 'c', name: 't', input: {} })], TEXT_ONLY), /only assistant messages make tool calls/);
  assert.throws(() => mapMessages([user(text('x')), assistant({ kind: 'toolCall', callId: '', name: 't', input: {} })], TEXT_ONLY), /without a call id/);
});

test('a tool call input that cannot be JSON is refused, not thrown as a TypeError', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => mapMessages([user(text('x')), assistant({ kind: 'toolCall', callId: 'c', name: 't', input: cyclic })], TEXT_ONLY), LmInputError);
});

test('images go as data URLs beside the text, for models that take images', () => {
  const mapped = mapMessages([user(text('What is this?'), { kind: 'image', mimeType: 'image/PNG', data: PNG })], VISION);
  assert.deepEqual(mapped[0].content, [
    { type: 'text', text: 'What is this?' },
    { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` } },
  ]);
});

test('an image for a text-only model, in an assistant message, of another type, empty or too big is refused', () => {
  const image = (mimeType: string, data = PNG): LmPart => ({ kind: 'image', mimeType, data });
  assert.throws(() => mapMessages([user(image('image/png'))], TEXT_ONLY), /takes text only/);
  assert.throws(() => mapMessages([user(text('x')), assistant(image('image/png'))], VISION), /images go in user messages/);
  assert.throws(() => mapMessages([user(image('image/tiff'))], VISION), /image\/tiff/);
  assert.throws(() => mapMessages([user(image('image/png', new Uint8Array()))], VISION), /empty image/);
  assert.throws(() => mapMessages([user(image('image/png', new Uint8Array(20 * 1024 * 1024 + 1)))], VISION), /limit is 20 MiB/);
});

test('an image that is a view into a larger buffer sends only its own bytes', () => {
  const backing = new Uint8Array([9, 9, ...PNG, 9]);
  const view = backing.subarray(2, 2 + PNG.length);
  const mapped = mapMessages([user({ kind: 'image', mimeType: 'image/png', data: view })], VISION);
  const part = (mapped[0].content as Array<{ type: string; image_url?: { url: string } }>)[0];
  assert.equal(part.image_url?.url, `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`);
});

test('the prompt cache key stays the same as a chat grows and differs between chats and models', () => {
  const first = mapMessages([{ role: 'system', parts: [text('rules')] }, user(text('Question one'))], TEXT_ONLY);
  const later = mapMessages([{ role: 'system', parts: [text('rules')] }, user(text('Question one')), assistant(text('Answer')), user(text('Follow-up'))], TEXT_ONLY);
  const other = mapMessages([{ role: 'system', parts: [text('rules')] }, user(text('Another chat'))], TEXT_ONLY);
  const key = promptCacheKey('grok-4.3', first);
  assert.match(key, /^vscode-lm-[0-9a-f]{32}$/);
  assert.equal(promptCacheKey('grok-4.3', later), key);
  assert.notEqual(promptCacheKey('grok-4.3', other), key);
  assert.notEqual(promptCacheKey('grok-4-1-fast-non-reasoning', first), key);
});
