import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indentString, reindent, Reindenter, targetIndentation, widthOf, type InsertionSite } from '../../src/editor/reindent';

const SPACES = { tabSize: 4, insertSpaces: true };
const TABS = { tabSize: 4, insertSpaces: false };

function site(linePrefix: string, targetIndent: string, style = SPACES, lineSuffix = ''): InsertionSite {
  return { linePrefix, targetIndent, lineSuffix, ...style };
}

/** Every split of the input gives the same output as the whole. */
function assertStreamsSame(code: string, s: InsertionSite, expected: string): void {
  assert.equal(reindent(code, s), expected);
  for (let i = 0; i <= code.length; i++) {
    const r = new Reindenter(s);
    assert.equal(r.push(code.slice(0, i)) + r.push(code.slice(i)) + r.end(), expected, `split at ${i}`);
  }
  const r = new Reindenter(s);
  assert.equal([...code].map((c) => r.push(c)).join('') + r.end(), expected, 'one character at a time');
}

test('reindent: a snippet at column 0 goes to the cursor line depth (spaces)', () => {
  assertStreamsSame('if (x) {\n  y();\n}\n', site('    ', '    '), 'if (x) {\n      y();\n    }');
});

test('reindent: code written at the file depth is not indented twice', () => {
  assertStreamsSame('    if (x) {\n      y();\n    }\n', site('    ', '    '), 'if (x) {\n      y();\n    }');
});

test('reindent: on an empty line at column 0 the first line gets the target indentation', () => {
  assertStreamsSame('return 1;\n', site('', '    '), '    return 1;');
  assertStreamsSame('a();\nb();', site('', '  '), '  a();\n  b();');
});

test('reindent: tabs in the document, spaces from the model', () => {
  assertStreamsSame('for x in y:\n    print(x)\n', site('\t', '\t', TABS), 'for x in y:\n\t\tprint(x)');
});

test('reindent: tabs from the model, spaces in the document', () => {
  assertStreamsSame('a {\n\tb;\n\t\tc;\n}', site('  ', '  ', { tabSize: 2, insertSpaces: true }), 'a {\n    b;\n      c;\n  }');
});

test('reindent: after text on the line, the first line continues it; later lines follow the line', () => {
  assertStreamsSame(' {\n  body();\n}', site('    if (x)', '    '), ' {\n      body();\n    }');
  // The model repeating the file depth after text on the line.
  assertStreamsSame('\n        body();\n    }', site('    if (x) {', '    '), '\n        body();\n    }');
});

test('reindent: a closing brace written less indented than the first line stays less indented', () => {
  assertStreamsSame('    return x;\n}\n', site('    ', '    '), 'return x;\n}');
});

test('reindent: blank lines inside code carry no indentation; trailing blank lines go', () => {
  assertStreamsSame('a\n\n   \nb\n\n\n', site('  ', '  '), 'a\n\n\n  b');
});

test('reindent: leading blank lines are kept when code follows', () => {
  assertStreamsSame('\n\nx', site('foo();', ''), '\n\nx');
});

test('reindent: only whitespace and newlines inserts nothing', () => {
  assertStreamsSame('\n  \n\t\n', site('    ', '    '), '');
});

test('reindent: text after the cursor keeps its own line when the code ends with a line break', () => {
  assertStreamsSame('a();\nb();\n', site('  ', '  ', SPACES, 'c();'), 'a();\n  b();\n  ');
  assert.equal(reindent('x = 1\n', site('foo(', '', SPACES, ')')), 'x = 1', 'after text on the line: no line break');
  assert.equal(reindent('x = 1', site('  ', '  ', SPACES, 'rest')), 'x = 1', 'no line break: no new line');
});

test('reindent: surrogate pairs split across chunks are never emitted halfway', () => {
  const r = new Reindenter(site('', ''));
  const emoji = '🎉';
  assert.equal(r.push(`a${emoji[0]}`), 'a');
  assert.equal(r.push(`${emoji[1]}b`), `${emoji}b`);
  assert.equal(r.end(), '');
});

test('reindent: a mixed tab and space indentation measures by tab stops', () => {
  assert.equal(widthOf('\t  ', 4), 6);
  assert.equal(widthOf('  \t', 4), 4);
  assert.equal(widthOf(' \t ', 2), 3);
  assert.equal(indentString(6, TABS), '\t  ');
  assert.equal(indentString(6, SPACES), '      ');
  assert.equal(indentString(0, TABS), '');
});

test('targetIndentation: a line with text gives its own indentation', () => {
  assert.equal(targetIndentation('    foo();', 10, undefined, SPACES), '    ');
  assert.equal(targetIndentation('\tfoo();', 0, '', TABS), '\t');
});

test('targetIndentation: a blank line uses the whitespace before the cursor', () => {
  assert.equal(targetIndentation('      ', 6, 'x', SPACES), '      ');
});

test('targetIndentation: an empty line follows the previous line, one level in after an opener', () => {
  assert.equal(targetIndentation('', 0, '  return 1;', SPACES), '  ');
  assert.equal(targetIndentation('', 0, '  function f() {', SPACES), '      ');
  assert.equal(targetIndentation('', 0, 'def f():', TABS), '\t');
  assert.equal(targetIndentation('', 0, 'const f = () =>', { tabSize: 2, insertSpaces: true }), '  ');
  assert.equal(targetIndentation('', 0, undefined, SPACES), '');
});
