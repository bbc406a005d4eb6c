// A long conversation opens with only its newest messages (or those around a restored position, and
// everything after them) built; the older ones are built after the first frame, in tasks of about 8 ms,
// newest first, each batch put above those already in the page. Building a message's shell (its header,
// buttons, a question's Markdown) costs a fraction of a millisecond, but 500 of them made opening a long
// conversation take several times as long as a short one, all before its first frame.
//
// Within a few tasks the whole conversation is in the page, in order (what lazyBodies.ts then renders as
// it nears the view or in idle time). A message not built yet is not in the page: nothing can address it
// but a truncate from it, handled here.
import type { MessageView } from '../protocol';

/** Conversations of up to this many messages are built with their snapshot, whole. */
export const BUILD_ALL_UP_TO = 60;
/** A longer one: at least this many of its newest messages are built with the snapshot. */
export const BUILD_FIRST = 20;
const SLICE_MS = 8;

export class OlderMessages<V> {
  /** The messages not built yet, oldest first (built from the end). */
  private rest: MessageView[] = [];
  private frame: number | undefined;
  private timer: number | undefined;

  constructor(
    private readonly build: (message: MessageView) => V,
    /** Puts built views (oldest first) above the ones in the page. */
    private readonly prepend: (views: V[]) => void,
    private readonly done: () => void,
  ) {}

  /** How many of `messages` to build now (from that index to the end); the ones before wait for `start`. */
  static firstBuilt(count: number, eagerFrom: number): number {
    return count > BUILD_ALL_UP_TO ? Math.max(0, Math.min(eagerFrom, count - BUILD_FIRST)) : 0;
  }

  /** Builds `rest` (the messages before the built ones), starting after the next frame. */
  start(rest: MessageView[]): void {
    this.cancel();
    this.rest = rest.slice();
    if (!this.rest.length) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = undefined;
      this.timer = window.setTimeout(() => this.slice(), 0);
    });
  }

  cancel(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    window.clearTimeout(this.timer);
    this.frame = this.timer = undefined;
    this.rest = [];
  }

  /**
   * The conversation is cut from `id` on: if it is a message not built yet, it and the ones after it
   * are dropped and true is returned (every built message follows it, so the caller removes them all).
   */
  truncateAt(id: string): boolean {
    const i = this.rest.findIndex((m) => m.id === id);
    if (i < 0) return false;
    this.rest.length = i;
    if (!this.rest.length) this.cancel();
    return true;
  }

  /** A message not built yet, replaced by a newer copy of it (same id): true if it was one. */
  replace(message: MessageView): boolean {
    const i = this.rest.findIndex((m) => m.id === message.id);
    if (i >= 0) this.rest[i] = message;
    return i >= 0;
  }

  private slice(): void {
    this.timer = undefined;
    const started = performance.now();
    const views: V[] = [];
    while (this.rest.length && (views.length < 4 || performance.now() - started < SLICE_MS)) views.push(this.build(this.rest.pop()!));
    views.reverse();
    this.prepend(views);
    if (this.rest.length) this.timer = window.setTimeout(() => this.slice(), 0);
    else this.done();
  }
}
