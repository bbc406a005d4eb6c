// The host's line to the chat page. The page comes and goes (retainContextWhenHidden is off, so hiding
// the view destroys it): nothing is posted until the page says `ready` and has had its snapshot, and
// posts are never awaited, since a lost one is repaired by the next snapshot.
import type * as vscode from 'vscode';
import { warn } from '../platform/log';
import type { ErrorAction, HostMessage } from '../protocol';

type Notice = Extract<HostMessage, { type: 'notice' }>;

const MAX_QUEUED_NOTICES = 5;

export class WebviewChannel {
  private webview: vscode.Webview | undefined;
  private ready = false;
  private focusWhenReady = false;
  private historyWhenReady = false;
  private queuedNotices: Notice[] = [];

  get hasPage(): boolean {
    return this.webview !== undefined;
  }

  /** A (re)created page: silent until its `ready`. */
  attach(webview: vscode.Webview): void {
    this.webview = webview;
    this.ready = false;
  }

  /** The view was hidden (the page is gone until shown again) or disposed. Returns whether it was ours. */
  detach(webview: vscode.Webview, disposed: boolean): boolean {
    if (this.webview !== webview) return false;
    this.ready = false;
    if (disposed) this.webview = undefined;
    return true;
  }

  post(message: HostMessage): void {
    if (!this.ready || !this.webview) return;
    this.webview.postMessage(message).then(undefined, (e: unknown) => warn(`chat: post ${message.type} failed: ${String(e)}`));
  }

  /**
   * Posts the snapshot `build` returns, built in the same synchronous step, so no delta can fall between
   * the state it shows and the post. Only the answer to `ready` (fromReady) may post to a page that is
   * not ready yet; afterwards the page is ready for deltas, and what was waiting for it is sent.
   */
  postSnapshot(build: () => HostMessage, fromReady: boolean): void {
    const webview = this.webview;
    if (!webview || (!this.ready && !fromReady)) return;
    const snapshot = build();
    webview.postMessage(snapshot).then(undefined, (e: unknown) => warn(`chat: snapshot failed: ${String(e)}`));
    this.ready = true;
    for (const n of this.queuedNotices.splice(0)) this.post(n);
    if (this.historyWhenReady) {
      this.historyWhenReady = this.focusWhenReady = false;
      this.post({ type: 'showHistory' });
    }
    if (this.focusWhenReady) {
      this.focusWhenReady = false;
      this.post({ type: 'focusInput' });
    }
  }

  /** Show the conversation list in the page, now or once the page is there (it wins over a focus request). */
  showHistory(): void {
    if (this.ready) this.post({ type: 'showHistory' });
    else {
      this.historyWhenReady = true;
      this.focusWhenReady = false;
    }
  }

  /** Put the caret in the input, now or once the page is there. */
  focusInput(): void {
    if (this.ready) this.post({ type: 'focusInput' });
    else this.focusWhenReady = true;
  }

  /**
   * A notice in the panel; kept (a few) until the page is there to show it. One with a `key` replaces the
   * notice with that key, shown or still waiting.
   */
  notice(level: Notice['level'], message: string, actions?: ErrorAction[], key?: string): void {
    const n: Notice = { type: 'notice', level, message, ...(actions ? { actions } : {}), ...(key ? { key } : {}) };
    if (this.ready) return this.post(n);
    if (key) this.queuedNotices = this.queuedNotices.filter((q) => q.key !== key);
    if (this.queuedNotices.length < MAX_QUEUED_NOTICES) this.queuedNotices.push(n);
  }
}
