// /responses SSE (`event: <type>` + `data: {type, sequence_number, ...}`) to StreamEvents. Seen on xAI
// (recording 21): reasoning summary deltas, output_text deltas, and response.completed with usage last;
// there is no [DONE]. Server-side tools (web_search, x_search, code execution) report progress as
// `response.<tool>_call.<status>` events and as output items (recording 20 shows the finished items).
import type { EventSourceMessage } from 'eventsource-parser';
import type { Citation, StreamEvent, XaiErrorInfo } from './types';
import type { ErrorContext } from './errors';
import type { StreamMapper } from './streamMapper';
import { closedEarlyError, errorFromStreamPayload, isRecord, malformedError } from './errors';
import { citationFromAnnotation, citationsOf, finishReasonOf, functionCallOf } from './responsesResult';
import { usageFromResponses } from './usage';

type ServerToolStatus = Extract<StreamEvent, { type: 'serverTool' }>['status'];

const SERVER_TOOL_EVENT = /^response\.([a-z_]+?)_call\.([a-z_]+)$/;

export class ResponsesStreamMapper implements StreamMapper {
  private started = false;
  private calledTools = false;
  private toolCallIndex = 0;
  private readonly citationUrls = new Set<string>();
  /** Last status reported per server-tool item: the typed events and the output items say the same. */
  private readonly toolStatus = new Map<string, string>();

  constructor(private readonly ctx: ErrorContext) {}

  push(message: EventSourceMessage): StreamEvent[] {
    let event: unknown;
    try {
      event = JSON.parse(message.data);
    } catch {
      return [{ type: 'error', error: malformedError(this.ctx, 'a stream event that is not JSON', message.data) }];
    }
    if (!isRecord(event)) {
      return [{ type: 'error', error: malformedError(this.ctx, 'a stream event that is not an object', message.data) }];
    }
    const type = typeof event.type === 'string' ? event.type : (message.event ?? '');
    const events: StreamEvent[] = [];
    const response = isRecord(event.response) ? event.response : undefined;

    switch (type) {
      case 'response.created':
      case 'response.in_progress':
        this.start(response, events);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        if (typeof event.delta === 'string' && event.delta !== '') {
          this.start(undefined, events);
          events.push({ type: 'reasoning', delta: event.delta });
        }
        break;
      case 'response.output_text.delta':
        if (typeof event.delta === 'string' && event.delta !== '') {
          this.start(undefined, events);
          events.push({ type: 'text', delta: event.delta });
        }
        break;
      case 'response.output_text.annotation.added':
        this.citation(citationFromAnnotation(event.annotation), events);
        break;
      case 'response.output_item.added':
        this.serverToolItem(event.item, events);
        break;
      case 'response.output_item.done':
        this.serverToolItem(event.item, events);
        this.functionCall(event.item, events);
        citationsOf(event.item).forEach((c) => this.citation(c, events));
        break;
      case 'response.completed':
      case 'response.incomplete':
        return this.complete(response ?? {}, events);
      case 'response.failed':
        return [{ type: 'error', error: errorFromStreamPayload({ error: response?.error ?? 'The response failed.' }, this.ctx) }];
      case 'error':
        return [{ type: 'error', error: errorFromStreamPayload(event, this.ctx) }];
      default:
        this.serverToolEvent(type, event, events);
    }
    return events;
  }

  end(failure?: XaiErrorInfo): StreamEvent[] {
    // Only response.completed finishes an answer; it ends the stream before any end() could run.
    return [{ type: 'error', error: failure ?? closedEarlyError() }];
  }

  private complete(response: Record<string, unknown>, events: StreamEvent[]): StreamEvent[] {
    this.start(response, events);
    const output = Array.isArray(response.output) ? response.output : [];
    for (const item of output) {
      if (functionCallOf(item)) this.calledTools = true;
      citationsOf(item).forEach((c) => this.citation(c, events));
    }
    const usage = usageFromResponses(response.usage);
    if (usage) events.push({ type: 'usage', usage });
    events.push({ type: 'finish', reason: finishReasonOf(response, this.calledTools) });
    return events;
  }

  private start(response: Record<string, unknown> | undefined, events: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    events.push({
      type: 'start',
      id: typeof response?.id === 'string' ? response.id : '',
      model: typeof response?.model === 'string' ? response.model : (this.ctx.model ?? ''),
    });
  }

  private citation(citation: Citation | undefined, events: StreamEvent[]): void {
    if (!citation || this.citationUrls.has(citation.url)) return;
    this.citationUrls.add(citation.url);
    events.push({ type: 'citation', citation });
  }

  private functionCall(item: unknown, events: StreamEvent[]): void {
    const call = functionCallOf(item);
    if (!call) return;
    this.calledTools = true;
    events.push({ type: 'toolCall', index: this.toolCallIndex++, call });
  }

  /** An output item of a server-side tool: in progress when added, its final status (and query) when done. */
  private serverToolItem(item: unknown, events: StreamEvent[]): void {
    if (!isRecord(item) || typeof item.type !== 'string' || !item.type.endsWith('_call') || item.type === 'function_call') return;
    const action = isRecord(item.action) ? item.action : {};
    const detail = typeof action.query === 'string' ? action.query : undefined;
    const id = typeof item.id === 'string' ? item.id : item.type;
    this.serverTool(id, item.type.slice(0, -'_call'.length), statusOf(item.status), detail, events);
  }

  private serverToolEvent(type: string, event: Record<string, unknown>, events: StreamEvent[]): void {
    const match = SERVER_TOOL_EVENT.exec(type);
    if (!match || match[1] === 'function') return;
    const id = typeof event.item_id === 'string' ? event.item_id : match[1];
    this.serverTool(id, match[1], statusOf(match[2]), undefined, events);
  }

  private serverTool(id: string, tool: string, status: ServerToolStatus, detail: string | undefined, events: StreamEvent[]): void {
    const key = `${status}\u0000${detail ?? ''}`;
    const previous = this.toolStatus.get(id);
    // A later event without the query must not repeat a status already reported with it.
    if (previous === key || (detail === undefined && previous?.startsWith(`${status}\u0000`))) return;
    this.toolStatus.set(id, key);
    this.start(undefined, events);
    const event: StreamEvent = { type: 'serverTool', tool: toolName(tool), status };
    if (detail !== undefined) event.detail = detail;
    events.push(event);
  }
}

/** xAI's tool is called code_execution; OpenAI-style events call it code_interpreter. */
function toolName(raw: string): string {
  return raw === 'code_interpreter' ? 'code_execution' : raw;
}

function statusOf(raw: unknown): ServerToolStatus {
  switch (raw) {
    case 'searching':
    case 'completed':
    case 'failed':
      return raw;
    case 'incomplete':
      return 'failed';
    default:
      // in_progress, interpreting, executing, ...
      return 'in_progress';
  }
}
