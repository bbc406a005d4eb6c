// Page-side instrumentation for the render benchmarks, injected as an init script so that it runs before
// the chat page's own code. It attributes main-thread script time to the page's work without counting
// the driver that feeds it:
//  - message handlers: a listener registered before the page's own (here, at document start) and one
//    registered after it (attachLast) bracket every handler of a message; the driver's listener is added
//    after the bracket, so its cost stays out;
//  - animation frames: requestAnimationFrame is wrapped, so every callback the page schedules (the
//    renderer's once-per-frame work and the scroll follower) is timed;
//  - a frame-gap recorder on the unwrapped requestAnimationFrame, for late frames.
// It also holds the drivers: back to back (each delta posted when the page has handled the previous
// one) and at a fixed rate (delta i posted at start + i * interval).

interface Counter {
  ms: number;
  count: number;
  max: number;
}

export interface PageStats {
  /** Script time in message handlers (the page's and, for the baseline, the naive renderer's). */
  messages: Counter;
  /** Script time in animation-frame callbacks the page scheduled. */
  frames: Counter;
  /** Intervals between consecutive animation frames while recording (ms). */
  gaps: number[];
}

interface Bench {
  recording: boolean;
  stats: PageStats;
  attachLast(): void;
  start(): void;
  stop(): PageStats;
  /** Resolves with the number of deltas the page handled: all, unless `deadlineMs` (from now) passed first. */
  streamFast(deltas: string[], id: string, deadlineMs?: number): Promise<number>;
  streamAtRate(deltas: string[], id: string, intervalMs: number): Promise<{ maxLagMs: number }>;
  settle(frames: number): Promise<void>;
}

declare global {
  interface Window {
    __bench: Bench;
  }
}

const counter = (): Counter => ({ ms: 0, count: 0, max: 0 });
const add = (c: Counter, ms: number) => {
  c.ms += ms;
  c.count++;
  if (ms > c.max) c.max = ms;
};

const rawRaf = window.requestAnimationFrame.bind(window);
let messageStart = 0;
let gapLoop = false;

const bench: Bench = {
  recording: false,
  stats: { messages: counter(), frames: counter(), gaps: [] },

  attachLast() {
    window.removeEventListener('message', onLast);
    window.addEventListener('message', onLast);
  },

  start() {
    bench.stats = { messages: counter(), frames: counter(), gaps: [] };
    bench.recording = true;
    gapLoop = true;
    let last = 0;
    const tick = (t: number) => {
      if (last) bench.stats.gaps.push(t - last);
      last = t;
      if (gapLoop) rawRaf(tick);
    };
    rawRaf(tick);
  },

  stop() {
    bench.recording = false;
    gapLoop = false;
    return bench.stats;
  },

  streamFast(deltas, id, deadlineMs = Infinity) {
    const deadline = performance.now() + deadlineMs;
    return new Promise((resolve) => {
      let i = 0;
      const on = (e: MessageEvent) => {
        const d = e.data as { type?: string; messageId?: string } | null;
        if (d?.type !== 'delta' || d.messageId !== id) return;
        i++;
        if (i < deltas.length && performance.now() < deadline) window.postMessage({ type: 'delta', messageId: id, text: deltas[i] }, '*');
        else {
          window.removeEventListener('message', on);
          resolve(i);
        }
      };
      window.addEventListener('message', on);
      window.postMessage({ type: 'delta', messageId: id, text: deltas[0] }, '*');
    });
  },

  streamAtRate(deltas, id, intervalMs) {
    return new Promise((resolve) => {
      const t0 = performance.now();
      let posted = 0;
      let handled = 0;
      let maxLagMs = 0;
      const on = (e: MessageEvent) => {
        const d = e.data as { type?: string; messageId?: string } | null;
        if (d?.type !== 'delta' || d.messageId !== id) return;
        if (++handled === deltas.length) {
          window.removeEventListener('message', on);
          resolve({ maxLagMs });
        }
      };
      window.addEventListener('message', on);
      const tick = () => {
        const now = performance.now();
        while (posted < deltas.length && t0 + posted * intervalMs <= now) {
          maxLagMs = Math.max(maxLagMs, now - (t0 + posted * intervalMs));
          window.postMessage({ type: 'delta', messageId: id, text: deltas[posted++] }, '*');
        }
        if (posted < deltas.length) setTimeout(tick, Math.max(0, t0 + posted * intervalMs - performance.now()));
      };
      tick();
    });
  },

  settle(frames) {
    return new Promise((resolve) => {
      let n = 0;
      const next = () => (++n >= frames ? setTimeout(resolve, 0) : rawRaf(next));
      rawRaf(next);
    });
  },
};

function onFirst(): void {
  messageStart = performance.now();
}

function onLast(): void {
  if (bench.recording) add(bench.stats.messages, performance.now() - messageStart);
}

window.addEventListener('message', onFirst);
window.requestAnimationFrame = (callback: FrameRequestCallback): number =>
  rawRaf((t) => {
    const s = performance.now();
    try {
      callback(t);
    } finally {
      if (bench.recording) add(bench.stats.frames, performance.now() - s);
    }
  });
window.__bench = bench;
