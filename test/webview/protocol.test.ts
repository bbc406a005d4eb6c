// The contract: every HostMessage type in src/protocol.ts is handled by the page (checked against the
// source with the TypeScript compiler API, then exercised in the browser with one sample of each type,
// each with a visible effect); unknown or malformed messages are ignored without an error. Also: the
// test shell's CSP is the one src/chat/webviewHtml.ts builds, and the bundle fits its budget.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { chatCsp } from '../../src/chat/csp';
import { PAGE_STRINGS } from '../../src/shared/pageStrings';
import type { HostMessage, HostMessageType } from '../../src/protocol';
import { handledHostMessageTypes, parseHostMessage } from '../../src/webview/hostMessages';
import { assistantMessage, buildWebview, type ChatPage, closePage, ROOT, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();

/** The `type` literal of every variant of `HostMessage`, read from protocol.ts itself. */
function hostMessageTypesInSource(): string[] {
  const file = path.join(ROOT, 'src/protocol.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const types: string[] = [];
  source.forEachChild((node) => {
    if (!ts.isTypeAliasDeclaration(node) || node.name.text !== 'HostMessage' || !ts.isUnionTypeNode(node.type)) return;
    for (const member of node.type.types) {
      assert.ok(ts.isTypeLiteralNode(member), 'each HostMessage variant is an object type literal');
      for (const prop of member.members) {
        if (ts.isPropertySignature(prop) && prop.name.getText(source) === 'type' && prop.type && ts.isLiteralTypeNode(prop.type) && ts.isStringLiteral(prop.type.literal)) {
          types.push(prop.type.literal.text);
        }
      }
    }
  });
  return types;
}

test('the page handles exactly the HostMessage types protocol.ts declares', () => {
  const declared = hostMessageTypesInSource();
  assert.ok(declared.length >= 12, `found ${declared.length} types`);
  assert.deepEqual([...handledHostMessageTypes()].sort(), [...declared].sort());
});

// One sample per type (the mapped type makes the compiler demand every one) and how to see its effect.
const samples: { [K in HostMessageType]: { msg: Extract<HostMessage, { type: K }>; check(chat: ChatPage): Promise<void> } } = {
  snapshot: {
    msg: snapshot({ messages: [userMessage('u1', 'hello there')] }) as Extract<HostMessage, { type: 'snapshot' }>,
    check: async (chat) => assert.equal(await chat.page.locator('[data-message-id="u1"] .user-text').textContent(), 'hello there'),
  },
  messageAdded: {
    msg: { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming' }) },
    check: async (chat) => assert.equal(await chat.page.locator('[data-message-id="a1"]').count(), 1),
  },
  delta: {
    msg: { type: 'delta', messageId: 'a1', text: '**bold** answer\n\n```js\nconst x = 1;\n```\n' },
    check: async (chat) => {
      await chat.frames();
      assert.equal(await chat.page.locator('[data-message-id="a1"] strong').textContent(), 'bold');
    },
  },
  part: {
    msg: { type: 'part', messageId: 'a1', part: { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'searching', query: 'vscode webviews' } },
    check: async (chat) => assert.equal(await chat.page.locator('[data-message-id="a1"] .tool-card').textContent(), '◌Searching the web: vscode webviews'),
  },
  messageDone: {
    msg: { type: 'messageDone', messageId: 'a1', status: 'done', usage: { promptTokens: 1, cachedPromptTokens: 0, completionTokens: 2, reasoningTokens: 0, costUsd: 0.5 } },
    check: async (chat) => assert.equal(await chat.page.locator('[data-message-id="a1"] .usage').textContent(), '1 in · 2 out · $0.5000'),
  },
  generating: {
    msg: { type: 'generating', generating: true },
    check: async (chat) => assert.ok(await chat.page.getByRole('button', { name: 'Stop generating (Escape)' }).isVisible()),
  },
  truncate: {
    msg: { type: 'truncate', fromMessageId: 'a1' },
    check: async (chat) => assert.equal(await chat.page.locator('[data-message-id="a1"]').count(), 0),
  },
  models: {
    msg: { type: 'models', models: [{ id: 'grok-x' }, { id: 'grok-y' }], model: 'grok-y' },
    check: async (chat) => assert.equal(await chat.page.getByRole('combobox', { name: 'Model' }).inputValue(), 'grok-y'),
  },
  options: {
    msg: { type: 'options', options: { webSearch: true }, defaultMode: 'agent' },
    check: async (chat) => {
      assert.equal(await chat.page.getByRole('button', { name: 'Web search' }).getAttribute('aria-pressed'), 'true');
      assert.equal(await chat.page.getByRole('combobox', { name: 'Mode', exact: true }).inputValue(), 'agent');
    },
  },
  keyStatus: {
    msg: { type: 'keyStatus', hasKey: false },
    check: async (chat) => assert.ok(await chat.page.locator('.setup-card').isVisible()),
  },
  pendingContext: {
    msg: { type: 'pendingContext', chips: [{ id: 'c', kind: 'file', label: 'a.ts', chars: 5 }] },
    check: async (chat) => assert.equal(await chat.page.locator('.composer .chip-label').textContent(), 'a.ts'),
  },
  mentionResults: {
    msg: { type: 'mentionResults', requestId: 1, query: 'a', items: [{ kind: 'file', label: 'app.ts', detail: 'src/app.ts', ref: 'file:///w/src/app.ts' }] },
    // Shown only as the answer to the page's own latest query: type a mention, then the host's answer lists it.
    check: async (chat) => {
      await chat.page.getByRole('textbox', { name: 'Message Grok' }).pressSequentially('#a');
      let asked: { requestId: number } | undefined;
      for (let i = 0; i < 100 && !asked; i++) {
        asked = (await chat.postedOf('mentionQuery')).filter((m) => m.query === 'a').pop();
        if (!asked) await chat.page.waitForTimeout(20);
      }
      assert.ok(asked, 'the page asked for its mention');
      await chat.post({ type: 'mentionResults', requestId: asked.requestId, query: 'a', items: [{ kind: 'file', label: 'app.ts', detail: 'src/app.ts', ref: 'file:///w/src/app.ts' }] });
      assert.equal(await chat.page.getByRole('option', { name: /app\.ts/ }).getAttribute('aria-selected'), 'true');
      await chat.page.keyboard.press('Escape');
    },
  },
  instructions: {
    msg: { type: 'instructions', chips: [{ id: 'AGENTS.md', kind: 'rules', label: 'Rules: AGENTS.md', chars: 12, preview: 'Use tabs.' }] },
    check: async (chat) => assert.equal(await chat.page.locator('.composer .chip-rules .chip-label').textContent(), 'Rules: AGENTS.md'),
  },
  unsent: {
    msg: { type: 'unsent', text: 'Refused question', images: [{ name: 'dot.png', mimeType: 'image/png', dataUrl: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' }] },
    check: async (chat) => {
      assert.match(await chat.page.locator('.composer-input').inputValue(), /^Refused question/);
      assert.equal(await chat.page.locator('.attached-images img[alt="dot.png"]').count(), 1);
    },
  },
  history: {
    msg: { type: 'history', query: '', items: [{ id: 'h', title: 'Old', updatedAt: 0, messageCount: 2 }] },
    check: async (chat) => assert.equal(await chat.page.locator('.history-title').textContent(), 'Old'),
  },
  notice: {
    msg: { type: 'notice', level: 'info', message: 'Heads up' },
    check: async (chat) => assert.equal(await chat.page.locator('.notice-message').textContent(), 'Heads up'),
  },
  tokenColors: {
    msg: { type: 'tokenColors', colors: { keyword: '#ff8080' } },
    check: async (chat) =>
      assert.equal(await chat.page.locator('[data-message-id="a1"] .hljs-keyword').evaluate((el) => getComputedStyle(el).color), 'rgb(255, 128, 128)'),
  },
  answerPhase: {
    msg: { type: 'answerPhase', messageId: 'a1', state: { phase: 'retrying', attempt: 1, delayMs: 9000, reason: 'rateLimited', status: 429, since: Date.now() } },
    check: async (chat) => assert.match((await chat.page.locator('[data-message-id="a1"] .thinking-label').textContent()) ?? '', /^Waiting \d s: rate limited/),
  },
  strings: {
    // A table arriving after the page was built applies to what is drawn next: the next answer's buttons.
    msg: { type: 'strings', strings: { ...PAGE_STRINGS, 'message.copy': 'Kopieren' } },
    check: async (chat) => {
      await chat.post({ type: 'messageAdded', message: assistantMessage('a9', 'later') }, { type: 'messageDone', messageId: 'a9', status: 'done' });
      // The history is open over the chat here, so the button is found by its label rather than its role.
      assert.equal(await chat.page.locator('[data-message-id="a9"] button[aria-label="Copy answer as Markdown"]').textContent(), 'Kopieren');
    },
  },
  showHistory: {
    msg: { type: 'showHistory' },
    check: async (chat) => {
      assert.ok(await chat.page.getByRole('searchbox', { name: 'Search conversations' }).isVisible());
      assert.equal(await chat.page.locator('.chat-view').isVisible(), false);
    },
  },
  focusInput: {
    msg: { type: 'focusInput' },
    // The key is gone (keyStatus above), so focus goes to the setup card's button.
    check: async (chat) => assert.ok(await chat.page.getByRole('button', { name: 'Set API Key' }).evaluate((el) => el === document.activeElement)),
  },
};

test('every HostMessage type has a visible effect in the page', async () => {
  const chat = await pages.open();
  // answerPhase goes to the answer messageAdded starts, before its text (delta) arrives.
  const order: HostMessageType[] = ['snapshot', 'messageAdded', 'answerPhase', 'delta', 'part', 'messageDone', 'tokenColors', 'generating', 'truncate', 'models', 'options', 'pendingContext', 'mentionResults', 'instructions', 'unsent', 'notice', 'keyStatus', 'focusInput', 'showHistory', 'history', 'strings'];
  assert.deepEqual([...order].sort(), [...handledHostMessageTypes()].sort());
  for (const type of order) {
    await chat.post(samples[type].msg);
    await samples[type].check(chat);
  }
  await chat.assertClean();
  await closePage(chat);
});

test('unknown and malformed messages are ignored without an error', async () => {
  const junk: unknown[] = [
    null, 42, 'snapshot', [], {}, { type: 'nope' }, { type: 'toString' }, { type: '__proto__' },
    { type: 'delta' }, { type: 'delta', messageId: 5, text: 'x' },
    { type: 'snapshot', conversation: null }, { type: 'snapshot', conversation: { id: 'c', messages: [{ id: 1 }] }, hasKey: true },
    { type: 'messageAdded', message: { id: 'm', role: 'system', text: 'x', status: 'done' } },
    { type: 'messageDone', messageId: 'x', status: 'weird' }, { type: 'history', items: 'no', query: '' },
    { type: 'notice', level: 'fatal', message: 'x' }, { type: 'notice', level: 'info', message: 'x', key: 5 }, { type: 'models', models: [{}], model: 'm' },
  ];
  for (const j of junk) assert.equal(parseHostMessage(j), undefined, JSON.stringify(j));
  // Well-formed but about nothing the page has: no-ops.
  const stale: HostMessage[] = [
    { type: 'delta', messageId: 'missing', text: 'x' },
    { type: 'messageDone', messageId: 'missing', status: 'done' },
    { type: 'truncate', fromMessageId: 'missing' },
  ];
  const chat = await pages.open();
  await chat.post(snapshot({ messages: [userMessage('u1', 'still here')] }));
  await chat.page.evaluate((msgs) => {
    for (const m of msgs) window.postMessage(m, '*');
  }, [...junk, ...stale]);
  await chat.post(snapshot({ messages: [userMessage('u1', 'still here')] }));
  assert.equal(await chat.page.locator('.user-text').textContent(), 'still here');
  await chat.assertClean();
  await closePage(chat);
});

test('the CSP the chat runs under (shared by the extension and this test shell) allows nothing inline or remote', () => {
  const directives = new Map(chatCsp('https://SOURCE', 'NONCE').split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'nonce-NONCE'"]);
  assert.deepEqual(directives.get('style-src'), ['https://SOURCE']);
  for (const [name, sources] of directives) {
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:']) assert.ok(!sources.includes(bad), `${name} allows ${bad}`);
  }
  // The extension builds its HTML with this function, not a copy of it.
  assert.match(fs.readFileSync(path.join(ROOT, 'src/chat/webviewHtml.ts'), 'utf8'), /chatCsp\(webview\.cspSource, nonce\)/);
});

test('the webview bundle stays within 350 KB minified', async () => {
  const size = Buffer.byteLength(await buildWebview());
  console.log(`dist/webview.js (minified): ${(size / 1024).toFixed(1)} KB`);
  assert.ok(size <= 350 * 1024, `${size} bytes`);
});
