// A long conversation opens at once: when a snapshot arrives only the newest answers (or those around a
// restored position) are rendered as Markdown. Every other message is in the page, in order (a long
// conversation's older ones within a few tasks of opening, olderMessages.ts): a user's message whole,
// an older answer with its header, Thinking, cards, Sources and buttons, and its text as written (plain
// text, skipped by layout through content-visibility at an estimated height), until its Markdown is
// rendered:
//
// - first, an answer that comes within two viewports of the view (scrolling), nearest first;
// - then, in the page's idle time, every other one, newest first, so that within seconds of opening
//   the whole conversation is in the page as if it had been rendered at once. An answer rendered off
//   screen stays skipped by layout until it first comes near the view, so idle rendering costs script
//   time only, and each answer is laid out once, when it is about to be seen. Older questions are
//   skipped by layout the same way until first seen.
// - a skipped message (rendered, or a question) within three viewports of the view is laid out in a
//   task of its own, nearest first, before content-visibility would do it in the frame that scrolls it
//   near the view.
//
// Screen readers: Chromium exposes content skipped by content-visibility: auto to assistive technology
// (test/webview/longConversation.test.ts checks it with accessibility on, as when a screen reader runs),
// so every message in the page is read, in order: a waiting answer as its words, then as
// headings, lists and code once rendered. Tab order is the page's order; a waiting answer has no links
// or code-block buttons yet, and gets them within two viewports of the view.
//
// Rendering runs in slices of about 10 ms, so neither scrolling nor typing waits on a long task. An
// answer above the view changes height when it is first laid out or rendered; the view moves by the
// same amount (in a ResizeObserver callback: after layout, before paint), so what the user is reading
// stays where it is. The scroller's own scroll anchoring is off (chat.css); at the bottom, the scroll
// follower keeps the view on the newest message instead.
import { skipLaidOutGroups } from './groupedNodes';
import type { ChatMessage } from './messageView';

const SLICE_MS = 10;
/** How far outside the view a waiting answer is rendered first, in viewport heights. */
const MARGIN = '200% 0px';
/**
 * How far outside the view a message skipped by layout is laid out ahead of time, one at a time. Left
 * to content-visibility, a message's first style and layout (an answer: thousands of highlighted code
 * spans) ran in the frame in which it came within half a viewport of the view, often two messages in one
 * frame: frames of 60 to 85 ms while the wheel scrolled. Laid out in their own tasks, ahead of the view,
 * they leave the frames nothing but the scroll.
 */
const AHEAD = '300% 0px';

export class LazyBodies {
  private readonly observer: IntersectionObserver;
  private readonly byEl = new WeakMap<Element, ChatMessage>();
  /** Waiting answers near the view, with their distance from it when last seen (px). */
  private readonly near = new Map<ChatMessage, number>();
  /** Every waiting answer, oldest first (idle rendering takes from the end). */
  private waiting: ChatMessage[] = [];
  private timer: number | undefined;
  private idle: number | undefined;
  /** The view's width when the conversation was opened (for the estimated heights). */
  private width = 0;

  /** Heights of the answers skipped by layout until seen (their size changes when they are first laid out). */
  private readonly sized: ResizeObserver;
  private readonly heights = new WeakMap<Element, number>();
  /** What a whole-pixel scrollTop could not take, carried to the next move so many moves do not drift. */
  private carry = 0;

  /** Messages skipped by layout within AHEAD of the view, with their distance from it (px): laid out nearest first. */
  private readonly ahead: IntersectionObserver;
  private readonly toLay = new Map<HTMLElement, number>();
  private layTimer: number | undefined;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly following: () => boolean,
  ) {
    this.observer = new IntersectionObserver((entries) => this.seen(entries), { root: scroller, rootMargin: MARGIN });
    this.ahead = new IntersectionObserver((entries) => this.nearing(entries), { root: scroller, rootMargin: AHEAD });
    this.sized = new ResizeObserver((entries) => this.resized(entries));
    // An answer rendered off screen stays skipped by layout until it first comes near the view (one
    // layout then, not one per answer rendered in idle time); from then on it is laid out as usual.
    scroller.addEventListener('contentvisibilityautostatechange', (e) => {
      const el = e.target as HTMLElement;
      const m = this.byEl.get(el);
      if (!m) return;
      if ((e as Event & { skipped?: boolean }).skipped) this.shown.delete(el);
      else if (m.pending) this.shown.add(el);
      else unskip(el);
    }, { capture: true });
  }

  /** Waiting answers that are laid out now (near the view), as content-visibility last said. */
  private readonly shown = new WeakSet<Element>();

  /**
   * Render `message` when it nears the view or the page is idle. A message with nothing to render (a
   * question) that starts `offscreen` is skipped by layout until it first comes near the view. `older`:
   * it comes before every message watched so far (olderMessages.ts builds those after the others).
   */
  watch(message: ChatMessage, offscreen: boolean, { older = false } = {}): void {
    if (!message.pending && !offscreen) return;
    message.el.classList.add(LAZY);
    message.el.style.containIntrinsicSize = `auto ${estimateHeight(message.text, this.width)}px`;
    this.byEl.set(message.el, message);
    this.ahead.observe(message.el);
    if (!message.pending) {
      this.sized.observe(message.el);
      return;
    }
    if (older) this.waiting.unshift(message);
    else this.waiting.push(message);
    this.observer.observe(message.el);
    this.sized.observe(message.el);
    this.idle ??= requestIdleCallback((d) => this.onIdle(d));
  }

  /** The message left the page (truncated, replaced, another conversation). */
  forget(message: ChatMessage): void {
    this.observer.unobserve(message.el);
    this.sized.unobserve(message.el);
    this.ahead.unobserve(message.el);
    this.toLay.delete(message.el);
    this.near.delete(message);
    this.byEl.delete(message.el);
  }

  /** Another conversation (or the same one again) is about to be shown. */
  reset(): void {
    this.width = this.scroller.clientWidth;
    this.observer.disconnect();
    this.sized.disconnect();
    this.ahead.disconnect();
    this.toLay.clear();
    window.clearTimeout(this.layTimer);
    this.layTimer = undefined;
    this.near.clear();
    this.waiting = [];
    window.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.idle !== undefined) cancelIdleCallback(this.idle);
    this.idle = undefined;
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const m = this.byEl.get(e.target);
      if (!m) continue;
      if (!e.isIntersecting || !m.pending) {
        this.near.delete(m);
        continue;
      }
      const view = e.rootBounds;
      const box = e.boundingClientRect;
      this.near.set(m, !view ? 0 : box.bottom < view.top ? view.top - box.bottom : box.top > view.bottom ? box.top - view.bottom : 0);
    }
    if (this.timer === undefined) this.slice();
  }

  /** The answers near the view, nearest first, about SLICE_MS at a time. */
  private slice(): void {
    this.timer = undefined;
    if (this.near.size === 0) return;
    const order = [...this.near.entries()].sort((a, b) => a[1] - b[1]).map(([m]) => m);
    this.renderSome(order, SLICE_MS);
    if (this.near.size) this.timer = window.setTimeout(() => this.slice(), 0);
  }

  private onIdle(deadline: IdleDeadline): void {
    this.idle = undefined;
    // Answers near the view go first (their own slices); idle time takes the rest, newest first.
    const done = (m: ChatMessage) => !m.pending || this.byEl.get(m.el) !== m;
    while (this.waiting.length && done(this.waiting[this.waiting.length - 1])) this.waiting.pop();
    if (!this.waiting.length) return;
    if (this.near.size === 0) {
      const batch: ChatMessage[] = [];
      for (let i = this.waiting.length - 1; i >= 0 && batch.length < 8; i--) {
        const m = this.waiting[i];
        if (!done(m)) batch.push(m);
      }
      this.renderSome(batch, Math.min(SLICE_MS, deadline.timeRemaining()));
    }
    this.idle = requestIdleCallback((d) => this.onIdle(d));
  }

  /** Renders `messages` in order while `budget` ms last (at least one). */
  private renderSome(messages: ChatMessage[], budget: number): void {
    const started = performance.now();
    let rendered = 0;
    for (const m of messages) {
      if (rendered && performance.now() - started > budget) break;
      this.near.delete(m);
      if (!m.pending) continue;
      this.observer.unobserve(m.el);
      m.renderBody();
      if (this.shown.has(m.el)) unskip(m.el);
      else if (this.toLay.has(m.el)) this.scheduleLay();
      rendered++;
    }
  }

  private nearing(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const el = e.target as HTMLElement;
      if (!e.isIntersecting || !el.classList.contains(LAZY)) {
        this.toLay.delete(el);
        continue;
      }
      const view = e.rootBounds;
      const box = e.boundingClientRect;
      this.toLay.set(el, !view ? 0 : box.bottom < view.top ? view.top - box.bottom : box.top > view.bottom ? box.top - view.bottom : 0);
    }
    this.scheduleLay();
  }

  private scheduleLay(): void {
    this.layTimer ??= window.setTimeout(() => this.lay(), 0);
  }

  /**
   * Lays out the nearest skipped message that has its Markdown (a waiting answer is rendered first), in
   * this task: its style and layout are forced here, so the frame that scrolls it into view has none to
   * do. One answer per task (a few questions may share one), then the page's other work and frames go.
   */
  private lay(): void {
    this.layTimer = undefined;
    const started = performance.now();
    for (;;) {
      let next: HTMLElement | undefined;
      let nearest = Infinity;
      for (const [el, distance] of this.toLay) {
        if (!el.classList.contains(LAZY)) {
          this.toLay.delete(el);
          this.ahead.unobserve(el);
          continue;
        }
        if (distance < nearest && !this.byEl.get(el)?.pending) {
          nearest = distance;
          next = el;
        }
      }
      if (!next) return;
      this.toLay.delete(next);
      this.ahead.unobserve(next);
      unskip(next);
      // Forces the style and layout of the message now (the reason for this task), then the skipping of
      // its answer's boxes off screen, which would otherwise be applied in the next frame.
      void next.offsetHeight;
      skipLaidOutGroups(next);
      void next.offsetHeight;
      if (performance.now() - started > SLICE_MS / 2) break;
    }
    if (this.toLay.size) this.scheduleLay();
  }

  /** Answers above the view that changed height move the view by as much. */
  private resized(entries: ResizeObserverEntry[]): void {
    const follow = this.following();
    const viewTop = this.scroller.getBoundingClientRect().top;
    const changed = entries.map((e) => ({ el: e.target, box: e.target.getBoundingClientRect() })).sort((a, b) => a.box.top - b.box.top);
    let shift = 0;
    // Tops are read after the change: an answer's top before it is its top now less the change of those above.
    let above = 0;
    for (const { el, box } of changed) {
      const before = this.heights.get(el);
      this.heights.set(el, box.height);
      // Rendered, and its rendered height seen: nothing more to follow.
      if (!el.classList.contains(LAZY)) this.sized.unobserve(el);
      if (before === undefined) continue;
      if (!follow && box.top - above < viewTop) shift += box.height - before;
      above += box.height - before;
    }
    if (!shift) return;
    const target = this.scroller.scrollTop + shift + this.carry;
    this.scroller.scrollTop = target;
    this.carry = Math.max(-1, Math.min(1, target - this.scroller.scrollTop));
  }
}

/** The class that makes a message skipped by layout while off screen (content-visibility: auto). */
const LAZY = 'message-lazy';

function unskip(el: HTMLElement): void {
  el.classList.remove(LAZY);
  el.style.containIntrinsicSize = '';
}

/** A waiting answer's height in the page, roughly: its source lines wrapped at the view's width. */
function estimateHeight(text: string, width: number): number {
  const columns = Math.max(20, Math.floor((width || 400) / 7.5));
  let lines = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines += Math.max(1, Math.ceil((end - start) / columns));
    start = end + 1;
  }
  // Lines of about 19 px, and the header and footer.
  return Math.round(lines * 19 + 70);
}
