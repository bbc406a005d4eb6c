// One message of the conversation. A user message shows its text as Markdown (the same safe renderer
// as answers: raw HTML shows as text, nothing is fetched, code is highlighted), the context chips sent
// with it (each opens what it refers to) and an Edit control that resends from there. An assistant message shows the
// Thinking section, the Markdown answer (streamed through the incremental renderer), its status
// (stopped, error with actions), tokens and $, and Copy / Regenerate.
import type { AnswerPhase, ContextChip, ErrorAction, ErrorView, MessagePart, MessageStatus, MessageView, UsageView } from '../protocol';
import { appendToPart, compactionOf, sourcesOf, textOf, upsertPart } from '../shared/messageParts';
import { imageFigure, markCitations, sourcesList, ToolCard } from './parts';
import { AgentTaskCard, AgentToolCard } from './agentCards';
import { chipElement } from './chips';
import { append, button, clear, h } from './dom';
import { errorBox } from './errors';
import { IncrementalRenderer } from './incrementalRenderer';
import { htmlToNodes, renderUserHtml } from './markdown';
import { type LiveRegion, SentenceAnnouncer } from './liveRegion';
import { Thinking } from './thinking';
import { formatTokens, usageDetail, usageLine } from './usage';
import type { Post } from './vscodeApi';
import { s } from './strings';

export interface MessageDeps {
  post: Post;
  region: LiveRegion;
  onAction(action: ErrorAction): void;
  /**
   * A finished answer's Markdown waits for renderBody() (lazyBodies.ts decides when); until then its
   * body holds the answer as written, as plain text.
   */
  deferBody?: boolean;
}

export interface StreamDelta {
  text?: string;
  reasoning?: string;
  answerStartedAt?: number;
}

export class ChatMessage {
  readonly el: HTMLElement;
  private readonly data: MessageView;
  private readonly actions: HTMLElement;
  private body!: HTMLElement;
  private renderer: IncrementalRenderer | undefined;
  private thinking: Thinking | undefined;
  private announcer: SentenceAnnouncer | undefined;
  private statusEl: HTMLElement | undefined;
  private usageEl: HTMLElement | undefined;
  private editButton: HTMLButtonElement | undefined;
  private regenerateButton: HTMLButtonElement | undefined;
  private editing = false;
  /** Search and code cards, by part id. */
  private readonly cards = new Map<string, ToolCard>();
  private cardsEl: HTMLElement | undefined;
  /** The agent's tool cards, by call id, and its task card. */
  private readonly agentCards = new Map<string, AgentToolCard>();
  private taskCard: AgentTaskCard | undefined;
  private imagesEl!: HTMLElement;
  private sourcesEl: HTMLElement | undefined;
  /** The "Earlier turns compacted" divider under this message, once it has one. */
  private divider: HTMLElement | undefined;
  /** Whether any text has arrived (the parts are not joined on every delta). */
  private hasText = false;
  /** A finished answer whose Markdown is not rendered yet (its body holds the source as plain text). */
  private pendingBody = false;

  constructor(message: MessageView, private readonly deps: MessageDeps) {
    // The parts are copied: deltas append to them here, never to the host's object.
    this.data = { ...message, parts: message.parts.map((p) => ({ ...p })) };
    this.hasText = textOf(this.data).length > 0;
    this.actions = h('div', { class: 'message-actions' });
    this.el = h('article', {
      class: `message ${message.role}`,
      attrs: { 'aria-label': message.role === 'user' ? s('message.you') : 'Grok', 'data-message-id': message.id },
    });
    if (message.role === 'user') this.buildUser();
    else this.buildAssistant();
  }

  get id(): string {
    return this.data.id;
  }

  get role(): MessageView['role'] {
    return this.data.role;
  }

  /** The answer's usage as the server counted it (the context meter reads the last one). */
  get usage(): UsageView | undefined {
    return this.data.usage;
  }

  get status(): MessageStatus {
    return this.data.status;
  }

  /** The tokens the API input holds after the compaction that ends at this message, when one does (the meter reads it). */
  get compactedTo(): number | undefined {
    const part = compactionOf(this.data);
    return part ? (part.tokensAfter ?? 0) : undefined;
  }

  get text(): string {
    return this.renderer ? this.renderer.text : textOf(this.data);
  }

  /** Whether the Markdown still waits for renderBody(). */
  get pending(): boolean {
    return this.pendingBody;
  }

  private buildUser(): void {
    this.editButton = button(s('message.edit'), () => this.startEdit(), { class: 'icon-text', label: s('message.editLabel') });
    this.actions.appendChild(this.editButton);
    this.body = h('div', { class: 'user-text markdown-body' });
    renderUserText(this.body, textOf(this.data));
    const open = (chip: ContextChip) => this.deps.post({ type: 'openContext', messageId: this.data.id, chipId: chip.id });
    const chips = this.data.context?.length
      ? h('div', { class: 'message-chips', attrs: { 'aria-label': s('message.contextSent') } }, ...this.data.context.map((c) => chipElement(c, undefined, open)))
      : null;
    this.imagesEl = h('div', { class: 'message-images', attrs: { 'aria-label': s('message.imagesSent') } });
    for (const p of this.data.parts) if (p.type === 'image') this.imagesEl.append(imageFigure(p, this.data.id, this.deps.post, false));
    this.imagesEl.hidden = this.imagesEl.childElementCount === 0;
    const head = header(s('message.you'));
    head.appendChild(this.actions);
    append(this.el, head, this.body, this.imagesEl, chips);
  }

  private buildAssistant(): void {
    const m = this.data;
    this.thinking = new Thinking(m);
    this.body = h('div', { class: 'markdown-body' });
    this.statusEl = h('div', { class: 'message-status' });
    this.usageEl = h('div', { class: 'usage' });
    const copy = button(s('message.copy'), () => this.deps.post({ type: 'copyCode', code: this.text }), { class: 'icon-text', label: s('message.copyLabel') });
    this.regenerateButton = button(s('message.regenerate'), () => this.deps.post({ type: 'regenerate' }), { class: 'icon-text', label: s('message.regenerateLabel') });
    this.regenerateButton.hidden = true;
    this.actions.append(copy, this.regenerateButton);
    const footer = h('div', { class: 'message-footer' }, this.usageEl, this.actions);
    this.cardsEl = h('div', { class: 'tool-cards' });
    this.imagesEl = h('div', { class: 'message-images' });
    this.sourcesEl = h('div', { class: 'sources-wrap' });
    this.el.append(header('Grok', m.model), this.thinking.el, this.cardsEl, this.body, this.imagesEl, this.sourcesEl, this.statusEl, footer);
    for (const p of m.parts) this.showPart(p);

    const text = textOf(m);
    if (m.status === 'streaming') {
      this.renderer = new IncrementalRenderer(this.body);
      this.announcer = new SentenceAnnouncer(this.deps.region);
      this.renderer.append(text);
      this.renderer.flush();
    } else if (this.deps.deferBody && text) {
      this.pendingBody = true;
      this.body.classList.add('md-pending');
      this.body.textContent = text;
    } else {
      this.renderer = new IncrementalRenderer(this.body);
      this.renderer.renderAll(text);
      markCitations(this.body, sourcesOf(m));
    }
    this.showStatus();
  }

  /** Render a deferred answer's Markdown now; nothing when already rendered. */
  renderBody(): void {
    if (!this.pendingBody) return;
    this.pendingBody = false;
    this.body.classList.remove('md-pending');
    this.body.textContent = '';
    this.renderer = new IncrementalRenderer(this.body);
    this.renderer.renderAll(textOf(this.data));
    markCitations(this.body, sourcesOf(this.data));
  }

  /** A part was added or changed (a card's status, the grown Sources list, a generated image). */
  applyPart(part: MessagePart): void {
    if (part.type === 'text' || part.type === 'reasoning') return; // these come as deltas
    upsertPart(this.data.parts, part);
    this.showPart(part);
    if (part.type === 'citations' && this.data.status !== 'streaming' && !this.pendingBody) markCitations(this.body, part.sources);
  }

  private showPart(part: MessagePart): void {
    const streaming = this.data.status === 'streaming';
    switch (part.type) {
      case 'serverTool': {
        const card = this.cards.get(part.id);
        if (card) card.update(part, streaming);
        else {
          const fresh = new ToolCard(part, streaming);
          this.cards.set(part.id, fresh);
          this.cardsEl?.append(fresh.el);
        }
        break;
      }
      case 'citations':
        if (!this.sourcesEl) break;
        clear(this.sourcesEl);
        if (part.sources.length) this.sourcesEl.append(sourcesList(part.sources));
        break;
      case 'image': {
        const existing = this.imagesEl.querySelector(`[data-image-id="${CSS.escape(part.id)}"]`);
        const figure = imageFigure(part, this.data.id, this.deps.post, this.data.role === 'assistant');
        if (existing) existing.replaceWith(figure);
        else this.imagesEl.append(figure);
        break;
      }
      case 'toolCall': {
        const card = this.agentCards.get(part.id);
        if (card) card.update(part);
        else {
          const fresh = new AgentToolCard(part, this.data.id, this.deps.post, this.deps.region);
          this.agentCards.set(part.id, fresh);
          this.cardsEl?.append(fresh.el);
        }
        break;
      }
      case 'agentTask':
        if (this.taskCard) this.taskCard.update(part);
        else {
          this.taskCard = new AgentTaskCard(part, this.data.id, this.deps.post, this.deps.region);
          this.cardsEl?.prepend(this.taskCard.el);
        }
        break;
      case 'compaction':
        this.showDivider(part);
        break;
      case 'text':
      case 'reasoning':
        // Text and reasoning have their own views.
        break;
    }
    this.imagesEl.hidden = this.imagesEl.childElementCount === 0;
  }

  /** The divider closing this message: what came before it is sent as one compacted item from now on. */
  private showDivider(part: Extract<MessagePart, { type: 'compaction' }>): void {
    if (!this.divider) {
      this.divider = h('div', { class: 'compaction-divider', attrs: { role: 'separator' } }, h('span', { class: 'compaction-divider-text' }));
      this.el.append(this.divider);
    }
    this.divider.classList.toggle('running', part.status === 'running');
    const text =
      part.status === 'running'
        ? s('compaction.running')
        : part.tokensBefore !== undefined && part.tokensAfter !== undefined
          ? s('compaction.doneCounts', formatTokens(part.tokensBefore), formatTokens(part.tokensAfter))
          : s('compaction.done');
    this.divider.firstElementChild!.textContent = text;
    this.divider.setAttribute('aria-label', text);
    this.divider.title = part.status === 'running' ? s('compaction.runningTitle') : s('compaction.doneTitle');
  }

  /** Streamed text for this (assistant) message. */
  applyDelta(delta: StreamDelta): void {
    if (!this.renderer || this.data.status !== 'streaming') return;
    // The Thinking label changes only when reasoning arrives or the answer starts (and with the clock,
    // in tick()): a text delta in the middle of an answer leaves it alone.
    const wasAnswering = this.data.answerStartedAt !== undefined || this.hasText;
    if (delta.answerStartedAt !== undefined) this.data.answerStartedAt = delta.answerStartedAt;
    if (delta.reasoning) this.thinking?.appendReasoning(delta.reasoning);
    if (delta.text) {
      const first = !this.hasText;
      appendToPart(this.data.parts, 'text', delta.text);
      this.hasText = true;
      this.renderer.append(delta.text);
      // The answer's first words are shown at once, not in the next frame: the wait for an answer is the
      // one users feel, and one small render cannot flood the page. Later deltas render once per frame.
      if (first) this.renderer.flush();
      this.announcer?.feed(delta.text);
    }
    const answering = this.data.answerStartedAt !== undefined || this.hasText;
    if (answering) this.thinking?.collapse();
    if (delta.reasoning || answering !== wasAnswering) this.thinking?.update();
    if (this.hasText && !this.el.classList.contains('answering')) this.el.classList.add('answering');
  }

  finish(status: Exclude<MessageStatus, 'streaming'>, usage?: UsageView, error?: ErrorView): void {
    this.renderBody();
    if (!this.renderer) return;
    const wasStreaming = this.data.status === 'streaming';
    this.data.status = status;
    if (usage) this.data.usage = usage;
    if (error) this.data.error = error;
    this.renderer.finish();
    markCitations(this.body, sourcesOf(this.data));
    // Cards still running when the answer ended say so (interrupted) instead of spinning on.
    for (const p of this.data.parts) if (p.type === 'serverTool') this.cards.get(p.id)?.update(p, false);
    this.thinking?.collapse();
    this.showStatus();
    if (wasStreaming && this.announcer) {
      this.announcer.finish(status === 'done' ? s('message.complete') : status === 'stopped' ? s('message.stoppedAnnounce') : '');
      this.announcer = undefined;
    }
  }

  /** What the answer waits for before its text starts (connecting, a retry's wait, thinking). */
  setPhase(state: AnswerPhase): void {
    this.thinking?.setPhase(state);
  }

  /** Once a second while streaming: the Thinking timer. */
  tick(now: number): void {
    if (this.data.status === 'streaming') this.thinking?.update(now);
  }

  /** Which controls make sense now: Regenerate only on the last answer, nothing while generating. */
  setControls(opts: { lastAnswer: boolean; generating: boolean }): void {
    if (this.regenerateButton) this.regenerateButton.hidden = !opts.lastAnswer || opts.generating || this.data.status === 'streaming';
    if (this.editButton) this.editButton.disabled = opts.generating;
  }

  /** Replace the text with an editor; Enter resends from this message, Esc cancels. */
  startEdit(): void {
    if (this.role !== 'user' || this.editing || this.editButton?.disabled) return;
    this.editing = true;
    const input = h('textarea', { class: 'edit-input', attrs: { 'aria-label': s('message.editInput'), rows: '3' } });
    input.value = textOf(this.data);
    const cancel = () => this.endEdit(editor);
    const submit = () => {
      const text = input.value.trim();
      if (!text) return;
      this.deps.post({ type: 'editAndResend', messageId: this.data.id, text });
      this.data.parts = [{ type: 'text', text }, ...this.data.parts.filter((p) => p.type !== 'text')];
      renderUserText(this.body, text);
      this.endEdit(editor);
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        cancel();
      }
    });
    // Said before it happens: resending from here drops every later turn.
    let later = 0;
    for (let n = this.el.nextElementSibling; n; n = n.nextElementSibling) if (n.matches('article.message')) later++;
    const warning = later
      ? h('p', { class: 'edit-warning', attrs: { id: `edit-warning-${this.data.id}` }, text: later === 1 ? s('message.dropsOne') : s('message.drops', later) })
      : null;
    if (warning) input.setAttribute('aria-describedby', warning.id);
    const editor = h(
      'div',
      { class: 'edit-box' },
      input,
      warning,
      h('div', { class: 'edit-actions' }, button(s('message.resend'), submit, { class: 'primary', label: s('message.resendLabel') }), button(s('message.cancel'), cancel)),
    );
    this.body.hidden = true;
    this.actions.hidden = true;
    this.body.after(editor);
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  private endEdit(editor: HTMLElement): void {
    editor.remove();
    this.body.hidden = false;
    this.actions.hidden = false;
    this.editing = false;
    this.editButton?.focus();
  }

  dispose(): void {
    this.announcer?.dispose();
  }

  private showStatus(): void {
    const m = this.data;
    this.el.classList.toggle('streaming', m.status === 'streaming');
    this.el.classList.toggle('answering', this.hasText);
    this.el.setAttribute('aria-busy', String(m.status === 'streaming'));
    this.thinking?.update();
    if (this.statusEl) {
      clear(this.statusEl);
      this.statusEl.className = `message-status status-${m.status}`;
      // "Partial answer kept" only when something arrived to keep.
      if (m.status === 'stopped') this.statusEl.append(h('span', { class: 'stopped-badge', text: s('message.stopped') }), m.parts.some((p) => (p.type === 'text' || p.type === 'reasoning') && p.text) ? s('message.partialKept') : s('message.stoppedEarly'));
      if (m.status === 'error' && m.error) this.statusEl.appendChild(errorBox(m.error, this.deps.onAction));
      this.statusEl.hidden = this.statusEl.childNodes.length === 0;
    }
    if (this.usageEl) {
      this.usageEl.textContent = m.usage ? usageLine(m.usage) : '';
      if (m.usage) this.usageEl.title = usageDetail(m.usage);
      this.usageEl.hidden = !m.usage;
    }
  }
}

/** The user's text as Markdown, through the sanitiser like an answer. */
function renderUserText(el: HTMLElement, text: string): void {
  clear(el);
  // markdown-it's line breaks between blocks are not part of what the user wrote.
  el.append(...htmlToNodes(renderUserHtml(text)).filter((n) => n.nodeType !== Node.TEXT_NODE || n.textContent?.trim()));
}

function header(role: string, model?: string): HTMLElement {
  return h('div', { class: 'message-header' }, h('span', { class: 'role', text: role }), model ? h('span', { class: 'model', text: model }) : null);
}
