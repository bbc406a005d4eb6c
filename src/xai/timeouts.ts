// Two separate limits, because reasoning models can think silently for minutes before the first byte
// but a healthy stream never goes quiet for long once it has started.
import { say, type Localisable } from '../shared/localise';

export interface TimeoutOptions {
  /** From sending the request until the headers and the first body byte arrived. */
  firstByteMs: number;
  /** Between two SSE events (or body chunks, for non-streamed answers). */
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: TimeoutOptions = { firstByteMs: 300_000, idleMs: 120_000 };

export type TimeoutLimit = 'firstByte' | 'idle';

export interface FiredTimeout {
  limit: TimeoutLimit;
  ms: number;
}

/** One timer at a time: the first-byte limit until the first byte, then the idle limit, re-armed on activity. */
export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firedLimit: FiredTimeout | undefined;

  constructor(
    private readonly limits: TimeoutOptions,
    private readonly onFire: (fired: FiredTimeout) => void,
  ) {}

  get fired(): FiredTimeout | undefined {
    return this.firedLimit;
  }

  armFirstByte(): void {
    this.arm('firstByte', this.limits.firstByteMs);
  }

  armIdle(): void {
    this.arm('idle', this.limits.idleMs);
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(limit: TimeoutLimit, ms: number): void {
    this.clear();
    if (this.firedLimit || !(ms > 0) || !Number.isFinite(ms)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.firedLimit = { limit, ms };
      this.onFire(this.firedLimit);
    }, ms);
  }
}

export function timeoutMessage(fired: FiredTimeout, server: string): Localisable {
  const seconds = formatSeconds(fired.ms);
  return fired.limit === 'firstByte'
    ? say('No answer from {0} within {1} s (the first-byte timeout). The model may still be thinking: raise the limit or try again.', server, seconds)
    : say('{0} sent nothing for {1} s (the idle timeout between events).', server, seconds);
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(s < 1 ? 2 : 1).replace(/0+$/, '');
}
