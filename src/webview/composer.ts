// The input at the bottom, laid out once for every width from 180 px up:
//
//   [context chips ...................................]   wrap; each chip shrinks to an ellipsis
//   [text box ........................................]
//   [+Sel][+File] [tools slot ............] [meter] [Send|Stop]   row 1: never wraps Send away
//   [mode slot] [model picker .......................]   row 2 when narrow, joins row 1 from ~420 px
//
// The tools slot (search toggles, attach, reasoning effort) and the mode slot (Chat/Ask/Agent) are
// empty boxes other controls fill; they wrap inside themselves and never push Send out of the box.
// Enter sends, Shift+Enter is a new line, Up in an empty box edits the last message you sent. Enter
// while an answer streams queues the message (shown above the box, removable); it is sent when the
// answer ends, one queued message per answer.
// The draft is saved on every keystroke so hiding the view never loses it.
import type { AttachedImage, ContextChip, ConversationOptions, InstructionChip, ModelOption, WebviewMessage } from '../protocol';
import { MentionPicker } from './mentionPicker';
import { chipElement } from './chips';
import { ComposerTools } from './composerTools';
import { button, clear, h } from './dom';
import { iconButton } from './icons';
import { formatTokens, formatWindow } from './usage';
import { s } from './strings';

export interface ComposerDeps {
  post(message: WebviewMessage): void;
  saveDraft(draft: string): void;
  editLast(): boolean;
}

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  /** For a control group of tool toggles, attach and reasoning effort. */
  readonly toolsSlot: HTMLElement;
  /** For the Chat / Ask / Agent mode picker. */
  readonly modeSlot: HTMLElement;
  /** For the context-window meter. */
  readonly meterSlot: HTMLElement;
  private readonly chips: HTMLElement;
  /** The instructions this conversation sends (setting, project rules), removable for the conversation. */
  private readonly instructionChips: HTMLElement;
  /** What a chip will send, shown when its label is clicked. */
  private readonly chipPreview: HTMLElement;
  private previewing: string | undefined;
  private pendingChips: ContextChip[] = [];
  private instructions: InstructionChip[] = [];
  /** # and @ mentions: files, folders, symbols, the Problems list, the git diff. */
  readonly mentions: MentionPicker;
  private readonly meter: { el: HTMLElement; fill: HTMLElement; text: HTMLElement };
  private readonly compactButton: HTMLButtonElement;
  private canCompact = true;
  private pendingChars = 0;
  private lastMeter: { context: number; window?: number } | undefined;
  private readonly queueEl: HTMLElement;
  /** Messages ready to send (text, images taken at Enter), each going when an answer ends. */
  private queue: Array<Extract<WebviewMessage, { type: 'send' | 'imagine' }>> = [];
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private generating = false;
  /** Grok's tools (search toggles, images, /imagine, effort): one group, in the tools slot. */
  readonly tools: ComposerTools;
  private readonly hint: HTMLElement;

  constructor(private readonly deps: ComposerDeps, draft: string, modelPicker: HTMLElement) {
    this.hint = h('div', { class: 'composer-hint', attrs: { role: 'status' } });
    this.hint.hidden = true;
    this.tools = new ComposerTools({ post: (m) => this.onToolPost(m), say: (text) => this.say(text), changed: () => this.send && this.updateSend() });
    this.input = h('textarea', {
      class: 'composer-input',
      attrs: {
        rows: '1',
        'aria-label': s('composer.input'),
        // Short enough for one line at 180 px; the keys are in the empty state and the Send tooltip.
        placeholder: s('composer.placeholder'),
      },
    });
    this.input.value = draft;
    this.input.addEventListener('input', () => {
      this.autosize();
      this.renderMeter();
      this.deps.saveDraft(this.input.value);
      this.updateSend();
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.mentions = new MentionPicker(this.input, {
      post: (m) => this.deps.post(m),
      changed: () => {
        this.autosize();
        this.renderMeter();
        this.deps.saveDraft(this.input.value);
        this.updateSend();
      },
    });

    this.chips = h('div', { class: 'chips', attrs: { 'aria-label': s('composer.chips') } });
    this.instructionChips = h('div', { class: 'chips instruction-chips', attrs: { 'aria-label': s('composer.instructionChips') } });
    this.instructionChips.hidden = true;
    this.chipPreview = h('div', { class: 'chip-preview', attrs: { id: 'chip-preview', role: 'region', 'aria-label': s('composer.chipPreview') } });
    this.chipPreview.hidden = true;
    this.queueEl = h('ul', { class: 'queued', attrs: { 'aria-label': s('composer.queue') } });
    this.queueEl.hidden = true;
    this.send = iconButton('send', s('composer.sendLabel'), () => this.submit(), { class: 'primary send', text: s('composer.send') });
    this.stop = iconButton('stop', s('composer.stopLabel'), () => this.deps.post({ type: 'stop' }), { class: 'secondary stop', text: s('composer.stop') });
    this.stop.hidden = true;

    const add = (kind: 'selection' | 'file', icon: 'selection' | 'file', text: string, label: string) =>
      iconButton(icon, label, () => this.deps.post({ type: 'addContext', kind }), { class: 'composer-add', text });

    this.toolsSlot = h('div', { class: 'composer-tools' });
    this.modeSlot = h('div', { class: 'composer-mode' });
    this.meterSlot = h('div', { class: 'composer-meter' });
    this.modeSlot.hidden = this.meterSlot.hidden = true;
    this.toolsSlot.appendChild(this.tools.el);
    const fill = h('span', { class: 'context-meter-fill' });
    const text = h('span', { class: 'context-meter-text' });
    this.meter = { el: h('span', { class: 'context-meter', attrs: { role: 'meter', 'aria-label': s('composer.meter') } }, h('span', { class: 'context-meter-bar' }, fill), text), fill, text };
    // A nearly full meter offers to compact the conversation (only where the server can: Responses API).
    this.compactButton = button(s('composer.compact'), () => this.deps.post({ type: 'action', action: 'compact' }), {
      class: 'secondary compact-button',
      label: s('composer.compactLabel'),
    });
    this.compactButton.hidden = true;
    this.meterSlot.append(this.meter.el, this.compactButton);

    this.el = h(
      'div',
      { class: 'composer' },
      this.queueEl,
      this.mentions.el,
      h(
        'div',
        { class: 'input-box' },
        this.instructionChips,
        this.chips,
        this.chipPreview,
        this.tools.thumbs,
        this.input,
        this.hint,
        h(
          'div',
          { class: 'composer-toolbar' },
          h(
            'div',
            { class: 'composer-row composer-actions' },
            h(
              'div',
              { class: 'composer-context' },
              add('selection', 'selection', s('composer.addSelection'), s('composer.addSelectionLabel')),
              add('file', 'file', s('composer.addFile'), s('composer.addFileLabel')),
            ),
            this.toolsSlot,
            h('span', { class: 'spacer' }),
            this.meterSlot,
            this.stop,
            this.send,
          ),
          h('div', { class: 'composer-row composer-pickers' }, this.modeSlot, modelPicker),
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
    this.updateSend();
    // The answer ended: the next queued message goes now.
    if (!generating && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.renderQueue();
      this.deps.post(next);
    }
  }

  /** Another conversation was opened: what was queued for this one is dropped, not sent there. */
  clearQueue(): void {
    this.queue = [];
    this.renderQueue();
  }

  /** Messages waiting for the running answer to end. */
  get queued(): readonly string[] {
    return this.queue.map(queuedText);
  }

  private renderQueue(): void {
    clear(this.queueEl);
    this.queue.forEach((message, i) => {
      const text = queuedText(message);
      const remove = iconButton('close', s('composer.removeQueued', text.slice(0, 60)), () => {
        this.queue.splice(i, 1);
        this.renderQueue();
        this.input.focus();
      }, { class: 'queued-remove' });
      this.queueEl.appendChild(h('li', { class: 'queued-item' }, h('span', { class: 'queued-label', text: s('composer.queued') }), h('span', { class: 'queued-text', text, attrs: { title: text } }), remove));
    });
    this.queueEl.hidden = this.queue.length === 0;
  }

  /**
   * The context meter: `context` tokens the conversation sends with its next message (the last answer's
   * prompt plus its answer, as the server counted them), of `window` where the server lists the model's.
   * The draft and the pending chips are added as an estimate (about 4 characters a token).
   */
  setContextUsage(context: number, window: number | undefined): void {
    this.lastMeter = window ? { context, window } : { context };
    this.renderMeter();
  }

  private renderMeter(): void {
    const m = this.lastMeter;
    const estimate = Math.ceil((this.input.value.length + this.pendingChars) / 4);
    if (!m || (m.context === 0 && estimate === 0)) {
      this.meterSlot.hidden = true;
      return;
    }
    const used = m.context + estimate;
    this.meterSlot.hidden = false;
    const share = m.window ? Math.min(1, used / m.window) : 0;
    this.meter.fill.style.width = `${Math.round(share * 100)}%`;
    this.meter.el.classList.toggle('high', share >= 0.8);
    this.compactButton.hidden = !(share >= 0.8 && this.canCompact && m.context > 0);
    this.meter.el.querySelector('.context-meter-bar')!.toggleAttribute('hidden', !m.window);
    this.meter.text.textContent = m.window ? `${formatWindow(used)} / ${formatWindow(m.window)}` : s('meter.tokens', formatWindow(used));
    const [all, sent, draft] = [formatTokens(used), formatTokens(m.context), formatTokens(estimate)];
    const detail = m.window
      ? estimate ? s('meter.windowDraft', all, sent, draft, formatTokens(m.window)) : s('meter.window', all, sent, formatTokens(m.window))
      : estimate ? s('meter.noWindowDraft', all, sent, draft) : s('meter.noWindow', all, sent);
    this.meter.el.title = detail;
    if (m.window) {
      this.meter.el.setAttribute('aria-valuenow', String(used));
      this.meter.el.setAttribute('aria-valuemax', String(m.window));
    } else {
      this.meter.el.removeAttribute('aria-valuenow');
      this.meter.el.removeAttribute('aria-valuemax');
    }
    this.meter.el.setAttribute('aria-valuetext', detail);
  }

  setChips(chips: ContextChip[]): void {
    this.pendingChips = chips;
    this.pendingChars = chips.reduce((n, c) => n + (typeof c.chars === 'number' ? c.chars : 0), 0);
    this.renderMeter();
    clear(this.chips);
    const preview = (c: ContextChip | InstructionChip, b: HTMLElement) => this.togglePreview(c, b);
    for (const chip of chips) {
      this.chips.appendChild(chipElement(chip, (c) => this.removeChip(c), undefined, preview));
    }
    this.chips.hidden = chips.length === 0;
    this.syncPreview();
  }

  /** The conversation's instructions chips ("Instructions", "Rules: AGENTS.md"); × stops sending one in this conversation. */
  setInstructions(chips: InstructionChip[]): void {
    this.instructions = chips;
    clear(this.instructionChips);
    const preview = (c: ContextChip | InstructionChip, b: HTMLElement) => this.togglePreview(c, b);
    for (const chip of chips) {
      const el = chipElement(chip, (c) => {
        this.deps.post({ type: 'removeInstruction', id: c.id });
        this.input.focus();
      }, undefined, preview);
      const remove = el.querySelector('.chip-remove');
      const what = chip.kind === 'rules' ? s('composer.rulesFrom', chip.id) : s('composer.yourInstructions', 'grok.chat.instructions');
      remove?.setAttribute('aria-label', s('composer.stopSending', what));
      remove?.setAttribute('title', s('composer.stopSending', what));
      this.instructionChips.appendChild(el);
    }
    this.instructionChips.hidden = chips.length === 0;
    this.syncPreview();
  }

  /** Shows (or hides) the start of what a chip sends, under the chips. */
  private togglePreview(chip: ContextChip | InstructionChip, button: HTMLElement): void {
    const key = `${chip.kind}:${chip.id}`;
    this.previewing = this.previewing === key ? undefined : key;
    for (const b of Array.from(this.el.querySelectorAll('.chip-preview-toggle'))) b.setAttribute('aria-expanded', 'false');
    if (this.previewing) button.setAttribute('aria-expanded', 'true');
    this.syncPreview();
  }

  private syncPreview(): void {
    const chip = [...this.instructions, ...this.pendingChips].find((c) => `${c.kind}:${c.id}` === this.previewing);
    if (!chip) this.previewing = undefined;
    clear(this.chipPreview);
    this.chipPreview.hidden = !chip;
    if (!chip) return;
    this.chipPreview.append(
      h('div', { class: 'chip-preview-head', text: s(typeof chip.preview === 'string' && chip.preview.length < chip.chars ? 'composer.previewStart' : 'composer.previewAll', chip.label, typeof chip.chars === 'number' ? formatTokens(chip.chars) : '?') }),
      h('pre', { class: 'chip-preview-text', text: typeof chip.preview === 'string' ? chip.preview : '' }),
    );
  }

  focus(): void {
    this.input.focus();
  }

  setOptions(options: ConversationOptions, serverTools = true): void {
    this.tools.setOptions(options, serverTools);
    this.canCompact = serverTools;
    this.renderMeter();
  }

  setModels(models: ModelOption[], model: string): void {
    this.tools.setModels(models, model);
  }

  /**
   * A message the host refused (a notice says why) comes back: its text into the box (before what was
   * typed since, on its own line), its images as thumbnails, and the caret in the box.
   */
  restore(text: string, images: readonly AttachedImage[]): void {
    const typed = this.input.value;
    this.input.value = !text.trim() ? typed : typed.trim() ? `${text}\n${typed}` : text;
    this.tools.restore(images);
    this.deps.saveDraft(this.input.value);
    this.autosize();
    this.renderMeter();
    this.updateSend();
    this.input.focus();
  }

  /** A sentence under the input; empty hides it. */
  say(text: string): void {
    this.hint.textContent = text;
    this.hint.hidden = !text;
  }

  /** The sparkle button: /imagine goes into the box for the description, unless one is typed already. */
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
    if (this.mentions.onKey(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'ArrowUp' && this.input.value === '' && !this.generating) {
      if (this.deps.editLast()) e.preventDefault();
    }
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text && !this.tools.pending.length) return;
    let message: Extract<WebviewMessage, { type: 'send' | 'imagine' }>;
    const imagine = /^\/imagine(?:\s+([\s\S]*))?$/.exec(text);
    if (imagine) {
      const prompt = imagine[1]?.trim() ?? '';
      if (!prompt) return this.say(s('composer.imagineHint'));
      message = { type: 'imagine', prompt };
    } else {
      const images = this.tools.take();
      if (!images) return; // the model takes no images: the message says so, text and images stay
      message = images.length ? { type: 'send', text, images } : { type: 'send', text };
    }
    if (this.generating) {
      this.queue.push(message);
      this.renderQueue();
    } else {
      this.deps.post(message);
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

function queuedText(m: Extract<WebviewMessage, { type: 'send' | 'imagine' }>): string {
  if (m.type === 'imagine') return `/imagine ${m.prompt}`;
  if (!m.images?.length) return m.text;
  return (m.images.length === 1 ? s('composer.queuedImageOne', m.text) : s('composer.queuedImages', m.text, m.images.length)).trim();
}
