// chat/completions SSE chunks to StreamEvents. Seen on xAI (../shared/xai-recorded 01-09): content and
// role share the first delta, finish_reason is absent until an empty-delta finish chunk, usage follows
// in its own `choices: []` chunk, then `data: [DONE]`.
import type { EventSourceMessage } from 'eventsource-parser';
import { say } from '../shared/localise';
import type { StreamEvent, Usage, XaiErrorInfo } from './types';
import type { ErrorContext } from './errors';
import type { StreamMapper } from './streamMapper';
import { isRecord } from '../shared/isRecord';
import { closedEarlyError, errorFromStreamPayload, malformedError } from './errors';
import { usageFromChat } from './usage';

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
  emitted: boolean;
}

export class ChatStreamMapper implements StreamMapper {
  private started = false;
  private finishReason: string | undefined;
  private usage: Usage | undefined;
  private readonly calls = new Map<number, PendingCall>();
  private readonly citationUrls = new Set<string>();

  constructor(private readonly ctx: ErrorContext) {}

  push(message: EventSourceMessage): StreamEvent[] {
    if (message.data.trim() === '[DONE]') return this.finish();
    let chunk: unknown;
    try {
      chunk = JSON.parse(message.data);
    } catch {
      return [{ type: 'error', error: malformedError(this.ctx, say('a stream event that is not JSON'), message.data) }];
    }
    if (!isRecord(chunk)) {
      return [{ type: 'error', error: malformedError(this.ctx, say('a stream event that is not an object'), message.data) }];
    }
    if (chunk.error !== undefined && chunk.error !== null && !Array.isArray(chunk.choices)) {
      return [{ type: 'error', error: errorFromStreamPayload(chunk, this.ctx) }];
    }

    const events: StreamEvent[] = [];
    this.start(chunk, events);
    this.citations(chunk.citations, events);
    // Older servers send cumulative usage on every chunk: the last one wins.
    const usage = usageFromChat(chunk.usage);
    if (usage) this.usage = usage;

    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    // We ask for one answer; other choices (n > 1) are ignored.
    const choice = choices.find((c) => isRecord(c) && (c.index === undefined || c.index === 0));
    if (!isRecord(choice)) return events;
    const delta = isRecord(choice.delta) ? choice.delta : {};
    let said = false;
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') {
      events.push({ type: 'reasoning', delta: delta.reasoning_content });
      said = true;
    }
    if (typeof delta.content === 'string' && delta.content !== '') {
      events.push({ type: 'text', delta: delta.content });
      said = true;
    }
    if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) {
      delta.tool_calls.forEach((fragment) => this.accumulate(fragment));
      said = true;
    }
    const finish = typeof choice.finish_reason === 'string' && choice.finish_reason !== '' ? choice.finish_reason : undefined;
    // Reasoning models that think silently send empty deltas: a sign of life, not an error.
    if (!said && !finish) events.push({ type: 'thinking' });
    if (finish) {
      this.finishReason = finish;
      events.push(...this.flushCalls());
    }
    return events;
  }

  end(failure?: XaiErrorInfo): StreamEvent[] {
    // The answer was complete (only usage or [DONE] were missing): a normal finish.
    if (this.finishReason !== undefined && failure?.kind !== 'cancelled') return this.finish();
    return [{ type: 'error', error: failure ?? closedEarlyError() }];
  }

  private finish(): StreamEvent[] {
    const events: StreamEvent[] = [];
    this.start({}, events);
    events.push(...this.flushCalls());
    if (this.usage) events.push({ type: 'usage', usage: this.usage });
    events.push({ type: 'finish', reason: this.finishReason ?? 'stop' });
    return events;
  }

  private start(chunk: Record<string, unknown>, events: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    events.push({
      type: 'start',
      id: typeof chunk.id === 'string' ? chunk.id : '',
      // The server may answer as another variant than requested (grok-3-mini -> grok-3-mini-high).
      model: typeof chunk.model === 'string' ? chunk.model : (this.ctx.model ?? ''),
    });
  }

  private citations(raw: unknown, events: StreamEvent[]): void {
    if (!Array.isArray(raw)) return;
    for (const url of raw) {
      if (typeof url !== 'string' || this.citationUrls.has(url)) continue;
      this.citationUrls.add(url);
      events.push({ type: 'citation', citation: { url } });
    }
  }

  /**
   * OpenAI-style fragments: the first carries id and name, later ones more of the arguments, all under
   * the same index. xAI sends each call whole in one fragment; both work.
   */
  private accumulate(fragment: unknown): void {
    if (!isRecord(fragment)) return;
    const fn = isRecord(fragment.function) ? fragment.function : {};
    let index: number;
    if (typeof fragment.index === 'number') index = fragment.index;
    else if (typeof fragment.id === 'string' && fragment.id !== '') index = this.calls.size;
    else index = Math.max(0, this.calls.size - 1);
    const call = this.calls.get(index) ?? { id: '', name: '', arguments: '', emitted: false };
    call.id = appendFragment(call.id, fragment.id);
    call.name = appendFragment(call.name, fn.name);
    if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
    else if (isRecord(fn.arguments)) call.arguments += JSON.stringify(fn.arguments);
    this.calls.set(index, call);
  }

  private flushCalls(): StreamEvent[] {
    const events: StreamEvent[] = [];
    for (const [index, call] of [...this.calls.entries()].sort((a, b) => a[0] - b[0])) {
      if (call.emitted) continue;
      call.emitted = true;
      events.push({
        type: 'toolCall',
        index,
        call: { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } },
      });
    }
    return events;
  }
}

/** Some servers repeat the whole id and name in every fragment; appending those would double them. */
function appendFragment(current: string, fragment: unknown): string {
  if (typeof fragment !== 'string' || fragment === '' || fragment === current) return current;
  return current + fragment;
}
