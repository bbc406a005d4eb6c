// How a tool call's arguments are read for its card (src/webview/toolArguments.ts): only arguments of
// exactly the tool's shape are shown transformed; anything else is the JSON as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argumentsView, editLines } from '../../src/webview/toolArguments';

test('edit_file: the blocks, with the other plain values beside them', () => {
  const view = argumentsView('edit_file', JSON.stringify({ path: 'a.ts', edits: [{ search: 'x', replace: 'y' }] }));
  assert.deepEqual(view, { kind: 'edits', edits: [{ search: 'x', replace: 'y' }], rest: [['path', 'a.ts']] });
});

test('an edit\'s lines: CRLF read as one break, an empty side adds no line, a final break no empty line', () => {
  assert.deepEqual(editLines({ search: 'a\r\nb', replace: '' }), [
    { sign: '-', text: 'a' },
    { sign: '-', text: 'b' },
  ]);
  assert.deepEqual(editLines({ search: '', replace: 'new' }), [{ sign: '+', text: 'new' }]);
  assert.deepEqual(editLines({ search: 'keep\n', replace: 'keep\n\nmore\n' }), [
    { sign: '-', text: 'keep' },
    { sign: '+', text: 'keep' },
    { sign: '+', text: '' },
    { sign: '+', text: 'more' },
  ]);
});

test('create_file: the content and whether it overwrites', () => {
  assert.deepEqual(argumentsView('create_file', JSON.stringify({ path: 'n.md', content: 'hi', overwrite: true })), { kind: 'content', content: 'hi', overwrite: true, rest: [['path', 'n.md']] });
  assert.equal(argumentsView('create_file', JSON.stringify({ path: 'n.md', content: 'hi', overwrite: 'yes' })).kind, 'raw');
});

test('plain values become fields; what the card shows elsewhere is left out', () => {
  assert.deepEqual(argumentsView('read_file', '{"path":"README.md","startLine":3}'), { kind: 'fields', fields: [['path', 'README.md'], ['startLine', '3']] });
  assert.deepEqual(argumentsView('run_command', '{"command":"npm test"}', ['command']), { kind: 'fields', fields: [] });
  assert.deepEqual(argumentsView('run_command', '{"command":"npm test","cwd":"web"}', ['command']), { kind: 'fields', fields: [['cwd', 'web']] });
});

test('anything of another shape is the JSON as sent: extra keys in a block, nested values, no edits, not JSON', () => {
  const raw = (tool: string, args: string) => argumentsView(tool, args);
  assert.equal(raw('edit_file', '{"path":"a","edits":[{"search":"a","replace":"b","note":"x"}]}').kind, 'raw');
  assert.equal(raw('edit_file', '{"path":"a","edits":[]}').kind, 'raw');
  assert.equal(raw('edit_file', '{"path":"a","edits":[{"search":"a","replace":"b"}],"extra":{"x":1}}').kind, 'raw');
  assert.deepEqual(raw('search_text', '{"query":{"$gt":1}}'), { kind: 'raw', text: '{\n  "query": {\n    "$gt": 1\n  }\n}' });
  assert.deepEqual(raw('read_file', '{not json'), { kind: 'raw', text: '{not json' });
  assert.deepEqual(raw('read_file', '[1]'), { kind: 'raw', text: '[\n  1\n]' });
});
