// One requestAnimationFrame for all pending work: however fast deltas arrive, each piece of work runs at
// most once per frame.
type Work = () => void;

const pending = new Map<object, Work>();
let scheduled = false;

/** Run `work` in the next frame; a later call with the same key replaces the earlier one. */
export function schedule(key: object, work: Work): void {
  pending.set(key, work);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(runFrame);
  }
}

/** Run a key's pending work now (e.g. when the stream ends) instead of waiting for the frame. */
export function flushNow(key: object): void {
  const work = pending.get(key);
  if (!work) return;
  pending.delete(key);
  work();
}

export function cancel(key: object): void {
  pending.delete(key);
}

function runFrame(): void {
  scheduled = false;
  const work = Array.from(pending.values());
  pending.clear();
  for (const w of work) w();
}
