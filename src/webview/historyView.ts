// History inside the page: a search box (asks the host with `listHistory`), and per conversation Open,
// Rename (inline), Export and Delete (confirmed inline, Cancel focused, so one stray Enter deletes nothing).
// The host sends the list a page at a time (the newest first); the page builds rows 100 at a time as the
// list scrolls, and asks for the host's next page when it has built rows for all it holds.
import type { HistoryItem, WebviewMessage } from '../protocol';
import { button, clear, h } from './dom';
import { iconButton } from './icons';
import { s } from './strings';

export interface HistoryDeps {
  post(message: WebviewMessage): void;
  /** Back to the chat; `opened` when a conversation was just opened. */
  close(opened: boolean): void;
}

export class HistoryView {
  readonly el: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private items: HistoryItem[] = [];
  /** How many conversations the whole list holds (the host sends them a page at a time). */
  private total = 0;
  /** The query `items` answer; undefined until the first list after opening. */
  private listQuery: string | undefined;
  /** The next page has been asked for and not arrived yet. */
  private asked = false;
  /** How many of `items` have rows; the rest are added a page at a time as the list scrolls. */
  private shown = 0;
  private searchTimer: number | undefined;
  /** At the list's end: when it scrolls into view, the next page of rows is built. */
  private readonly more: HTMLElement;
  private readonly observer: IntersectionObserver;
  /** The idle callback that builds more rows after the first ones are shown. */
  private fill: number | undefined;
  /**
   * Rows the user is working in (a rename being typed, a delete waiting for its confirmation): a new
   * list from the host (after any save, rename or search) keeps them as they are instead of rebuilding.
   */
  private readonly working = new Map<string, HTMLElement>();

  constructor(private readonly deps: HistoryDeps) {
    this.search = h('input', { class: 'history-search', attrs: { type: 'search', 'aria-label': s('history.search'), placeholder: s('history.search') } });
    this.search.addEventListener('input', () => {
      window.clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => this.request(), 150);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.search.value) {
        e.stopPropagation();
        this.search.value = '';
        this.request();
      }
    });
    this.list = h('ul', { class: 'history-list', attrs: { 'aria-label': s('history.list') } });
    this.status = h('p', { class: 'history-status', attrs: { role: 'status' } });
    this.more = h('div', { class: 'history-more', attrs: { 'aria-hidden': 'true' } });
    this.el = h(
      'section',
      { class: 'history-view', attrs: { 'aria-label': s('history.title') } },
      h('div', { class: 'history-header' }, iconButton('back', s('history.backLabel'), () => this.deps.close(false), { class: 'history-back', text: s('history.back') }), h('h2', { text: s('history.title') })),
      this.search,
      this.status,
      this.list,
      this.more,
    );
    // The view scrolls (.history-view): rows are built while the list's end is within a view's height below it.
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) this.showMore();
      },
      { root: this.el, rootMargin: '0px 0px 100% 0px' },
    );
    this.observer.observe(this.more);
  }

  /** Shown: ask for the list and put the caret in the search box. */
  open(): void {
    this.working.clear();
    this.listQuery = undefined;
    this.request();
    this.search.focus();
  }

  /** A list from the host: `from` 0 (or absent) starts a new one; more is the next page of the same list. */
  setItems(items: HistoryItem[], query: string, from = 0, total = items.length): void {
    // An answer to an older query must not overwrite the newer one's.
    if (query !== this.search.value.trim()) return;
    if (from > 0) {
      if (query !== this.listQuery) return;
      this.asked = false;
      // The list may have changed between the pages (a save moves a conversation to the top): no row twice.
      const have = new Set(this.items.map((i) => i.id));
      for (const item of items) if (!have.has(item.id)) this.items.push(item);
      this.total = Math.max(total, this.items.length);
      this.showMore();
      return;
    }
    // The same list again (after a rename, a delete, a save): as many rows as before, so the view stays where it was.
    const keep = query === this.listQuery ? this.shown : 0;
    this.listQuery = query;
    this.items = items;
    this.total = Math.max(total, items.length);
    this.asked = false;
    this.shown = 0;
    // The row that had the keyboard focus gets it back in the new list: the same element in a row being
    // worked in (with the caret where it was), else the row's Open button.
    const active = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement) ? document.activeElement : undefined;
    const focused = (active?.closest('.history-item') as HTMLElement | null)?.dataset.id;
    const caret = active instanceof HTMLInputElement ? [active.selectionStart, active.selectionEnd] : undefined;
    for (const id of [...this.working.keys()]) if (!items.some((i) => i.id === id)) this.working.delete(id);
    clear(this.list);
    this.showMore(Math.max(PAGE_SIZE, keep));
    this.fillWhenIdle();
    if (active?.isConnected) {
      active.focus();
      if (caret && active instanceof HTMLInputElement) active.setSelectionRange(caret[0], caret[1]);
    } else if (focused) {
      const row = [...this.list.querySelectorAll<HTMLElement>('.history-item')].find((li) => li.dataset.id === focused);
      row?.querySelector<HTMLElement>('.history-open')?.focus();
    }
    this.status.textContent = items.length === 0 ? (query ? s('history.noMatch', query) : s('history.none')) : '';
    this.status.hidden = items.length > 0;
  }

  /**
   * Builds the next rows. Building rows costs far more than anything else in opening the list (100 rows
   * took about twice as long to show as 40), so the first 40 (a tall view's worth) are built at once, up
   * to 100 in idle time, and the rest as the list's end comes near the view.
   */
  private showMore(count = PAGE_SIZE): void {
    const end = Math.min(this.items.length, this.shown + count);
    const rows = document.createDocumentFragment();
    for (let i = this.shown; i < end; i++) rows.appendChild(this.working.get(this.items[i].id) ?? this.row(this.items[i]));
    this.list.appendChild(rows);
    const added = end > this.shown;
    this.shown = end;
    // Observed again, the end reports whether it is still near the view (an observer reports only
    // changes): a tall view gets rows until it is full, and the next ones wait for scrolling.
    if (added && end < this.items.length) {
      this.observer.unobserve(this.more);
      this.observer.observe(this.more);
    }
    // Every row the page holds is built: the host's next page is asked for now, a screen before it is needed.
    if (this.shown === this.items.length && this.items.length < this.total && !this.asked && this.listQuery !== undefined) {
      this.asked = true;
      this.deps.post({ type: 'listHistory', query: this.listQuery, from: this.items.length });
    }
  }

  /**
   * After the first rows are shown, more are built in idle time (up to FILL_ROWS), as they were all at once
   * before: the list is shown sooner, and a user who scrolls at once or looks further down finds them.
   */
  private fillWhenIdle(): void {
    if (this.fill !== undefined) cancelIdleCallback(this.fill);
    this.fill = undefined;
    if (this.shown >= Math.min(FILL_ROWS, this.items.length)) return;
    this.fill = requestIdleCallback(
      (deadline) => {
        this.fill = undefined;
        while (this.shown < Math.min(FILL_ROWS, this.items.length) && (deadline.timeRemaining() > 4 || deadline.didTimeout)) {
          this.showMore(FILL_BATCH);
          if (deadline.didTimeout) break;
        }
        this.fillWhenIdle();
      },
      { timeout: 1000 },
    );
  }

  private request(): void {
    this.deps.post({ type: 'listHistory', query: this.search.value.trim() });
  }

  private row(item: HistoryItem): HTMLElement {
    const li = h('li', { class: 'history-item', attrs: { 'data-id': item.id } });
    const show = () => {
      this.working.delete(item.id);
      clear(li);
      li.append(
        h(
          'button',
          { class: 'history-open', attrs: { type: 'button', title: s('history.open', item.title) }, on: { click: () => this.openItem(item) } },
          h('span', { class: 'history-title', text: item.title || s('history.untitled') }),
          h('span', { class: 'history-meta', text: `${when(item.updatedAt)} · ${item.messageCount === 1 ? s('history.messageOne') : s('history.messages', item.messageCount)}` }),
        ),
        // Shown while the row is hovered or holds focus (CSS), so a long list stays quiet.
        h(
          'div',
          { class: 'history-actions history-row-actions' },
          iconButton('edit', s('history.rename', item.title), () => rename()),
          iconButton('export', s('history.export', item.title), () => this.deps.post({ type: 'exportConversation', id: item.id })),
          iconButton('trash', s('history.delete', item.title), () => confirmDelete(), { class: 'danger' }),
        ),
      );
    };
    const rename = () => {
      const input = h('input', { class: 'history-rename', attrs: { type: 'text', 'aria-label': s('history.newTitle') } });
      input.value = item.title;
      const save = () => {
        const title = input.value.trim();
        if (title && title !== item.title) {
          this.deps.post({ type: 'renameConversation', id: item.id, title });
          item.title = title;
        }
        show();
        li.querySelector<HTMLElement>('.history-open')?.focus();
      };
      const cancel = () => {
        show();
        li.querySelector<HTMLElement>('.history-open')?.focus();
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          save();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          cancel();
        }
      });
      this.working.set(item.id, li);
      clear(li);
      li.append(input, h('div', { class: 'history-actions' }, button(s('history.save'), save, { class: 'primary' }), button(s('history.cancel'), cancel)));
      input.focus();
      input.select();
    };
    const confirmDelete = () => {
      const cancelButton = button(s('history.cancel'), () => {
        show();
        li.querySelector<HTMLElement>('.history-open')?.focus();
      });
      clear(li);
      li.append(
        h('p', { class: 'history-confirm', attrs: { role: 'alert' }, text: s('history.confirmDelete', item.title) }),
        h(
          'div',
          { class: 'history-actions' },
          button(s('history.deleteButton'), () => {
            this.deps.post({ type: 'deleteConversation', id: item.id });
            const at = this.items.findIndex((x) => x.id === item.id);
            if (at >= 0) {
              this.items.splice(at, 1);
              this.total--;
              // Its row was built: the next row to build moves up with the rest.
              if (at < this.shown) this.shown--;
            }
            this.working.delete(item.id);
            li.remove();
            this.search.focus();
          }, { class: 'primary danger', label: s('history.confirmDeleteLabel', item.title) }),
          cancelButton,
        ),
      );
      this.working.set(item.id, li);
      cancelButton.focus();
    };
    show();
    return li;
  }

  private openItem(item: HistoryItem): void {
    this.deps.post({ type: 'openConversation', id: item.id });
    this.deps.close(true);
  }
}

const PAGE_SIZE = 40;
/** Rows built in idle time after the first ones, a batch at a time. */
const FILL_ROWS = 100;
const FILL_BATCH = 20;

// Made once: toLocale*String builds a formatter on every call, which dominates a long list.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

function when(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  return d.toDateString() === new Date().toDateString() ? timeFormat.format(d) : dateFormat.format(d);
}
