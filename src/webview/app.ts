// The chat page: builds the layout once, then applies host messages. The host owns the conversation
// (snapshot, then deltas); this page renders it and asks for things, nothing more.
import type { ConversationView, ErrorAction, HostMessage, MessageView, UsageView } from '../protocol';
import { Composer } from './composer';
import { button, clear, h } from './dom';
import { actionRow } from './errors';
import { HistoryView } from './historyView';
import { assertNever } from './hostMessages';
import { installCodeBlockActions } from './codeBlocks';
import { installLinkHandling } from './links';
import { LazyBodies } from './lazyBodies';
import { LiveRegion } from './liveRegion';
import { ChatMessage } from './messageView';
import { ModelPicker } from './modelPicker';
import { ModePicker } from './modePicker';
import { OlderMessages } from './olderMessages';
import { ScrollFollower } from './scroll';
import { setupCard } from './setupCard';
import { applyTokenColors } from './tokenColors';
import { totalLine, usageDetail } from './usage';
import type { Bridge } from './vscodeApi';
import { s, setPageStrings } from './strings';

export class App {
  private readonly region = new LiveRegion();
  private readonly picker: ModelPicker;
  private readonly modes: ModePicker;
  private readonly composer: Composer;
  private readonly setup: ReturnType<typeof setupCard>;
  private readonly history: HistoryView;
  private readonly scroll: ScrollFollower;
  private readonly lazy: LazyBodies;
  private readonly scroller: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly notices: HTMLElement;
  private readonly noticesToggle: HTMLButtonElement;
  private readonly chatView: HTMLElement;
  private readonly total: HTMLElement;
  /** The messages in the page, in order: the conversation's last ones while older ones are still being built. */
  private messages: ChatMessage[] = [];
  private readonly older: OlderMessages<ChatMessage>;
  private generating = false;
  private hasKey = true;
  private conversationId: string | undefined;
  private snapshots = 0;
  private ticker: number | undefined;
  private saveTimer: number | undefined;

  constructor(root: HTMLElement, private readonly bridge: Bridge) {
    const post = bridge.post;
    // New Chat and History are the view's title-bar actions (VS Code's own buttons), not repeated here;
    // the model picker lives in the composer, beside what it applies to.
    this.picker = new ModelPicker(post);

    this.notices = h('div', { class: 'notices' });
    // Several notices stack into one line (the newest); this shows or hides the others.
    this.noticesToggle = button('', () => {
      const expanded = !this.notices.classList.contains('expanded');
      this.notices.classList.toggle('expanded', expanded);
      this.updateNotices();
    }, { class: 'icon-text notices-toggle' });
    this.noticesToggle.hidden = true;
    this.list = h('div', { class: 'messages' });
    this.empty = h(
      'div',
      { class: 'empty-state' },
      h('h2', { text: s('empty.title') }),
      h('p', { text: s('empty.keys') }),
      h('p', { text: s('empty.context') }),
    );
    const scroller = h('section', { class: 'conversation', attrs: { 'aria-label': s('conversation.label'), tabindex: '0' } }, this.empty, this.list);
    const jump = button(s('jump.text'), () => {}, { class: 'jump-latest', label: s('jump.label') });
    this.scroller = scroller;
    this.lazy = new LazyBodies(scroller, () => this.scroll.isFollowing);
    this.older = new OlderMessages(
      (m) => this.view(m, true),
      (views) => this.prependOlder(views),
      () => this.afterChange(),
    );
    this.scroll = new ScrollFollower(scroller, jump, (s) => this.saveScroll(s.scrollTop, s.following));

    this.composer = new Composer(
      {
        post,
        saveDraft: (draft) => bridge.saveState({ draft }),
        editLast: () => this.editLast(),
      },
      bridge.state.draft,
      this.picker.el,
    );
    this.modes = new ModePicker(post);
    this.composer.modeSlot.appendChild(this.modes.el);
    this.composer.modeSlot.hidden = false;
    this.setup = setupCard((a) => this.onAction(a));
    this.setup.el.hidden = true;
    this.total = h('div', { class: 'total-usage' });
    this.total.hidden = true;

    this.chatView = h('div', { class: 'chat-view' }, this.notices, this.noticesToggle, h('div', { class: 'conversation-wrap' }, scroller, jump), this.composer.el, this.setup.el, this.total);
    this.history = new HistoryView({ post, close: () => this.toggleHistory(false) });
    this.history.el.hidden = true;

    root.append(this.chatView, this.history.el, this.region.el);
    installCodeBlockActions(root, post);
    installLinkHandling(root, post);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.generating && !e.defaultPrevented) {
        e.preventDefault();
        post({ type: 'stop' });
      }
    });
  }

  handle(msg: HostMessage): void {
    switch (msg.type) {
      case 'snapshot':
        this.onSnapshot(msg.conversation, msg.hasKey, msg.generating, msg.atStart === true);
        this.picker.set(msg.models, msg.model);
        this.composer.setModels(msg.models, msg.model);
        this.composer.setChips(msg.pendingContext);
        this.composer.setInstructions(msg.instructions ?? []);
        this.composer.setOptions(msg.options ?? {}, msg.serverTools ?? true);
        this.modes.set(msg.options ?? {}, msg.defaultMode);
        this.updateMeter();
        break;
      case 'messageAdded':
        this.addMessage(msg.message);
        if (msg.message.role === 'user') this.scroll.jumpToLatest();
        this.afterChange();
        break;
      case 'delta':
        this.find(msg.messageId)?.applyDelta(msg);
        break;
      case 'part':
        this.find(msg.messageId)?.applyPart(msg.part);
        if (msg.part.type === 'compaction') this.updateMeter();
        break;
      case 'options':
        this.composer.setOptions(msg.options, msg.serverTools ?? true);
        this.modes.set(msg.options, msg.defaultMode);
        break;
      case 'messageDone':
        this.find(msg.messageId)?.finish(msg.status, msg.usage, msg.error);
        this.setTotal(msg.totalUsage);
        this.afterChange();
        break;
      case 'truncate':
        this.truncate(msg.fromMessageId);
        this.setTotal(msg.totalUsage);
        break;
      case 'generating':
        this.setGenerating(msg.generating);
        break;
      case 'models':
        this.picker.set(msg.models, msg.model);
        this.composer.setModels(msg.models, msg.model);
        this.updateMeter();
        break;
      case 'keyStatus':
        this.setKey(msg.hasKey);
        break;
      case 'pendingContext':
        this.composer.setChips(msg.chips);
        break;
      case 'history':
        this.history.setItems(msg.items, msg.query, msg.from, msg.total);
        break;
      case 'notice':
        this.addNotice(msg.level, msg.message, msg.actions ?? [], msg.key);
        break;
      case 'focusInput':
        this.toggleHistory(false);
        if (this.hasKey) this.composer.focus();
        else this.setup.focus();
        break;
      case 'tokenColors':
        applyTokenColors(msg.colors);
        break;
      case 'mentionResults':
        this.composer.mentions.show(msg.requestId, msg.items, msg.note);
        break;
      case 'instructions':
        this.composer.setInstructions(msg.chips);
        break;
      case 'showHistory':
        this.toggleHistory(true);
        break;
      case 'answerPhase':
        this.find(msg.messageId)?.setPhase(msg.state);
        break;
      case 'unsent':
        this.composer.restore(msg.text, msg.images);
        break;
      case 'strings':
        // Normally taken before the page is built (main.ts); a later table applies to what is drawn next.
        setPageStrings(msg.strings, msg.locale);
        break;
      default:
        assertNever(msg);
    }
  }

  private onSnapshot(conversation: ConversationView, hasKey: boolean, generating: boolean, atStart: boolean): void {
    const same = conversation.id === this.conversationId;
    if (!same) this.composer.clearQueue();
    this.conversationId = conversation.id;
    // Which conversation the list shows: a test (or a tool) can tell a new empty chat from the last one.
    this.list.dataset.conversation = conversation.id;
    for (const m of this.messages) m.dispose();
    this.messages = [];
    this.older.cancel();
    this.lazy.reset();
    clear(this.list);
    this.snapshots++;
    const state = this.bridge.state;
    // Where the view will be: the newest messages, or (a rebuilt page) the message the user was reading.
    const restoring = this.snapshots === 1 && !atStart && !state.following;
    const anchorAt = restoring && state.anchor ? conversation.messages.findIndex((m) => m.id === state.anchor!.id) : -1;
    const eager = eagerRange(conversation.messages, anchorAt);
    const built = OlderMessages.firstBuilt(conversation.messages.length, eager.from);
    for (let i = built; i < conversation.messages.length; i++) this.addMessage(conversation.messages[i], i < eager.from || i >= eager.to, false);
    this.older.start(conversation.messages.slice(0, built));
    this.afterChange();
    this.setTotal(conversation.totalUsage);
    this.setKey(hasKey);
    this.setGenerating(generating);
    if (this.snapshots === 1 && atStart) {
      // The window was (re)loaded: open at the newest message, whatever an older page saved.
      requestAnimationFrame(() => this.scroll.jumpToLatest());
    } else if (this.snapshots === 1) {
      // The page was rebuilt: put the user back where they were before the view was hidden (at the
      // message they were reading: the answers above it may not be rendered yet, so a bare scrollTop
      // would land elsewhere).
      const anchor = anchorAt >= 0 ? this.messages[anchorAt - built] : undefined;
      requestAnimationFrame(() => {
        const top = anchor && state.anchor ? this.scroller.scrollTop + anchor.el.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top + state.anchor.offset : state.scrollTop;
        // Where the page above is laid out as before, the saved whole-pixel position is the exact one.
        this.scroll.restore(Math.abs(top - state.scrollTop) < 2 ? state.scrollTop : top, state.following);
      });
    } else if (!same) {
      this.scroll.jumpToLatest();
    }
  }

  /** `defer`: a finished answer's Markdown waits until it nears the view (lazyBodies.ts). */
  private addMessage(message: MessageView, defer = false, refresh = true): void {
    if (this.older.replace(message)) return;
    const existing = this.messages.findIndex((m) => m.id === message.id);
    const view = this.view(message, defer);
    if (existing >= 0) {
      this.messages[existing].dispose();
      this.lazy.forget(this.messages[existing]);
      this.messages[existing].el.replaceWith(view.el);
      this.messages[existing] = view;
    } else {
      this.messages.push(view);
      this.list.appendChild(view.el);
    }
    this.lazy.watch(view, defer);
    if (refresh) this.afterChange();
  }

  private view(message: MessageView, defer: boolean): ChatMessage {
    return new ChatMessage(message, {
      post: this.bridge.post,
      region: this.region,
      onAction: (a) => this.onAction(a),
      deferBody: defer,
    });
  }

  /**
   * Older messages, just built, go above the ones in the page, and the view moves down by their height
   * in the same task: what the user reads (at the bottom: the newest message) stays where it is in every
   * frame. The scroller's own scroll anchoring is off (chat.css).
   */
  private prependOlder(views: ChatMessage[]): void {
    const first = this.messages[0]?.el;
    const before = first?.getBoundingClientRect().top;
    const fragment = document.createDocumentFragment();
    for (const v of views) {
      v.setControls({ lastAnswer: false, generating: this.generating });
      fragment.appendChild(v.el);
    }
    this.list.prepend(fragment);
    this.messages.unshift(...views);
    for (let i = views.length - 1; i >= 0; i--) this.lazy.watch(views[i], true, { older: true });
    if (first && before !== undefined) this.scroller.scrollTop += first.getBoundingClientRect().top - before;
  }

  private find(id: string): ChatMessage | undefined {
    // Deltas go to the newest message, one message per 16 ms or faster: no walk through a long conversation.
    const last = this.messages[this.messages.length - 1];
    return last?.id === id ? last : this.messages.find((m) => m.id === id);
  }

  private truncate(fromId: string): void {
    const i = this.older.truncateAt(fromId) ? 0 : this.messages.findIndex((m) => m.id === fromId);
    if (i < 0) return;
    for (const m of this.messages.splice(i)) {
      m.dispose();
      this.lazy.forget(m);
      m.el.remove();
    }
    this.afterChange();
  }

  private setGenerating(generating: boolean): void {
    this.generating = generating;
    this.composer.setGenerating(generating);
    this.afterChange();
  }

  private setKey(hasKey: boolean): void {
    this.hasKey = hasKey;
    this.composer.el.hidden = !hasKey;
    this.setup.el.hidden = hasKey;
    this.afterChange();
  }

  private setTotal(total: UsageView | undefined): void {
    this.total.hidden = !total;
    if (!total) return;
    this.total.textContent = totalLine(total);
    this.total.title = usageDetail(total);
  }

  /** The context meter, from the last answer's usage and the chosen model's window (where listed). */
  private updateMeter(): void {
    // A compaction after the last answer's usage replaced everything before it with the compacted item.
    const last = [...this.messages].reverse().find((m) => m.compactedTo !== undefined || (m.role === 'assistant' && m.usage));
    const usage = last?.usage;
    const context = last?.compactedTo ?? (usage ? usage.promptTokens + usage.completionTokens : 0);
    this.composer.setContextUsage(context, this.picker.current?.contextWindow);
  }

  /** Controls that depend on the whole conversation, the empty state, the Thinking timer. */
  private afterChange(): void {
    this.updateMeter();
    let lastAnswer = -1;
    this.messages.forEach((m, i) => {
      if (m.role === 'assistant') lastAnswer = i;
    });
    this.messages.forEach((m, i) => m.setControls({ lastAnswer: i === lastAnswer, generating: this.generating }));
    this.empty.hidden = this.messages.length > 0 || !this.hasKey;
    // Nothing to show but the setup card: put it at the top rather than under an empty page.
    this.chatView.classList.toggle('setup-only', !this.hasKey && this.messages.length === 0);
    const streaming = this.messages.some((m) => m.status === 'streaming');
    if (streaming && this.ticker === undefined) {
      this.ticker = window.setInterval(() => {
        const now = Date.now();
        for (const m of this.messages) m.tick(now);
      }, 1000);
    } else if (!streaming && this.ticker !== undefined) {
      window.clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private editLast(): boolean {
    const last = [...this.messages].reverse().find((m) => m.role === 'user');
    if (!last) return false;
    last.startEdit();
    return true;
  }

  private onAction(action: ErrorAction): void {
    this.bridge.post({ type: 'action', action });
    if (action === 'chooseModel') this.picker.focus();
  }

  private addNotice(level: 'info' | 'warning' | 'error', message: string, actions: ErrorAction[], key?: string): void {
    const notice = h('div', { class: `notice notice-${level}`, attrs: { role: level === 'error' ? 'alert' : 'status' } });
    if (key) {
      // The news that a problem is over takes the problem's place.
      for (const shown of this.notices.querySelectorAll<HTMLElement>('.notice')) if (shown.dataset.key === key) shown.remove();
      notice.dataset.key = key;
    }
    notice.append(
      h('span', { class: 'notice-message', text: message }),
      actionRow(actions, (a) => this.onAction(a)) ?? '',
      button('×', () => {
        notice.remove();
        this.updateNotices();
      }, { class: 'icon notice-dismiss', label: s('notice.dismiss') }),
    );
    this.notices.appendChild(notice);
    this.updateNotices();
  }

  private updateNotices(): void {
    const count = this.notices.childElementCount;
    const stacked = count > 1;
    this.notices.classList.toggle('stacked', stacked);
    if (!stacked) this.notices.classList.remove('expanded');
    const expanded = this.notices.classList.contains('expanded');
    this.noticesToggle.hidden = !stacked;
    this.noticesToggle.textContent = expanded ? s('notice.showLatestOnly') : count === 2 ? s('notice.moreOne') : s('notice.more', count - 1);
    this.noticesToggle.setAttribute('aria-expanded', String(expanded));
  }

  /** Back from the list (or a conversation opened from it): the caret goes where the user will type. */
  private toggleHistory(show: boolean): void {
    if (show === !this.history.el.hidden) {
      if (show) this.history.open();
      return;
    }
    this.history.el.hidden = !show;
    this.chatView.hidden = show;
    if (show) {
      this.history.open();
      return;
    }
    if (this.hasKey) this.composer.focus();
    else this.setup.focus();
  }

  private saveScroll(scrollTop: number, following: boolean): void {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => this.bridge.saveState({ scrollTop, following, anchor: this.anchor() }), 100);
  }

  /** The first message whose bottom is below the view's top, and how far its top is above it (px). */
  private anchor(): { id: string; offset: number } | undefined {
    const top = this.scroller.getBoundingClientRect().top;
    let lo = 0;
    let hi = this.messages.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.messages[mid].el.getBoundingClientRect().bottom <= top) lo = mid + 1;
      else hi = mid;
    }
    const m = this.messages[lo];
    return { id: m.id, offset: top - m.el.getBoundingClientRect().top };
  }
}

/** Rendered when the snapshot arrives: the last messages up to about two views of text, or those around the anchor. */
const EAGER_CHARS = 8000;

function eagerRange(messages: readonly MessageView[], anchorAt: number): { from: number; to: number } {
  const size = (m: MessageView) => m.parts.reduce((n, p) => n + ('text' in p ? p.text.length : 0), 0);
  const end = anchorAt >= 0 ? Math.min(messages.length, anchorAt + 3) : messages.length;
  let from = end;
  for (let chars = 0; from > 0 && (chars < EAGER_CHARS || end - from < 2 || (anchorAt >= 0 && from > anchorAt)); ) chars += size(messages[--from]);
  return { from, to: end };
}
