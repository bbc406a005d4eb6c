// The "Thinking" section of an answer. Streamed reasoning goes into a <details> that is open while the
// model thinks and collapses once when the answer text starts (the user can reopen it). A model that
// reasons silently shows "Thinking… 12s", ticking while it streams, then the reasoning token count
// once usage arrives.
import type { MessageView } from '../protocol';
import { reasoningOf, textOf } from '../shared/messageParts';
import { formatTokens } from './usage';

export class Thinking {
  readonly el: HTMLElement;
  private readonly label: HTMLElement;
  private details: HTMLDetailsElement | undefined;
  private textEl: HTMLElement | undefined;
  private reasoning = '';
  private collapsedOnce = false;

  constructor(private readonly msg: MessageView) {
    this.el = document.createElement('div');
    this.el.className = 'thinking';
    this.label = document.createElement('span');
    this.label.className = 'thinking-label';
    this.el.appendChild(this.label);
    const reasoning = reasoningOf(msg);
    if (reasoning) this.appendReasoning(reasoning);
    // A finished message from a snapshot starts collapsed.
    if (msg.status !== 'streaming' || msg.answerStartedAt !== undefined || textOf(msg)) this.collapse();
    this.update();
  }

  appendReasoning(text: string): void {
    if (!text) return;
    if (!this.details) {
      this.details = document.createElement('details');
      const summary = document.createElement('summary');
      this.textEl = document.createElement('div');
      this.textEl.className = 'thinking-text';
      summary.appendChild(this.label);
      this.details.append(summary, this.textEl);
      this.details.open = !this.answering();
      this.el.appendChild(this.details);
    }
    this.reasoning += text;
    // Appending a text node keeps streaming reasoning O(delta): no re-render, no markup.
    this.textEl!.appendChild(document.createTextNode(text));
  }

  /** The answer text started: collapse once, leave it to the user after that. */
  collapse(): void {
    if (this.collapsedOnce) return;
    this.collapsedOnce = true;
    if (this.details) this.details.open = false;
  }

  /** Whether there is anything to show (a non-reasoning model's finished answer has none). */
  get visible(): boolean {
    return this.reasoning.length > 0 || this.msg.status === 'streaming' && !this.answering() || (this.msg.usage?.reasoningTokens ?? 0) > 0;
  }

  update(now = Date.now()): void {
    const m = this.msg;
    const parts: string[] = [];
    if (m.status === 'streaming' && !this.answering()) {
      parts.push(m.startedAt ? `Thinking… ${seconds(now - m.startedAt)}s` : 'Thinking…');
    } else if (m.startedAt && m.answerStartedAt) {
      parts.push(`Thought for ${seconds(m.answerStartedAt - m.startedAt)}s`);
    } else {
      parts.push('Thinking');
    }
    const tokens = m.usage?.reasoningTokens ?? 0;
    if (tokens > 0) parts.push(`${formatTokens(tokens)} reasoning tokens`);
    // Only real changes touch the DOM: this runs for every streamed delta.
    const label = parts.join(' · ');
    if (this.label.textContent !== label) this.label.textContent = label;
    const hidden = !this.visible;
    if (this.el.hidden !== hidden) this.el.hidden = hidden;
  }

  private answering(): boolean {
    return this.msg.answerStartedAt !== undefined || this.msg.parts.some((p) => p.type === 'text' && p.text.length > 0);
  }
}

function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}
