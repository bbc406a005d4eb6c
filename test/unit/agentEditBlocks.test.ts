// Search-and-replace edits: a block that does not match exactly once changes nothing and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEditBlocks } from '../../src/agent/editBlocks';

const FILE = ['function add(a, b) {', '  return a + b;', '}', '', 'function sub(a, b) {', '  return a - b;', '}', ''].join('\n');

test('an exact block replaces exactly that text and reports the changed lines', () => {
  const r = applyEditBlocks(FILE, [{ search: '  return a - b;', replace: '  return a - b - 0;\n  // checked' }]);
  assert.ok(r.ok);
  assert.equal(r.content, FILE.replace('  return a - b;', '  return a - b - 0;\n  // checked'));
  assert.deepEqual(r.changed, [{ startLine: 6, endLine: 7 }]);
});

test('several blocks apply in order; if the second fails the first is not applied either', () => {
  const ok = applyEditBlocks(FILE, [
    { search: 'function add', replace: 'function plus' },
    { search: 'function sub', replace: 'function minus' },
  ]);
  assert.ok(ok.ok);
  assert.match(ok.content, /function plus[\s\S]*function minus/);
  const bad = applyEditBlocks(FILE, [
    { search: 'function add', replace: 'function plus' },
    { search: 'function mul', replace: 'x' },
  ]);
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.message, /Edit 2 of 2 was not applied[\s\S]*The file was not changed/);
});

test('a block that does not match shows the closest lines with their numbers', () => {
  const r = applyEditBlocks(FILE, [{ search: 'function sub(a, b) {\n  return a - c;\n}', replace: 'x' }]);
  assert.equal(r.ok, false);
  const message = r.ok ? '' : r.message;
  assert.match(message, /does not occur/);
  assert.match(message, /closest lines in the file are 5-7/);
  assert.match(message, /6 \| {3}return a - b;/);
});

test('a whitespace-only difference is named', () => {
  const r = applyEditBlocks(FILE, [{ search: 'return a + b;\n}', replace: 'x' }].map((b) => ({ ...b, search: '    return a + b;' })));
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.message, /whitespace or indentation/);
});

test('a block matching more than once is refused with the line numbers', () => {
  const r = applyEditBlocks(FILE, [{ search: '}\n', replace: '};\n' }]);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.message, /occurs 2 times \(at lines 3, 7\)/);
});

test('empty search, no blocks, and a result that empties the file are refused', () => {
  assert.equal(applyEditBlocks(FILE, [{ search: '', replace: 'x' }]).ok, false);
  assert.equal(applyEditBlocks(FILE, []).ok, false);
  const empty = applyEditBlocks('only\n', [{ search: 'only\n', replace: '' }]);
  assert.equal(empty.ok, false);
  assert.match(empty.ok ? '' : empty.message, /empty[\s\S]*delete_file/);
});

test('a CRLF file matches a block written with \\n and keeps its CRLF endings', () => {
  const crlf = FILE.replace(/\n/g, '\r\n');
  const r = applyEditBlocks(crlf, [{ search: 'function add(a, b) {\n  return a + b;', replace: 'function add(a, b) {\n  return b + a;' }]);
  assert.ok(r.ok);
  assert.equal(r.content, crlf.replace('a + b', 'b + a'));
  assert.ok(!/[^\r]\n/.test(r.content));
});

test('unrelated search text says no similar lines were found', () => {
  const r = applyEditBlocks(FILE, [{ search: 'zzzz qqqq', replace: 'x' }]);
  assert.match(r.ok ? '' : r.message, /No similar lines/);
});
