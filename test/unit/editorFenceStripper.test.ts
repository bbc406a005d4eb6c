import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FenceStripper, stripFences } from '../../src/editor/fenceStripper';

/** [name, reply, the code that must come out] */
const CASES: Array<[string, string, string]> = [
  ['a fenced block with a language tag', '```ts\nconst a = 1;\n```', 'const a = 1;\n'],
  ['prose before and after the block', 'Here is the code:\n\n```python\ndef f():\n    return 1\n```\n\nThis returns 1.', 'def f():\n    return 1\n'],
  ['a fence that opens and never closes', '```js\nfoo();\nbar();', 'foo();\nbar();'],
  ['backticks inside code stay', '```js\nconst s = `a ${b}`;\nconst t = \'```\';\n```', "const s = `a ${b}`;\nconst t = '```';\n"],
  ['a line starting with ``` and more text does not close', '```js\n```not closing\ny\n```', '```not closing\ny\n'],
  ['a tagged fence inside code does not close', '```md\n```js\ncode\n```\n', '```js\ncode\n'],
  ['a longer outer fence keeps an inner ``` block', '````md\n```js\nx\n```\n````\nbye', '```js\nx\n```\n'],
  ['no fence at all: everything is code', 'const x = 1;\nconsole.log(x);', 'const x = 1;\nconsole.log(x);'],
  ['code first, then a closing fence and prose', 'def f():\n    pass\n```\nThis defines f.', 'def f():\n    pass\n'],
  ['prose with a colon, then a bare fence that never closes', 'Here you go:\n```\nx = 1\n', 'x = 1\n'],
  ['prose, then a bare fence block, then prose', 'Sure.\n```\nx = 1\n```\nDone.', 'x = 1\n'],
  ['a tilde fence', '~~~python\nprint(1)\n~~~', 'print(1)\n'],
  ['an indented fence: its indentation leaves the code lines', '  ```js\n  foo();\n    bar();\n  ```', 'foo();\n  bar();\n'],
  ['CRLF line ends', '```js\r\nfoo();\r\nbar();\r\n```\r\nok', 'foo();\nbar();\n'],
  ['a closing fence with trailing spaces', '```js\nfoo\n```   \nprose', 'foo\n'],
  ['an indented closing fence', '```js\nfoo\n   ```\n', 'foo\n'],
  ['a closing fence shorter than the opening one is code', '````js\na\n```\nb\n````', 'a\n```\nb\n'],
  ['only an opening fence', '```py', ''],
  ['an empty reply', '', ''],
  ['an empty block', '```\n```', ''],
  ['only the first of two blocks', '```js\na\n```\ntext\n```js\nb\n```', 'a\n'],
  ['a space between fence and tag', '``` python\nx\n```', 'x\n'],
  ['a blank line before the fence', '\n```js\nx\n```', 'x\n'],
  ['a bare fence first', '```\nx\n```', 'x\n'],
  ['non-ASCII code', "```js\nconst s = '日本 🎉';\n```", "const s = '日本 🎉';\n"],
  ['blank lines inside code are kept', '```py\na = 1\n\n\nb = 2\n```', 'a = 1\n\n\nb = 2\n'],
  ['inline ``` on the prose line is not a fence', 'Use ```js blocks:\n```js\nok()\n```', 'ok()\n'],
  ['a lone CR line end', '```js\rfoo\r```\r', 'foo\n'],
  ['trailing spaces in code are kept', '```py\nx = 1  \n```', 'x = 1  \n'],
  ['a partial closing fence at the very end', '```js\nfoo\n``', 'foo\n``'],
  ['unfenced code, then a tagged block: both are code, the fence lines go', 'let a = 1;\n```js\nlet b = 2;\n```\nprose', 'let a = 1;\nlet b = 2;\n'],
  ['unfenced code that ends in a partial fence-like line', 'let a = 1;\n``', 'let a = 1;\n``'],
  ['unfenced code after blank lines keeps them', '\n\nlet a = 1;\nlet b;', '\n\nlet a = 1;\nlet b;'],
];

function streamed(chunks: string[]): { out: string; steps: string[] } {
  const s = new FenceStripper();
  const steps: string[] = [];
  let out = '';
  for (const c of chunks) {
    out += s.push(c);
    steps.push(out);
  }
  out += s.end();
  return { out, steps };
}

for (const [name, reply, code] of CASES) {
  test(`fences: ${name}`, () => {
    assert.equal(stripFences(reply), code);
  });

  test(`fences: ${name}, split at every one and every two points`, () => {
    const chars = [...reply];
    for (let i = 0; i <= chars.length; i++) {
      const a = chars.slice(0, i).join('');
      const b = chars.slice(i).join('');
      assert.equal(streamed([a, b]).out, code, `split at ${i}`);
      if (chars.length > 80) continue;
      for (let j = i; j <= chars.length; j++) {
        const parts = [a, chars.slice(i, j).join(''), chars.slice(j).join('')];
        const { out, steps } = streamed(parts);
        assert.equal(out, code, `split at ${i} and ${j}`);
        for (const step of steps) assert.ok(code.startsWith(step), `never retracts: ${JSON.stringify(step)} at ${i},${j}`);
      }
    }
  });

  test(`fences: ${name}, one character (and one UTF-16 unit) at a time`, () => {
    assert.equal(streamed([...reply]).out, code);
    assert.equal(streamed(reply.split('')).out, code);
  });
}

test('fences: seeded random chunkings of every case', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const [name, reply, code] of CASES) {
    for (let run = 0; run < 50; run++) {
      const chunks: string[] = [];
      for (let i = 0; i < reply.length; ) {
        const n = 1 + Math.floor(rand() * 6);
        chunks.push(reply.slice(i, i + n));
        i += n;
      }
      assert.equal(streamed(chunks).out, code, `${name}, run ${run}: ${JSON.stringify(chunks)}`);
    }
  }
});

test('fences: code streams out line by line before the block closes', () => {
  const s = new FenceStripper();
  assert.equal(s.push('Sure!\n```typescript\n'), '');
  assert.equal(s.state, 'code');
  assert.equal(s.push('function add(a: number'), 'function add(a: number');
  assert.equal(s.push(', b: number) {\n  return a + b;\n'), ', b: number) {\n  return a + b;\n');
  assert.equal(s.push('}\n'), '}\n');
  assert.equal(s.push('``'), '', 'a partial line that may close the block is held back');
  assert.equal(s.push('`\nThat adds.'), '');
  assert.equal(s.state, 'after');
  assert.equal(s.end(), '');
});

test('fences: a held-back partial fence that turns out to be code is released', () => {
  const s = new FenceStripper();
  s.push('```js\n');
  assert.equal(s.push('  ``'), '');
  assert.equal(s.push('`x'), '  ```x');
  assert.equal(s.push('\n```'), '\n');
  assert.equal(s.end(), '');
});

test('fences: prose is held until a fence decides it, then dropped', () => {
  const s = new FenceStripper();
  assert.equal(s.push('Here is how:\n'), '');
  assert.equal(s.push('```py\nprint(1)\n'), 'print(1)\n');
});

test('fences: an answer that starts with code and has no fence streams out as it comes', () => {
  const s = new FenceStripper();
  assert.equal(s.push('x = 1\ny'), 'x = 1\ny');
  assert.equal(s.push(' = 2\n'), ' = 2\n');
  assert.equal(s.state, 'unfenced');
  assert.equal(s.end(), '');
});

test('fences: unfenced code then a bare fence and prose: the prose stays out', () => {
  const s = new FenceStripper();
  assert.equal(s.push('const a = 1;\n``'), 'const a = 1;\n');
  assert.equal(s.push('`\nThis sets a.'), '');
  assert.equal(s.end(), '');
});

test('fences: a first line that is a sentence is held, even with code punctuation in it', () => {
  const s = new FenceStripper();
  assert.equal(s.push('Here is the function foo():\n'), '');
  assert.equal(s.push('```js\nfoo();\n'), 'foo();\n');
});

test('fences: a first line that is neither code nor a sentence is held until the end', () => {
  const s = new FenceStripper();
  assert.equal(s.push('hello world\nmore\n'), '');
  assert.equal(s.end(), 'hello world\nmore\n');
});

test('fences: after end, pushing yields nothing', () => {
  const s = new FenceStripper();
  s.push('```js\na\n```\n');
  s.end();
  assert.equal(s.push('more'), '');
  assert.equal(s.end(), '');
});
