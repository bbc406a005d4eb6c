// A code block still streaming is highlighted from the lines it had in the last frame on
// (src/webview/highlight.ts): at every length, the result is the one a whole highlight gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highlightCode, renderGrowing } from '../../src/webview/highlight';
import { answerOf } from '../bench/answerFixture';

function growsLikeWhole(code: string, lang: string, step = 1): number {
  let compared = 0;
  for (let n = 1; n <= code.length; n += step) {
    const prefix = code.slice(0, n);
    assert.equal(renderGrowing(() => highlightCode(prefix, lang)), highlightCode(prefix, lang), `${lang}, first ${n} characters`);
    compared++;
  }
  return compared;
}

test('every code block of a long answer, streamed a few characters at a time, is highlighted as a whole highlight would', () => {
  const fences = [...answerOf(200 * 1024).matchAll(/```(\w+)\n([\s\S]*?)```/g)];
  assert.ok(fences.length > 50);
  let compared = 0;
  for (const [, lang, code] of fences) compared += growsLikeWhole(code, lang, 5);
  assert.ok(compared > 1000, `${compared} prefixes compared`);
});

test('comments and strings spanning lines, and a block longer than one kept stretch, highlight as a whole', () => {
  const line = (i: number) => `const value${i} = compute(${i}, "text ${i}"); // note ${i}\n`;
  const ts = [
    ...Array.from({ length: 6 }, (_, i) => line(i)),
    '/* a comment\n',
    ...Array.from({ length: 6 }, (_, i) => ` * still the comment, line ${i} with "quotes" and const\n`),
    ' */\n',
    'const tpl = `a template\n',
    ...Array.from({ length: 5 }, (_, i) => `  spanning line ${i} ${'${x}'}\n`),
    '`;\n',
    ...Array.from({ length: 6 }, (_, i) => line(i + 10)),
  ].join('');
  growsLikeWhole(ts, 'typescript');
  const py = ['def f():\n', '    """A docstring\n', ...Array.from({ length: 8 }, (_, i) => `    line ${i} of it, def class return\n`), '    """\n', '    return 1\n'].join('');
  growsLikeWhole(py, 'python');
});

test('another block, or another language, starts afresh (nothing of the last block is reused)', () => {
  const a = Array.from({ length: 10 }, (_, i) => `let a${i} = ${i};\n`).join('');
  renderGrowing(() => highlightCode(a, 'rust'));
  const b = `${a.slice(0, 40)}fn changed() {}\n${a.slice(40)}`;
  assert.equal(renderGrowing(() => highlightCode(b, 'rust')), highlightCode(b, 'rust'));
  assert.equal(renderGrowing(() => highlightCode(a, 'typescript')), highlightCode(a, 'typescript'));
  assert.equal(renderGrowing(() => highlightCode(a, 'no-such-language')), '');
});
