import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportMarkdown } from '../../src/conversation/markdownExport';
import { addAssistantMessage, addUserMessage, newConversation } from '../../src/conversation/conversation';

test('export: title, role headings, attachments fenced, answers verbatim, model, usage and totals', () => {
  const conv = newConversation(Date.UTC(2026, 0, 2, 3, 4));
  addUserMessage(conv, 'Why does this fail?', [
    {
      chip: { id: 'c', kind: 'selection', label: 'src/a.ts:1-2', language: 'typescript', chars: 20 },
      content: 'const s = "```";\nfail(s);',
      path: 'src/a.ts',
      startLine: 1,
      endLine: 2,
    },
  ]);
  const a = addAssistantMessage(conv, 'grok-4.3');
  a.parts = [
    { type: 'reasoning', text: 'The user has a fence inside a string.' },
    { type: 'text', text: 'Because:\n\n```ts\nconst s = "`" + "``";\n```\n\nDone.' },
  ];
  a.status = 'done';
  a.usage = { promptTokens: 1234, cachedPromptTokens: 200, completionTokens: 56, reasoningTokens: 78, costUsd: 0.0123 };
  addUserMessage(conv, 'Thanks');
  const b = addAssistantMessage(conv, 'grok-4.3');
  b.parts = [{ type: 'text', text: 'You are' }];
  b.status = 'stopped';
  addUserMessage(conv, 'Again');
  const c = addAssistantMessage(conv, 'grok-4.3');
  c.status = 'error';
  c.error = { kind: 'rateLimited', message: 'xAI is rate limiting requests.', actions: ['retry'] };

  const md = exportMarkdown(conv);
  assert.equal(
    md,
    [
      '# Why does this fail?',
      '_Started 2026-01-02 03:04 UTC · 6 messages_',
      '## You',
      'Attached `src/a.ts:1-2`:\n\n````typescript\nconst s = "```";\nfail(s);\n````',
      'Why does this fail?',
      '## Grok (grok-4.3)',
      '<details>\n<summary>Thinking</summary>\n\nThe user has a fence inside a string.\n\n</details>',
      'Because:\n\n```ts\nconst s = "`" + "``";\n```\n\nDone.',
      '_1,234 prompt (200 cached) · 56 completion · 78 reasoning tokens · $0.0123_',
      '## You',
      'Thanks',
      '## Grok (grok-4.3)',
      'You are',
      '_Stopped._',
      '## You',
      'Again',
      '## Grok (grok-4.3)',
      '_Error: xAI is rate limiting requests._',
      '---',
      '**Total:** 1,234 prompt (200 cached) · 56 completion · 78 reasoning tokens · $0.0123',
    ].join('\n\n') + '\n',
  );
});

test('export of an empty conversation is just its title', () => {
  const conv = newConversation(0);
  assert.equal(exportMarkdown(conv), '# New chat\n\n_Started 1970-01-01 00:00 UTC · 0 messages_\n');
});

test('citations export as footnotes: inline markers become [^n], every source is a footnote, unmarked ones listed', () => {
  const conv = newConversation(Date.UTC(2026, 0, 2, 3, 4));
  addUserMessage(conv, 'News?');
  const a = addAssistantMessage(conv, 'grok-4.3');
  a.status = 'done';
  a.parts = [
    { type: 'serverTool', id: 'ws_1', kind: 'web_search', status: 'completed', query: 'vscode news' },
    { type: 'text', text: 'A release [[1]](https://a.example/x) and a post [[2]](https://x.com/code/status/1).' },
    { type: 'citations', sources: [{ url: 'https://a.example/x', title: 'Release [notes]' }, { url: 'https://x.com/code/status/1' }, { url: 'https://b.example/' }] },
  ];
  const md = exportMarkdown(conv);
  assert.match(md, /_Searched the web: vscode news_/);
  assert.match(md, /A release \[\^1\] and a post \[\^2\]\./);
  assert.match(md, /Sources: \[\^3\]/);
  assert.match(md, /\[\^1\]: Release notes <https:\/\/a\.example\/x>\n\[\^2\]: <https:\/\/x\.com\/code\/status\/1>\n\[\^3\]: <https:\/\/b\.example\/>/);
});

test('a source titled with its own number (as xAI titles url_citation annotations) exports without that title', () => {
  const conv = newConversation(Date.UTC(2026, 0, 2, 3, 4));
  addUserMessage(conv, 'News?');
  const a = addAssistantMessage(conv, 'grok-4.3');
  a.status = 'done';
  a.parts = [
    { type: 'text', text: 'Ruby 4 [[1]](https://www.ruby-lang.org/en/).' },
    { type: 'citations', sources: [{ url: 'https://www.ruby-lang.org/en/', title: '1' }, { url: 'https://b.example/', title: ' [2] ' }] },
  ];
  const md = exportMarkdown(conv);
  assert.match(md, /\[\^1\]: <https:\/\/www\.ruby-lang\.org\/en\/>\n\[\^2\]: <https:\/\/b\.example\/>/);
});
