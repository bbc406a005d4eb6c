import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingWrites } from '../../src/editor/pendingWrites';
import { growRange, shiftRange, type OffsetRange } from '../../src/editor/rangeTracker';

// What StreamingInsertion does with each answer, so the tests read as sequences of events.
function tracker() {
  const writes = new PendingWrites();
  let range: OffsetRange = { start: 10, end: 10 };
  let foreign = 0;
  return {
    writes,
    get range() {
      return range;
    },
    get foreign() {
      return foreign;
    },
    send(text: string) {
      return writes.add(range.end, text);
    },
    resolved(w: ReturnType<PendingWrites['add']>) {
      if (writes.applied(w)) range = growRange(range, w.text.length);
    },
    event(offset: number, length: number, text: string) {
      const m = writes.match([{ offset, length, text }]);
      if (m.ours) {
        if (m.grow) range = growRange(range, text.length);
      } else {
        foreign++;
        range = shiftRange(range, { offset, length, text });
      }
    },
  };
}

test('pending writes: the usual order (event, then edit() resolves) grows the range once', () => {
  const t = tracker();
  const w = t.send('abc');
  t.event(10, 0, 'abc');
  t.resolved(w);
  assert.deepEqual(t.range, { start: 10, end: 13 });
  assert.equal(t.foreign, 0);
  assert.equal(t.writes.awaitingEvents, false);
});

test('pending writes: events arriving late, after later writes were sent, are still ours and counted once', () => {
  const t = tracker();
  const w1 = t.send('abc');
  t.resolved(w1); // edit() resolved first: the range grows now
  assert.equal(t.writes.awaitingEvents, true, 'the host has not seen the first write yet');
  const w2 = t.send('de');
  t.resolved(w2);
  t.event(10, 0, 'abc'); // the late events, in order
  t.event(13, 0, 'de');
  assert.deepEqual(t.range, { start: 10, end: 15 });
  assert.equal(t.foreign, 0, 'a late event of ours was taken for the user\'s edit');
  assert.equal(t.writes.awaitingEvents, false);
});

test('pending writes: a refused write is forgotten; the user\'s edit that caused it is foreign', () => {
  const t = tracker();
  const w = t.send('abc');
  t.event(0, 0, 'X'); // the user typed before the write landed
  t.writes.refused(w);
  assert.equal(t.foreign, 1);
  assert.deepEqual(t.range, { start: 11, end: 11 });
  const again = t.send('abc');
  t.event(11, 0, 'abc');
  t.resolved(again);
  assert.deepEqual(t.range, { start: 11, end: 14 });
  assert.equal(t.foreign, 1);
});

test('pending writes: the user typing the same text elsewhere is not mistaken for ours', () => {
  const t = tracker();
  const w = t.send('abc');
  t.event(2, 0, 'abc'); // the same text at another place: the user's, and it makes the write stale
  t.writes.refused(w);
  assert.equal(t.foreign, 1);
  assert.deepEqual(t.range, { start: 13, end: 13 });
});

test('pending writes: the oldest is the write whose change the document reports next, until its event or refusal', () => {
  const t = tracker();
  assert.equal(t.writes.oldest, undefined);
  const w1 = t.send('abc');
  const w2 = t.send('de');
  assert.equal(t.writes.oldest, w1, 'a move heard now came before w1 landed');
  t.event(10, 0, 'abc');
  assert.equal(t.writes.oldest, w2);
  t.writes.refused(w2);
  assert.equal(t.writes.oldest, undefined, 'nothing of ours is on its way: a move heard now came after our last write');
});
