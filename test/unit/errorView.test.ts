// The chat's answer to a conversation that outgrew the model's context: New Chat, not only Show Log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorView } from '../../src/platform/errorView';
import { failureActions } from '../../src/editor/failureActions';
import { validateWebviewMessage } from '../../src/chat/messageValidation';

const tooLong = { kind: 'contextTooLong' as const, message: "This model's maximum prompt length is 131072 but the request contains 625077 tokens." };

test('context too long offers New Chat first (then Show Log), and says why', () => {
  const view = errorView(tooLong);
  assert.deepEqual(view.actions, ['newChat', 'showLog']);
  assert.match(view.message, /Start a new chat/);
});

test('the page may ask for New Chat as an error action; an editor request does not offer it', () => {
  assert.deepEqual(validateWebviewMessage({ type: 'action', action: 'newChat' }), { ok: true, message: { type: 'action', action: 'newChat' } });
  assert.deepEqual(failureActions(tooLong, true).actions, ['showLog']);
});
