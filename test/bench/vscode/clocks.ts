// One clock for a time measured across processes: the fake server (its own Node process) stamps when it
// sent an answer, the chat page (a Chromium renderer) when the text arrived, each as
// performance.timeOrigin + performance.now(). Each process fixes its time origin on its own, so two such
// clocks can differ by a millisecond or more (two Node processes on this machine: 0.02 and 0.6 ms from
// the wall clock). Each stamp is brought onto this process's clock by a measured offset.

/**
 * This context's performance clock minus the wall clock, in ms: read at the moment Date.now() ticks to
 * the next millisecond, median of 15. Self-contained, so it can be evaluated in a page as well.
 */
export function wallClockOffset(): number {
  const xs: number[] = [];
  for (let k = 0; k < 15; k++) {
    const d0 = Date.now();
    let d = d0;
    while (d === d0) d = Date.now();
    xs.push(performance.timeOrigin + performance.now() - d);
  }
  xs.sort((a, b) => a - b);
  return xs[7];
}

export function clock(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The fake server's clock minus this process's, in ms, from requests it records (its `receivedAt`): the
 * round trip with the shortest time, NTP-style (the stamp against the middle of the round trip; the
 * error is at most half the round trip, returned too).
 */
export async function fakeClockOffset(
  fakeUrl: string,
  received: () => Promise<Array<{ path: string; receivedAt: number }>>,
  tries = 15,
): Promise<{ offsetMs: number; errorMs: number }> {
  let best: { offsetMs: number; errorMs: number } | undefined;
  for (let i = 0; i < tries; i++) {
    const probe = `/v1/bench-clock-${i}`;
    const t1 = clock();
    // Any path: the fake records every /v1 request (this one answers 404), which is all that is needed.
    await fetch(new URL(probe, fakeUrl).href).then((r) => r.arrayBuffer());
    const t2 = clock();
    const stamp = (await received()).find((r) => r.path === probe)?.receivedAt;
    if (stamp === undefined) throw new Error(`the fake server did not record ${probe}`);
    const sample = { offsetMs: stamp - (t1 + t2) / 2, errorMs: (t2 - t1) / 2 };
    if (!best || sample.errorMs < best.errorMs) best = sample;
  }
  return best!;
}
