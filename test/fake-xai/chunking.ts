// How a reply body is cut into separate writes. Real networks deliver SSE in arbitrary pieces (the
// recordings keep no chunk boundaries), so a client must cope with a split anywhere, including
// inside a UTF-8 character or a `data:` line; these modes let a test choose where the cuts fall.
import { createPrng, randomInt } from './prng';
import { eventEndOffsets } from './sse';

export type Chunking =
  /** One write for the whole body. Default for JSON and raw bodies. */
  | { kind: 'whole' }
  /** One write per SSE event (cut after each blank line), like a real server. Default for streams. */
  | { kind: 'events' }
  /** Sizes drawn from a seeded PRNG in [minSize, maxSize] (defaults 1 and 64): reproducible from the seed. */
  | { kind: 'random'; seed: number; minSize?: number; maxSize?: number }
  /** These sizes in order, repeated from the start until the body is used up. */
  | { kind: 'sizes'; sizes: number[] }
  /** One byte per write. */
  | { kind: 'bytes' };

/** Cuts `body` into consecutive pieces; their concatenation is always exactly `body`. */
export function splitBody(body: Buffer, chunking: Chunking): Buffer[] {
  if (body.length === 0) return [];
  const sizes = chunkSizes(body, chunking);
  const out: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(body.subarray(at, at + size));
    at += size;
  }
  return out;
}

function chunkSizes(body: Buffer, chunking: Chunking): number[] {
  const total = body.length;
  switch (chunking.kind) {
    case 'whole':
      return [total];
    case 'bytes':
      return new Array<number>(total).fill(1);
    case 'events': {
      const ends = eventEndOffsets(body);
      if (ends.length === 0 || ends[ends.length - 1] !== total) ends.push(total);
      return ends.map((end, i) => end - (i === 0 ? 0 : ends[i - 1]));
    }
    case 'random': {
      const min = chunking.minSize ?? 1;
      const max = chunking.maxSize ?? 64;
      if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 1 && max >= min)) {
        throw new Error(`fake-xai: random chunking needs integers 1 <= minSize <= maxSize, got ${min}..${max}`);
      }
      const next = createPrng(chunking.seed);
      return fill(total, () => randomInt(next, min, max));
    }
    case 'sizes': {
      const list = chunking.sizes;
      if (list.length === 0 || !list.every((n) => Number.isInteger(n) && n >= 1)) {
        throw new Error(`fake-xai: chunk sizes must be positive integers, got ${JSON.stringify(list)}`);
      }
      let i = 0;
      return fill(total, () => list[i++ % list.length]);
    }
  }
}

function fill(total: number, nextSize: () => number): number[] {
  const sizes: number[] = [];
  let left = total;
  while (left > 0) {
    const size = Math.min(nextSize(), left);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}
