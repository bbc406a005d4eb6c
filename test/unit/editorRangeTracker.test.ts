import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shiftRange, touchesRange, type OffsetChange, type OffsetRange } from '../../src/editor/rangeTracker';

/** Applies a change to a text and to the range; returns both, so tests read like documents. */
function apply(text: string, range: OffsetRange, change: OffsetChange): { text: string; range: OffsetRange; inside: string } {
  const next = text.slice(0, change.offset) + change.text + text.slice(change.offset + change.length);
  const r = shiftRange(range, change);
  return { text: next, range: r, inside: next.slice(r.start, r.end) };
}

// "abcINSdef": the insertion INS is at [3, 6).
const DOC = 'abcINSdef';
const R = { start: 3, end: 6 };

test('range: typing before the insertion shifts it', () => {
  const out = apply(DOC, R, { offset: 1, length: 0, text: 'xy' });
  assert.deepEqual(out.range, { start: 5, end: 8 });
  assert.equal(out.inside, 'INS');
});

test('range: typing at its start goes before it, at its end after it', () => {
  assert.equal(apply(DOC, R, { offset: 3, length: 0, text: 'u' }).inside, 'INS');
  const after = apply(DOC, R, { offset: 6, length: 0, text: 'u' });
  assert.equal(after.inside, 'INS');
  assert.equal(after.text, 'abcINSudef');
});

test('range: typing after it changes nothing', () => {
  assert.deepEqual(apply(DOC, R, { offset: 8, length: 1, text: 'zz' }).range, R);
});

test('range: typing strictly inside becomes part of it', () => {
  assert.equal(apply(DOC, R, { offset: 4, length: 0, text: '--' }).inside, 'I--NS');
});

test('range: an empty range (nothing inserted yet) lets typing at it go before the code to come', () => {
  const empty = { start: 3, end: 3 };
  assert.deepEqual(shiftRange(empty, { offset: 3, length: 0, text: 'typed' }), empty);
  assert.deepEqual(shiftRange(empty, { offset: 2, length: 0, text: 'xx' }), { start: 5, end: 5 });
});

test('range: deleting before it shifts it back', () => {
  assert.equal(apply(DOC, R, { offset: 0, length: 2, text: '' }).inside, 'INS');
  assert.equal(apply(DOC, R, { offset: 1, length: 2, text: 'Q' }).inside, 'INS', 'a replacement that ends at its start');
});

test('range: a replacement across its start keeps the rest, the new text outside', () => {
  const out = apply(DOC, R, { offset: 2, length: 2, text: 'ZZ' });
  assert.equal(out.text, 'abZZNSdef');
  assert.equal(out.inside, 'NS');
});

test('range: a replacement across its end keeps the rest, the new text outside', () => {
  const out = apply(DOC, R, { offset: 5, length: 2, text: 'ZZ' });
  assert.equal(out.text, 'abcINZZef');
  assert.equal(out.inside, 'IN');
});

test('range: a replacement starting at its start puts the new text before it', () => {
  const out = apply(DOC, R, { offset: 3, length: 1, text: 'W' });
  assert.equal(out.text, 'abcWNSdef');
  assert.equal(out.inside, 'NS');
});

test('range: a replacement inside it stays inside', () => {
  assert.equal(apply(DOC, R, { offset: 4, length: 1, text: 'nn' }).inside, 'InnS');
});

test('range: deleting all of it leaves an empty range where it was', () => {
  const out = apply(DOC, R, { offset: 2, length: 5, text: 'K' });
  assert.equal(out.text, 'abKef');
  assert.deepEqual(out.range, { start: 3, end: 3 });
});

test('range: a deletion that starts at its end changes nothing', () => {
  assert.deepEqual(shiftRange(R, { offset: 6, length: 2, text: '' }), R);
});

test('range: many random edits keep the inserted text intact when they avoid it', () => {
  let seed = 11;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let run = 0; run < 500; run++) {
    let text = 'hello world, this is a document\nwith two lines\n';
    let range: OffsetRange = { start: 10, end: 10 };
    let expected = '';
    for (let step = 0; step < 30; step++) {
      if (rand(2) === 0) {
        const piece = ['x', 'ab', '\n', 'code();'][rand(4)];
        text = text.slice(0, range.end) + piece + text.slice(range.end);
        range = { start: range.start, end: range.end + piece.length };
        expected += piece;
      } else {
        // The user edits outside the insertion (before its start or after its end).
        const before = rand(2) === 0;
        const at = before ? rand(range.start + 1) : range.end + rand(text.length - range.end + 1);
        const maxLen = before ? range.start - at : text.length - at;
        const length = maxLen > 0 ? rand(Math.min(3, maxLen) + 1) : 0;
        const typed = ['', 'u', 'vw'][rand(3)];
        const out = apply(text, range, { offset: at, length, text: typed });
        text = out.text;
        range = out.range;
      }
      assert.equal(text.slice(range.start, range.end), expected, `run ${run}, step ${step}`);
    }
  }
});

test('touchesRange: overlaps and strictly-inside insertions touch; edits at the ends do not', () => {
  assert.equal(touchesRange(R, { offset: 4, length: 0, text: 'x' }), true);
  assert.equal(touchesRange(R, { offset: 3, length: 0, text: 'x' }), false);
  assert.equal(touchesRange(R, { offset: 6, length: 0, text: 'x' }), false);
  assert.equal(touchesRange(R, { offset: 5, length: 3, text: '' }), true);
  assert.equal(touchesRange(R, { offset: 6, length: 3, text: '' }), false);
  assert.equal(touchesRange(R, { offset: 0, length: 3, text: '' }), false);
});
