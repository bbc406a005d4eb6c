// The "Thinking" section of an answer. Streamed reasoning goes into a <details> that is open while the
// model thinks and collapses once when the answer text starts (the user can reopen it). A model that
// reasons silently shows "Thinking… 12s", ticking while it streams, then the reasoning token count
// once usage arrives. Before any text, the line says what is really happening (the host's answerPhase):
// "Connecting…", "Waiting 3 s: rate limited", "No answer yet · 12s"; "Thinking" only when the model is.
import type { AnswerPhase, MessageView } from '../protocol';
import { reasoningOf, textOf } from '../shared/messageParts';
import { formatTokens } from './usage';
import { s } from './strings';

export class Thinking {
  readonly el: HTMLElement;
  private readonly label: HTMLElement;
  private details: HTMLDetailsElement | undefined;
  private textEl: HTMLElement | undefined;
  private reasoning = '';
  private collapsedOnce = false;
  private phase: AnswerPhase = { phase: 'connecting' };
  private thought = false;

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

  setPhase(state: AnswerPhase): void {
    this.phase = state;
    if (state.phase === 'thinking') this.thought = true;
    this.update();
  }

  appendReasoning(text: string): void {
    if (!text) return;
    this.thought = true;
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
    const thinking = this.thought || this.reasoning.length > 0 || (m.usage?.reasoningTokens ?? 0) > 0;
    if (m.status === 'streaming' && !this.answering()) {
      parts.push(this.waitingLabel(now, thinking));
    } else if (m.startedAt && m.answerStartedAt && thinking) {
      parts.push(s('thinking.thoughtFor', seconds(m.answerStartedAt - m.startedAt)));
    } else {
      parts.push(s('thinking.label'));
    }
    const tokens = m.usage?.reasoningTokens ?? 0;
    if (tokens > 0) parts.push(s('thinking.reasoningTokens', formatTokens(tokens)));
    // Only real changes touch the DOM: this runs for every streamed delta.
    const label = parts.join(' · ');
    if (this.label.textContent !== label) this.label.textContent = label;
    const hidden = !this.visible;
    if (this.el.hidden !== hidden) this.el.hidden = hidden;
  }

  private waitingLabel(now: number, thinking: boolean): string {
    const elapsed = this.msg.startedAt ? seconds(now - this.msg.startedAt) : undefined;
    // An agent step: the wait is the user's approval or a tool's work, not the server's.
    const tools = this.msg.parts.filter((part) => part.type === 'toolCall');
    if (tools.some((part) => part.status === 'awaitingApproval')) return s('thinking.awaitingApproval');
    if (tools.some((part) => part.status === 'running')) return elapsed === undefined ? s('thinking.runningTool') : s('thinking.runningToolFor', elapsed);
    if (thinking) return elapsed === undefined ? s('thinking.thinking') : s('thinking.thinkingFor', elapsed);
    const p = this.phase;
    if (p.phase === 'retrying') {
      const left = Math.ceil((p.since + p.delayMs - now) / 1000);
      if (left > 0) return s('thinking.waiting', left, reasonText(p.reason, p.status), p.attempt);
      return s('thinking.connecting');
    }
    // Nothing from the server for a while, or a started stream with nothing in it: say just that.
    if (p.phase === 'started' || (this.msg.startedAt && now - this.msg.startedAt >= NO_ANSWER_AFTER_MS)) return elapsed === undefined ? s('thinking.noAnswer') : s('thinking.noAnswerFor', elapsed);
    return s('thinking.connecting');
  }

  private answering(): boolean {
    return this.msg.answerStartedAt !== undefined || this.msg.parts.some((p) => p.type === 'text' && p.text.length > 0);
  }
}

/** After this long without a byte, "Connecting…" becomes "No answer yet". */
const NO_ANSWER_AFTER_MS = 5000;

function reasonText(reason: string, status: number | undefined): string {
  switch (reason) {
    case 'rateLimited':
      return status ? s('thinking.rateLimitedCode', status) : s('thinking.rateLimited');
    case 'unavailable':
      return status ? s('thinking.unavailableCode', status) : s('thinking.unavailable');
    case 'network':
      return s('thinking.network');
    case 'timeout':
      return s('thinking.timeout');
    default:
      return status ? `${reason} (${status})` : reason;
  }
}

function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}
