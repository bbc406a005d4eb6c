import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonIndent, indentForInsert } from '../../src/chat/indent';

test('a block goes in at an indented cursor with every line aligned to it', () => {
  const code = 'if (a) {\n  b();\n}\n';
  assert.equal(indentForInsert(code, '    '), 'if (a) {\n      b();\n    }');
});

test("the block's own indentation is removed first; blank lines get no trailing spaces", () => {
  const code = '    def f():\n\n        return 1\n';
  assert.equal(indentForInsert(code, '\t'), 'def f():\n\n\t    return 1');
});

test('mid-line, following lines take the indentation of the line; CRLF documents get CRLF', () => {
  assert.equal(indentForInsert('a\r\nb', '  x = ', '\r\n'), 'a\r\n  b');
});

test('at column 0 nothing is added', () => {
  assert.equal(indentForInsert('  a\n    b', ''), 'a\n  b');
});

test('commonIndent compares tabs and spaces literally', () => {
  assert.equal(commonIndent(['\t a', '\t\tb']), '\t');
  assert.equal(commonIndent(['  a', '', '    b']), '  ');
  assert.equal(commonIndent(['', '']), '');
});
