// The buttons a failed editor request shows, per error kind: the one that fixes it is always there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureActions, TIMEOUT_SETTINGS_QUERY } from '../../src/editor/failureActions';
import type { XaiErrorInfo } from '../../src/xai/types';

const info = (kind: XaiErrorInfo['kind'], message = 'it failed.'): XaiErrorInfo => ({ kind, message });

test('a timeout offers Retry and Open Settings on the grok.timeouts settings, and says where the limits are', () => {
  const view = failureActions(info('timeout', 'No answer from api.x.ai within 300 s (the first-byte timeout).'), true);
  assert.deepEqual(view.actions, ['retry', 'openSettings', 'showLog']);
  assert.equal(view.settingsQuery, TIMEOUT_SETTINGS_QUERY);
  assert.equal(TIMEOUT_SETTINGS_QUERY, 'grok.timeouts');
  assert.match(view.message, /grok\.timeouts/);
});

test('a timeout without a way to retry still offers the settings', () => {
  assert.deepEqual(failureActions(info('timeout'), false).actions, ['openSettings', 'showLog']);
});

test('a rate limit (429 after retries) offers Retry, and no Retry when the caller cannot retry', () => {
  assert.deepEqual(failureActions(info('rateLimited'), true).actions, ['retry', 'showLog']);
  assert.deepEqual(failureActions(info('rateLimited'), false).actions, ['showLog']);
});

test('a refused key offers Set API Key; a missing model offers Choose Model; no credits offers no Retry', () => {
  assert.ok(failureActions(info('badKey'), true).actions.includes('setApiKey'));
  assert.ok(failureActions(info('noPermission'), true).actions.includes('setApiKey'));
  assert.ok(failureActions(info('modelNotFound'), true).actions.includes('chooseModel'));
  assert.ok(!failureActions(info('outOfCredits'), true).actions.includes('retry'));
  const onXai = failureActions({ ...info('outOfCredits'), xaiBilling: true }, true);
  assert.match(onXai.message, /console\.x\.ai/);
  assert.deepEqual(onXai.actions, ['openBilling', 'showLog']);
});

test('network and service failures offer Retry and the log; nothing but a timeout opens settings', () => {
  for (const kind of ['network', 'unavailable'] as const) assert.deepEqual(failureActions(info(kind), true).actions, ['retry', 'showLog'], kind);
  for (const kind of ['badKey', 'rateLimited', 'network', 'unavailable', 'malformed', 'contextTooLong'] as const) {
    assert.ok(!failureActions(info(kind), true).actions.includes('openSettings'), kind);
  }
});
