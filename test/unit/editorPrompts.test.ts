import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONTINUE_INSTRUCTION,
  CURSOR_MARK,
  EDIT_AFTER_CHARS,
  EDIT_BEFORE_CHARS,
  editMessages,
  explainQuestion,
  fence,
  INSERT_AFTER_CHARS,
  INSERT_BEFORE_CHARS,
  insertMessages,
  keepEnd,
  keepStart,
  surroundingText,
} from '../../src/editor/prompts';
import { stripFences } from '../../src/editor/fenceStripper';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} line ${i}`).join('\n') + '\n';

test('prompts: insert sends a system prompt asking for only code, then the excerpt with the cursor mark', () => {
  const messages = insertMessages({ path: 'src/a.ts', language: 'typescript', before: 'function f() {\n  ', after: '\n}\n' }, 'return 42');
  assert.equal(messages.length, 2);
  assert.equal(messages[0].role, 'system');
  assert.match(String(messages[0].content), /only the code to insert, in one fenced code block/);
  const user = String(messages[1].content);
  assert.match(user, /File `src\/a\.ts` \(typescript\), with <\|cursor\|> where the code goes/);
  assert.ok(user.includes(`\`\`\`typescript\nfunction f() {\n  ${CURSOR_MARK}\n}\n\`\`\``), user);
  assert.match(user, /Instruction: return 42/);
});

test('prompts: an empty instruction means continue the code', () => {
  const user = String(insertMessages({ path: 'a.py', language: 'python', before: 'x = 1\n', after: '' }, '   ')[1].content);
  assert.ok(user.includes(`Instruction: ${CONTINUE_INSTRUCTION}`));
});

test('prompts: insert context is bounded, cut at line boundaries, and says so', () => {
  const before = lines(500, 'before');
  const after = lines(200, 'after');
  const user = String(insertMessages({ path: 'big.js', language: 'javascript', before, after }, 'x')[1].content);
  const excerpt = user.slice(user.indexOf('```javascript\n') + 14, user.lastIndexOf('```'));
  const [b, a] = excerpt.split(CURSOR_MARK);
  assert.ok(b.length <= INSERT_BEFORE_CHARS && b.length > INSERT_BEFORE_CHARS - 40, `before: ${b.length}`);
  assert.ok(a.length <= INSERT_AFTER_CHARS + 1 && a.length > INSERT_AFTER_CHARS - 40, `after: ${a.length}`);
  assert.match(b, /^before line \d+\n/, 'starts at a line start');
  assert.match(a, /\nafter line \d+\n$/, 'ends at a line end');
  assert.match(user, /continues above and below/);
});

test('prompts: code with backtick fences inside gets a longer fence that survives stripping', () => {
  const code = 'const md = `\n```js\nx\n```\n`;';
  const fenced = fence(code, 'javascript');
  assert.ok(fenced.startsWith('````javascript\n'));
  assert.equal(stripFences(fenced), `${code}\n`);
  assert.equal(fence('x', 'c++'), '```c++\nx\n```');
  assert.equal(fence('x', 'weird lang<>'), '```weirdlang\nx\n```');
});

test('prompts: edit sends the selection, bounded context around it and the instruction', () => {
  const messages = editMessages({ path: 'src/b.go', language: 'go', before: lines(300, 'pre'), after: lines(300, 'post') }, 'func a() {}\n', 'rename a to b');
  assert.equal(messages[0].role, 'system');
  assert.match(String(messages[0].content), /only the complete replacement for the selection/);
  const user = String(messages[1].content);
  assert.ok(user.includes('The selected code to rewrite:\n```go\nfunc a() {}\n```'), user.slice(0, 300));
  assert.match(user, /Instruction: rename a to b/);
  assert.match(user, /the file continues above/);
  assert.match(user, /the file continues below/);
  assert.ok(user.length < EDIT_BEFORE_CHARS + EDIT_AFTER_CHARS + 600, `user message is ${user.length} chars`);
});

test('prompts: edit of a whole small file leaves out empty context blocks', () => {
  const user = String(editMessages({ path: 'x.rs', language: 'rust', before: '', after: '\n' }, 'fn main() {}', 'add a comment')[1].content);
  assert.ok(!user.includes('Code before'));
  assert.ok(!user.includes('Code after'));
});

test('prompts: keepEnd and keepStart', () => {
  assert.deepEqual(keepEnd('short', 10), { text: 'short', cut: false });
  assert.deepEqual(keepEnd('aaa\nbbb\nccc\n', 6), { text: 'ccc\n', cut: true });
  assert.deepEqual(keepEnd('abcdefghij', 4), { text: 'ghij', cut: true }, 'no line break: the characters');
  assert.deepEqual(keepStart('aaa\nbbb\nccc\n', 6), { text: 'aaa\n', cut: true });
  assert.deepEqual(keepStart('abcdefghij', 4), { text: 'abcd', cut: true });
});

test('prompts: explain question names the path and lines', () => {
  assert.equal(explainQuestion('src/a.ts', 3, 3).includes('(src/a.ts, line 3)'), true);
  // Shown as the user's message: no Markdown marks to show raw.
  assert.doesNotMatch(explainQuestion('src/a.ts', 3, 9), /`/);
  assert.match(explainQuestion('src/a.ts', 3, 9), /lines 3-9/);
});

test('prompts: surrounding lines mark where the selection is', () => {
  assert.equal(surroundingText(['a', 'b'], ['c'], 'lines 3-4'), 'a\nb\n⋯ (the selection, lines 3-4) ⋯\nc');
  assert.equal(surroundingText([], [], 'line 1'), '⋯ (the selection, line 1) ⋯');
});
