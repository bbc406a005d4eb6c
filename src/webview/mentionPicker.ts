// The # / @ mention picker of the composer. Typing # or @ at the start of a word opens a list of what
// the host finds for the text after it (workspace files and folders, symbols, the Problems list, the
// git diff); Up/Down move, Enter or Tab picks, Escape closes, a click picks. The text box keeps focus
// throughout and points at the active entry (aria-activedescendant), the list is a listbox, and a
// status line says how many entries there are. A pick removes the typed #text and asks the host for
// the chip, which shows exactly what will be sent.
import type { MentionItem, WebviewMessage } from '../protocol';
import { clear, h } from './dom';
import { s } from './strings';

const KIND_LABEL = (): Record<MentionItem['kind'], string> => ({ file: s('chip.file'), folder: s('chip.folder'), symbol: s('chip.symbol'), problems: s('chip.problems'), diff: s('chip.diff') });
const DEBOUNCE_MS = 80;

export interface MentionPickerDeps {
  post(message: WebviewMessage): void;
  /** The text box's value was changed by a pick (save the draft, resize). */
  changed(): void;
}

interface Trigger {
  /** Index of the # or @ in the text box. */
  start: number;
  query: string;
}

export class MentionPicker {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private items: MentionItem[] = [];
  private active = 0;
  private requestId = 0;
  private trigger: Trigger | undefined;
  /** The # the user closed with Escape: it stays closed until another is typed. */
  private dismissed: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly input: HTMLTextAreaElement, private readonly deps: MentionPickerDeps) {
    this.list = h('ul', { class: 'mention-list', attrs: { id: 'mention-list', role: 'listbox', 'aria-label': s('mention.list') } });
    this.status = h('div', { class: 'mention-status', attrs: { role: 'status' } });
    this.el = h('div', { class: 'mention-picker' }, this.list, this.status);
    this.el.hidden = true;
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('click', () => this.update());
    this.input.addEventListener('blur', () => {
      // A click on an entry keeps focus in the box (mousedown is cancelled), so a blur means the user left.
      this.close();
    });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Key handling while open; true when the key was the picker's. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.isOpen) return false;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (!this.items.length) return false;
        this.setActive((this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.items.length) % this.items.length);
        break;
      case 'Enter':
      case 'Tab':
        if (e.shiftKey) return false;
        if (!this.items.length) {
          // Nothing to pick: the first Enter closes the list (the text stays); the next one sends.
          if (e.key === 'Tab') return false;
          this.dismissed = this.trigger?.start;
          this.close();
          break;
        }
        this.pick(this.items[this.active]);
        break;
      case 'Escape':
        this.dismissed = this.trigger?.start;
        this.close();
        break;
      default:
        return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  /** The host's answer; only the answer to the latest query is shown. */
  show(requestId: number, items: MentionItem[], note?: string): void {
    if (requestId !== this.requestId || !this.trigger) return;
    const activeRef = this.items[this.active]?.ref;
    this.items = items;
    clear(this.list);
    items.forEach((item, i) => {
      const option = h(
        'li',
        { class: `mention-option mention-${item.kind}`, attrs: { id: `mention-option-${i}`, role: 'option', 'aria-selected': 'false', title: item.detail ? `${item.label}\n${item.detail}` : item.label } },
        h('span', { class: 'mention-kind', text: KIND_LABEL()[item.kind] ?? item.kind }),
        h('span', { class: 'mention-label', text: item.label }),
        item.detail ? h('span', { class: 'mention-detail', text: item.detail }) : null,
      );
      // Keep the caret in the text box: the click picks, the box never loses focus.
      option.addEventListener('mousedown', (e) => e.preventDefault());
      option.addEventListener('click', () => this.pick(item));
      this.list.appendChild(option);
    });
    this.list.hidden = items.length === 0;
    // Symbols arriving later must not move the entry the user is on.
    const keep = activeRef ? items.findIndex((i) => i.ref === activeRef) : -1;
    this.setActive(keep >= 0 ? keep : 0);
    const count = items.length ? (items.length === 1 ? s('mention.countOne') : s('mention.count', items.length)) : s('mention.noMatch', this.trigger.query);
    this.status.textContent = note ? `${note}${items.length ? ` ${count}` : ''}` : count;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.trigger = undefined;
    this.items = [];
    this.el.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
    this.input.removeAttribute('aria-controls');
  }

  private update(): void {
    const trigger = findTrigger(this.input.value, this.input.selectionStart ?? this.input.value.length);
    if (!trigger || trigger.start === this.dismissed) {
      if (!trigger) this.dismissed = undefined;
      this.close();
      return;
    }
    if (this.trigger && this.trigger.start === trigger.start && this.trigger.query === trigger.query && this.isOpen) return;
    this.trigger = trigger;
    if (!this.isOpen) {
      this.el.hidden = false;
      this.list.hidden = true;
      this.status.textContent = s('mention.searching');
      this.input.setAttribute('aria-controls', this.list.id);
    }
    if (this.timer) clearTimeout(this.timer);
    const requestId = ++this.requestId;
    this.timer = setTimeout(() => this.deps.post({ type: 'mentionQuery', requestId, query: trigger.query }), DEBOUNCE_MS);
  }

  private setActive(i: number): void {
    this.active = i;
    const options = Array.from(this.list.children) as HTMLElement[];
    options.forEach((o, n) => {
      o.setAttribute('aria-selected', String(n === i));
      o.classList.toggle('active', n === i);
    });
    const current = options[i];
    if (current) {
      this.input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView?.({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  private pick(item: MentionItem | undefined): void {
    const trigger = this.trigger;
    if (!item || !trigger) return;
    const caret = this.input.selectionStart ?? this.input.value.length;
    const before = this.input.value.slice(0, trigger.start);
    let after = this.input.value.slice(Math.max(caret, trigger.start + 1 + trigger.query.length));
    if (/\s$/.test(before) && /^[ \t]/.test(after)) after = after.slice(1);
    // The #text goes; the chip above the box stands for it.
    this.input.value = before + after;
    const at = before.length;
    this.input.setSelectionRange(at, at);
    this.close();
    this.deps.post({ type: 'addMention', kind: item.kind, ref: item.ref });
    this.deps.changed();
  }
}

/**
 * The mention being typed at the caret: a # or @ at the start of the text or after white space, and
 * the text from it to the caret without white space (e-mail addresses and #1-style text in a word do
 * not open the picker).
 */
export function findTrigger(text: string, caret: number): Trigger | undefined {
  const upTo = text.slice(0, caret);
  const m = /(^|\s)([#@])([^\s#@]{0,100})$/.exec(upTo);
  if (!m) return undefined;
  return { start: upTo.length - m[3].length - 1, query: m[3] };
}
