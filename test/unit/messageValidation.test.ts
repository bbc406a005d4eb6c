import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS, validateWebviewMessage } from '../../src/chat/messageValidation';
import type { WebviewMessage, WebviewMessageType } from '../../src/protocol';

const id = '0b7c1f1e-5d7a-4c8e-9a43-2f1d8c1c2a10';

// One valid example per type; the Record type makes this list fail to compile when protocol.ts grows.
const valid: { [K in WebviewMessageType]: Extract<WebviewMessage, { type: K }> } = {
  ready: { type: 'ready' },
  send: { type: 'send', text: 'Hello\nworld', images: [{ name: 'dot.png', mimeType: 'image/png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' }] },
  setOptions: { type: 'setOptions', options: { webSearch: true, xSearch: false, reasoningEffort: 'high' } },
  imagine: { type: 'imagine', prompt: 'a lighthouse at dusk' },
  saveImage: { type: 'saveImage', messageId: id, imageId: id },
  copyImage: { type: 'copyImage', messageId: id, imageId: id },
  stop: { type: 'stop' },
  regenerate: { type: 'regenerate' },
  editAndResend: { type: 'editAndResend', messageId: id, text: 'again' },
  newChat: { type: 'newChat' },
  selectModel: { type: 'selectModel', model: 'grok-4.3' },
  addContext: { type: 'addContext', kind: 'selection' },
  removeContext: { type: 'removeContext', id },
  mentionQuery: { type: 'mentionQuery', requestId: 3, query: 'app' },
  addMention: { type: 'addMention', kind: 'symbol', ref: '{"uri":"file:///w/a.ts","line":1,"character":0,"name":"greet","kind":11}' },
  openContext: { type: 'openContext', messageId: id, chipId: id },
  removeInstruction: { type: 'removeInstruction', id: '.grok/rules/style.md' },
  copyCode: { type: 'copyCode', code: 'x' },
  insertCode: { type: 'insertCode', code: '  if (a) {\n    b();\n  }' },
  replaceSelection: { type: 'replaceSelection', code: '' },
  openInNewFile: { type: 'openInNewFile', code: 'print(1)', language: 'python' },
  openLink: { type: 'openLink', href: 'https://x.ai/' },
  action: { type: 'action', action: 'setApiKey' },
  listHistory: { type: 'listHistory', query: 'cache', from: 200 },
  openConversation: { type: 'openConversation', id },
  renameConversation: { type: 'renameConversation', id, title: 'New name' },
  deleteConversation: { type: 'deleteConversation', id },
  exportConversation: { type: 'exportConversation', id },
  approveTool: { type: 'approveTool', callId: 'call_12966055', approved: false, reason: 'not on main' },
  openToolDiff: { type: 'openToolDiff', messageId: id, callId: 'call-8d42c1c4-e725-4592-b367-adc3f7ac24cb-0' },
  continueTask: { type: 'continueTask', taskId: 'mb1x2-0a1b2c3d', goOn: true },
  revertTask: { type: 'revertTask', messageId: id, taskId: 'mb1x2-0a1b2c3d' },
  openTaskDiff: { type: 'openTaskDiff', taskId: 'mb1x2-0a1b2c3d', path: 'src/a b.ts' },
};

// Invalid variants per type (missing fields, wrong types, too long, bad enums).
const invalid: { [K in WebviewMessageType]: unknown[] } = {
  ready: [],
  send: [
    { type: 'send' },
    { type: 'send', text: 42 },
    { type: 'send', text: 'x'.repeat(LIMITS.text + 1) },
    { type: 'send', text: 'x', images: [{ name: 'a.gif', mimeType: 'image/gif', dataUrl: 'data:image/gif;base64,R0lG' }] },
    { type: 'send', text: 'x', images: [{ name: 'a.png', mimeType: 'image/png', dataUrl: 'https://example.com/a.png' }] },
    { type: 'send', text: 'x', images: [{ name: 'a.png', mimeType: 'image/jpeg', dataUrl: 'data:image/png;base64,iVBO' }] },
    { type: 'send', text: 'x', images: Array.from({ length: LIMITS.images + 1 }, () => ({ name: 'a.png', mimeType: 'image/png', dataUrl: 'data:image/png;base64,iVBO' })) },
  ],
  setOptions: [{ type: 'setOptions' }, { type: 'setOptions', options: [] }],
  imagine: [{ type: 'imagine', prompt: '  ' }, { type: 'imagine', prompt: 'x'.repeat(LIMITS.prompt + 1) }],
  saveImage: [{ type: 'saveImage', messageId: id, imageId: '../x' }, { type: 'saveImage', messageId: id }],
  copyImage: [{ type: 'copyImage', imageId: id }],
  stop: [],
  regenerate: [],
  editAndResend: [
    { type: 'editAndResend', text: 'x' },
    { type: 'editAndResend', messageId: '../../etc/passwd', text: 'x' },
    { type: 'editAndResend', messageId: id },
  ],
  newChat: [],
  selectModel: [{ type: 'selectModel', model: '' }, { type: 'selectModel', model: 'grok 4' }, { type: 'selectModel', model: 'x'.repeat(201) }, { type: 'selectModel', model: ['a'] }],
  addContext: [{ type: 'addContext', kind: 'workspace' }, { type: 'addContext' }],
  removeContext: [{ type: 'removeContext', id: 7 }, { type: 'removeContext', id: '' }],
  mentionQuery: [{ type: 'mentionQuery', query: 'a' }, { type: 'mentionQuery', requestId: -1, query: 'a' }, { type: 'mentionQuery', requestId: 1.5, query: 'a' }, { type: 'mentionQuery', requestId: 1, query: 'x'.repeat(LIMITS.query + 1) }],
  addMention: [{ type: 'addMention', kind: 'selection', ref: 'x' }, { type: 'addMention', kind: 'file', ref: '' }, { type: 'addMention', kind: 'file', ref: 'x'.repeat(LIMITS.href + 1) }],
  openContext: [{ type: 'openContext', messageId: id, chipId: '../x' }, { type: 'openContext', chipId: id }],
  removeInstruction: [{ type: 'removeInstruction', id: ' ' }, { type: 'removeInstruction', id: 4 }],
  copyCode: [{ type: 'copyCode', code: null }, { type: 'copyCode', code: 'x'.repeat(LIMITS.code + 1) }],
  insertCode: [{ type: 'insertCode' }],
  replaceSelection: [{ type: 'replaceSelection', code: {} }],
  openInNewFile: [{ type: 'openInNewFile', code: 'x', language: 'java script' }, { type: 'openInNewFile', code: 'x', language: 5 }, { type: 'openInNewFile' }],
  openLink: [{ type: 'openLink', href: '' }, { type: 'openLink', href: 'x'.repeat(LIMITS.href + 1) }, { type: 'openLink' }],
  action: [{ type: 'action', action: 'runShell' }, { type: 'action' }],
  listHistory: [
    { type: 'listHistory' },
    { type: 'listHistory', query: 'x'.repeat(LIMITS.query + 1) },
    { type: 'listHistory', query: '', from: -1 },
    { type: 'listHistory', query: '', from: 1.5 },
    { type: 'listHistory', query: '', from: '200' },
  ],
  openConversation: [{ type: 'openConversation', id: 'a/b' }],
  renameConversation: [{ type: 'renameConversation', id, title: '   ' }, { type: 'renameConversation', id, title: 'x'.repeat(LIMITS.title + 1) }, { type: 'renameConversation', title: 'x' }],
  deleteConversation: [{ type: 'deleteConversation', id: '..' }, { type: 'deleteConversation' }],
  exportConversation: [{ type: 'exportConversation', id: 'x'.repeat(129) }],
  // An approval is a boolean from a button: a string "yes" (typed text) or a reason on an approval is refused.
  approveTool: [
    { type: 'approveTool', callId: 'call_1', approved: 'yes' },
    { type: 'approveTool', callId: 'call_1' },
    { type: 'approveTool', callId: 'call 1', approved: true },
    { type: 'approveTool', callId: 'call_1', approved: true, reason: 'because' },
    { type: 'approveTool', callId: 'call_1', approved: false, reason: 'x'.repeat(LIMITS.reason + 1) },
  ],
  openToolDiff: [{ type: 'openToolDiff', messageId: id }, { type: 'openToolDiff', messageId: id, callId: '../x' }],
  continueTask: [{ type: 'continueTask', taskId: 't1' }, { type: 'continueTask', taskId: 't1', goOn: 'true' }],
  revertTask: [{ type: 'revertTask', taskId: 't1' }, { type: 'revertTask', messageId: id, taskId: '../../x' }],
  openTaskDiff: [{ type: 'openTaskDiff', taskId: 't1', path: '' }, { type: 'openTaskDiff', taskId: 't1', path: 'x'.repeat(LIMITS.path + 1) }],
};

for (const [type, message] of Object.entries(valid)) {
  test(`valid ${type} passes and comes back as a fresh object with only its fields`, () => {
    const result = validateWebviewMessage({ ...message, extra: 'dropped', __proto__: { polluted: true } });
    assert.ok(result.ok, !result.ok ? result.reason : '');
    assert.deepEqual(result.message, message);
    assert.ok(!('extra' in result.message));
  });
}

for (const [type, messages] of Object.entries(invalid)) {
  for (const [i, message] of messages.entries()) {
    test(`invalid ${type} #${i + 1} is rejected with a reason`, () => {
      const result = validateWebviewMessage(message);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, new RegExp(`^${type}: `));
    });
  }
}

test('non-objects and unknown types are rejected', () => {
  for (const raw of [undefined, null, 'ready', 3, [], [{ type: 'ready' }], { type: 'toString' }, { type: '__proto__' }, { type: 'evil' }, { type: 7 }]) {
    const result = validateWebviewMessage(raw);
    assert.equal(result.ok, false, JSON.stringify(raw));
  }
});

test('renamed titles are trimmed; an optional empty language is dropped', () => {
  const r = validateWebviewMessage({ type: 'renameConversation', id, title: '  Spaced  ' });
  assert.ok(r.ok);
  assert.deepEqual(r.message, { type: 'renameConversation', id, title: 'Spaced' });
  const o = validateWebviewMessage({ type: 'openInNewFile', code: 'x', language: '' });
  assert.ok(o.ok);
  assert.deepEqual(o.message, { type: 'openInNewFile', code: 'x' });
});
