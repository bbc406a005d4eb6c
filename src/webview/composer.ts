// The input at the bottom: context chips for the next message, the text box, Send / Stop.
// Enter sends, Shift+Enter is a new line, Up in an empty box edits the last message you sent.
// The draft is saved on every keystroke so hiding the view never loses it.
import type { ContextChip, ConversationOptions, ModelOption, WebviewMessage } from '../protocol';
import { chipElement } from './chips';
import { ComposerTools } from './composerTools';
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
  /** Grok's tools (search toggles, images, /imagine, effort): one group, placed in the toolbar. */
  readonly tools: ComposerTools;
  private readonly hint: HTMLElement;

  constructor(private readonly deps: ComposerDeps, draft: string) {
    this.hint = h('div', { class: 'composer-hint', attrs: { role: 'status' } });
    this.hint.hidden = true;
    this.tools = new ComposerTools({ post: (m) => this.onToolPost(m), say: (text) => this.say(text), changed: () => this.send && this.updateSend() });
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
        this.tools.thumbs,
        this.input,
        this.hint,
        h(
          'div',
          { class: 'composer-toolbar' },
          add('selection', '+ Selection', 'Add the editor selection as context'),
          add('file', '+ File', 'Add the current file as context'),
          this.tools.el,
          h('span', { class: 'spacer' }),
          this.stop,
          this.send,
        ),
      ),
    );
    this.tools.install(this.el);
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

  setOptions(options: ConversationOptions, serverTools = true): void {
    this.tools.setOptions(options, serverTools);
  }

  setModels(models: ModelOption[], model: string): void {
    this.tools.setModels(models, model);
  }

  /** A sentence under the input; empty hides it. */
  say(text: string): void {
    this.hint.textContent = text;
    this.hint.hidden = !text;
  }

  /** The ✨ button: /imagine goes into the box for the description, unless one is typed already. */
  private onToolPost(m: WebviewMessage): void {
    if (m.type === 'imagine') {
      if (!this.input.value.startsWith('/imagine')) this.input.value = `/imagine ${this.input.value}`;
      this.input.focus();
      this.updateSend();
      return;
    }
    this.deps.post(m);
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
    if ((!text && !this.tools.pending.length) || this.generating) return;
    const imagine = /^\/imagine(?:\s+([\s\S]*))?$/.exec(text);
    if (imagine) {
      const prompt = imagine[1]?.trim() ?? '';
      if (!prompt) return this.say('Describe the image after /imagine, e.g. "/imagine a lighthouse at dusk".');
      this.deps.post({ type: 'imagine', prompt });
    } else {
      const images = this.tools.take();
      if (!images) return; // the model takes no images: the message says so, text and images stay
      this.deps.post(images.length ? { type: 'send', text, images } : { type: 'send', text });
    }
    this.say('');
    this.input.value = '';
    this.deps.saveDraft('');
    this.autosize();
    this.updateSend();
  }

  private updateSend(): void {
    this.send.disabled = this.input.value.trim() === '' && !this.tools.pending.length;
  }

  // Grow with the text up to a third of the view, then scroll inside. Set through CSSOM, which the CSP
  // allows (style attributes in markup would be blocked).
  private autosize(): void {
    this.input.style.height = 'auto';
    const max = Math.max(80, Math.floor(window.innerHeight / 3));
    this.input.style.height = `${Math.min(this.input.scrollHeight, max)}px`;
  }
}
