// The input at the bottom: context chips for the next message, the text box, Send / Stop.
// Enter sends, Shift+Enter is a new line, Up in an empty box edits the last message you sent.
// The draft is saved on every keystroke so hiding the view never loses it.
import type { ContextChip, WebviewMessage } from '../protocol';
import { chipElement } from './chips';
import { button, clear, h } from './dom';

export interface ComposerDeps {
  post(message: WebviewMessage): void;
  saveDraft(draft: string): void;
  editLast(): boolean;
}

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly chips: HTMLElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private generating = false;

  constructor(private readonly deps: ComposerDeps, draft: string) {
    this.input = h('textarea', {
      class: 'composer-input',
      attrs: {
        rows: '1',
        'aria-label': 'Message Grok',
        placeholder: 'Ask Grok… (Enter to send, Shift+Enter for a new line)',
      },
    });
    this.input.value = draft;
    this.input.addEventListener('input', () => {
      this.autosize();
      this.deps.saveDraft(this.input.value);
      this.updateSend();
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));

    this.chips = h('div', { class: 'chips', attrs: { 'aria-label': 'Context for the next message' } });
    this.send = button('Send', () => this.submit(), { class: 'primary', label: 'Send message (Enter)' });
    this.stop = button('Stop', () => this.deps.post({ type: 'stop' }), { class: 'secondary stop', label: 'Stop generating (Escape)' });
    this.stop.hidden = true;

    const add = (kind: ContextChip['kind'], text: string, label: string) =>
      button(text, () => this.deps.post({ type: 'addContext', kind }), { class: 'icon-text', label });

    this.el = h(
      'div',
      { class: 'composer' },
      h(
        'div',
        { class: 'input-box' },
        this.chips,
        this.input,
        h(
          'div',
          { class: 'composer-toolbar' },
          add('selection', '+ Selection', 'Add the editor selection as context'),
          add('file', '+ File', 'Add the current file as context'),
          h('span', { class: 'spacer' }),
          this.stop,
          this.send,
        ),
      ),
    );
    this.updateSend();
    // Size once attached (scrollHeight is 0 before layout).
    requestAnimationFrame(() => this.autosize());
  }

  setGenerating(generating: boolean): void {
    this.generating = generating;
    const stopHadFocus = document.activeElement === this.stop;
    const sendHadFocus = document.activeElement === this.send;
    this.stop.hidden = !generating;
    this.send.hidden = generating;
    // Keep keyboard users where they were when the button under them swaps.
    if (stopHadFocus && !generating) this.input.focus();
    if (sendHadFocus && generating) this.stop.focus();
  }

  setChips(chips: ContextChip[]): void {
    clear(this.chips);
    for (const chip of chips) {
      this.chips.appendChild(chipElement(chip, (c) => this.removeChip(c)));
    }
    this.chips.hidden = chips.length === 0;
  }

  focus(): void {
    this.input.focus();
  }

  private removeChip(chip: ContextChip): void {
    this.deps.post({ type: 'removeContext', id: chip.id });
    // Keep focus in the composer rather than losing it with the removed button.
    this.input.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'ArrowUp' && this.input.value === '' && !this.generating) {
      if (this.deps.editLast()) e.preventDefault();
    }
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.generating) return;
    this.deps.post({ type: 'send', text });
    this.input.value = '';
    this.deps.saveDraft('');
    this.autosize();
    this.updateSend();
  }

  private updateSend(): void {
    this.send.disabled = this.input.value.trim() === '';
  }

  // Grow with the text up to a third of the view, then scroll inside. Set through CSSOM, which the CSP
  // allows (style attributes in markup would be blocked).
  private autosize(): void {
    this.input.style.height = 'auto';
    const max = Math.max(80, Math.floor(window.innerHeight / 3));
    this.input.style.height = `${Math.min(this.input.scrollHeight, max)}px`;
  }
}
