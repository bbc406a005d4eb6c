// Coalesces streamed text for the webview: one `delta` post per ~16 ms however fast tokens arrive, so a
// long answer costs the webview a bounded number of renders and the host never awaits postMessage. The
// first words of a message go out at once: the wait for an answer is the one users feel, and a single
// post cannot flood the page. Pure (timers injected), unit-tested.
import type { HostMessage } from '../protocol';

type DeltaMessage = Extract<HostMessage, { type: 'delta' }>;

export interface DeltaPart {
  text?: string;
  reasoning?: string;
  answerStartedAt?: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class DeltaBatcher {
  private pending: DeltaMessage | undefined;
  private timer: unknown;
  /** The message whose first words were posted already. */
  private started: string | undefined;

  constructor(
    private readonly post: (message: DeltaMessage) => void,
    private readonly intervalMs = 16,
    private readonly timers: Timers = realTimers,
  ) {}

  add(messageId: string, part: DeltaPart): void {
    if (this.pending && this.pending.messageId !== messageId) this.flush();
    const p = (this.pending ??= { type: 'delta', messageId });
    if (part.text) p.text = (p.text ?? '') + part.text;
    if (part.reasoning) p.reasoning = (p.reasoning ?? '') + part.reasoning;
    if (part.answerStartedAt !== undefined) p.answerStartedAt ??= part.answerStartedAt;
    if (this.started !== messageId && (p.text || p.reasoning)) {
      this.started = messageId;
      this.flush();
      return;
    }
    if (this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Posts what is pending now: before messageDone, so the last words arrive before the end. */
  flush(): void {
    this.cancelTimer();
    const p = this.pending;
    this.pending = undefined;
    if (p && (p.text || p.reasoning || p.answerStartedAt !== undefined)) this.post(p);
  }

  /** Drops what is pending: a snapshot just sent already holds it, and posting it again would double it. */
  discard(): void {
    this.cancelTimer();
    this.pending = undefined;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
