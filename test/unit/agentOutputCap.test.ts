// Output going back to the model is bounded: head and tail kept, the middle elided with a note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capOutput, OutputCollector } from '../../src/agent/outputCap';

test('short output passes unchanged (colour escapes removed)', () => {
  assert.equal(capOutput('ok\n'), 'ok\n');
  assert.equal(capOutput('\u001b[31merror\u001b[0m: x'), 'error: x');
});

test('long output keeps its start and end and says how much was left out', () => {
  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
  const out = capOutput(lines, 2000);
  assert.ok(out.length < 2200, `bounded: ${out.length}`);
  assert.ok(out.startsWith('line 0\nline 1\n'));
  assert.ok(out.endsWith('line 4999'));
  const note = /\[… ([\d,]+) characters of output left out here \(([\d,]+) in all\)/.exec(out);
  assert.ok(note, out.slice(700, 900));
  assert.equal(Number(note[2].replace(/,/g, '')), lines.length);
});

test('a 16 MB single-line output stays bounded whether it arrives whole or in chunks', () => {
  const huge = 'x'.repeat(16 * 1024 * 1024 - 3) + 'END';
  const whole = capOutput('START' + huge, 24000);
  assert.ok(whole.length < 24300);
  assert.ok(whole.startsWith('START') && whole.endsWith('END'));
  const collector = new OutputCollector(24000);
  collector.push('START');
  for (let i = 0; i < huge.length; i += 65536) collector.push(huge.slice(i, i + 65536));
  assert.equal(collector.text(), whole, 'streamed and whole give the same text');
  assert.equal(collector.totalChars, huge.length + 5);
  assert.ok(collector.truncated);
});

test('many tiny chunks keep exactly the last characters as the tail', () => {
  const c = new OutputCollector(100);
  let all = '';
  for (let i = 0; i < 1000; i++) {
    const s = `${i},`;
    all += s;
    c.push(s);
  }
  const out = c.text();
  assert.ok(out.startsWith(all.slice(0, 40)));
  assert.ok(out.endsWith(all.slice(all.length - 60)));
});
