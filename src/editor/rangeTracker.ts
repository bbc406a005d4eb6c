// Where a streamed insertion (or a proposal's original selection) is, in document offsets, while other
// edits happen around it. Pure: the rules are unit-tested, the extension feeds it each content change
// in the order VS Code reports them (each change is in the coordinates left by the ones before it).

export interface OffsetRange {
  start: number;
  end: number;
}

/** One content change: `length` characters at `offset` were replaced by `text`. */
export interface OffsetChange {
  offset: number;
  length: number;
  text: string;
}

/**
 * The range after a change made by someone else. Text typed exactly at the end of the range goes after
 * it, and at its start before it, so the insertion never ends up inside the user's typing, nor the
 * user's typing inside it. Typing at an empty range (nothing inserted yet) goes after it: what the user
 * types at the cursor before the first code arrives stays together, after the code.
 * Text typed strictly inside the range becomes part of it; a deletion that reaches into it shrinks it.
 */
export function shiftRange(range: OffsetRange, change: OffsetChange): OffsetRange {
  const { offset, length, text } = change;
  const changeEnd = offset + length;
  const delta = text.length - length;
  const empty = range.start === range.end;

  if (length === 0) {
    if (offset < range.start || (offset === range.start && !empty)) return { start: range.start + delta, end: range.end + delta };
    if (offset < range.end) return { start: range.start, end: range.end + delta };
    return range;
  }
  // A replacement or deletion: each end of the range maps on its own, and the user's new text never
  // becomes part of the range when the change crosses one of its ends.
  const start = range.start < offset ? range.start : range.start < changeEnd ? offset + text.length : range.start + delta;
  const end = range.end <= offset ? range.end : range.end <= changeEnd ? offset : range.end + delta;
  return { start, end: Math.max(start, end) };
}

/** Our own insertion at the end of the range grows it. */
export function growRange(range: OffsetRange, inserted: number): OffsetRange {
  return { start: range.start, end: range.end + inserted };
}

/** True when the change touches the range (overlaps it, or inserts strictly inside it). */
export function touchesRange(range: OffsetRange, change: OffsetChange): boolean {
  const changeEnd = change.offset + change.length;
  if (change.length === 0) return change.offset > range.start && change.offset < range.end;
  return change.offset < range.end && changeEnd > range.start;
}
