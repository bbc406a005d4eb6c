// /responses SSE (`event: <type>` + `data: {type, sequence_number, ...}`) to StreamEvents. Seen on xAI:
// reasoning summary deltas and output_text deltas (21); a client function call through
// response.function_call_arguments.* (34); server-side tools as output items with their own progress events
// (web_search_call 31 and 33, X search as custom_tool_call with response.custom_tool_call_input.* in 30, the
// older web_search_call with `arguments` in 32); url_citation annotations after all the text (30-33); and
// response.completed with usage last. There is no [DONE].
//
// What the host gets, besides text and reasoning:
// - 'serverTool' whenever a call's state changes (status, query, code, output), with the item id as `id`;
// - 'outputItem' for every finished output item, verbatim and in output_index order (calls finish out of order,
//   so an item waits until those before it are done), to send back unchanged with store off;
// - 'citation' for each cited URL as soon as its annotation arrives, then (at response.completed) the search
//   results nothing cites, marked `uncited`.
import type { EventSourceMessage } from 'eventsource-parser';
import { say } from '../shared/localise';
import type { Citation, RawResponsesItem, ServerToolCall, StreamEvent, XaiErrorInfo } from './types';
import type { ErrorContext } from './errors';
import type { StreamMapper } from './streamMapper';
import { isRecord } from '../shared/isRecord';
import { closedEarlyError, errorFromStreamPayload, malformedError } from './errors';
import { citationFromAnnotation, citationsOf, finishReasonOf, functionCallOf, isRawItem } from './responsesResult';
import { customToolName, detailOfInput, jsonObject, searchSourcesOf, serverToolOf, statusOf, toolName } from './serverTools';
import { usageFromResponses } from './usage';

const SERVER_TOOL_EVENT = /^response\.([a-z_]+?)_call\.([a-z_]+)$/;

/** Later states never go back to earlier ones: a late in_progress event must not undo "completed". */
const STATUS_RANK: Record<ServerToolCall['status'], number> = { in_progress: 0, searching: 1, completed: 2, failed: 2 };

export class ResponsesStreamMapper implements StreamMapper {
  private started = false;
  private calledTools = false;
  private toolCallIndex = 0;
  private readonly citationUrls = new Set<string>();
  /** Search results, offered as uncited sources once the answer is complete. */
  private readonly searchSources: Citation[] = [];
  /** Each server-side call's merged state, and what was last reported of it. */
  private readonly tools = new Map<string, ServerToolCall>();
  private readonly reported = new Map<string, string>();
  /** Streamed input (custom_tool_call_input) or code (code_interpreter_call_code) per item id. */
  private readonly partialInput = new Map<string, string>();
  private readonly partialCode = new Map<string, string>();
  /** Function calls announced by output_item.added, their arguments as they stream, and those already reported. */
  private readonly functionItems = new Map<string, Record<string, unknown>>();
  private readonly reportedCalls = new Set<string>();
  /** Finished items waiting for those before them (by output_index). */
  private readonly doneItems = new Map<number, RawResponsesItem>();
  private nextItemIndex = 0;
  /** A finished item without output_index was handed over as it came: response.completed's copy would repeat it. */
  private sawUnindexedItem = false;

  constructor(private readonly ctx: ErrorContext) {}

  push(message: EventSourceMessage): StreamEvent[] {
    let event: unknown;
    try {
      event = JSON.parse(message.data);
    } catch {
      return this.fail(malformedError(this.ctx, say('a stream event that is not JSON'), message.data));
    }
    if (!isRecord(event)) {
      return this.fail(malformedError(this.ctx, say('a stream event that is not an object'), message.data));
    }
    const type = typeof event.type === 'string' ? event.type : (message.event ?? '');
    const events: StreamEvent[] = [];
    const response = isRecord(event.response) ? event.response : undefined;
    const itemId = typeof event.item_id === 'string' ? event.item_id : undefined;

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
        this.itemAdded(event.item, events);
        break;
      case 'response.output_item.done':
        this.itemDone(event.item, typeof event.output_index === 'number' ? event.output_index : undefined, events);
        break;
      case 'response.function_call_arguments.delta':
        this.appendArguments(itemId, event.delta);
        break;
      case 'response.function_call_arguments.done':
        if (itemId && typeof event.arguments === 'string') this.setArguments(itemId, event.arguments);
        break;
      case 'response.custom_tool_call_input.delta':
        this.toolInput(itemId, (this.partialInput.get(itemId ?? '') ?? '') + (typeof event.delta === 'string' ? event.delta : ''), events);
        break;
      case 'response.custom_tool_call_input.done':
        if (typeof event.input === 'string') this.toolInput(itemId, event.input, events);
        break;
      case 'response.code_interpreter_call_code.delta':
        this.toolCode(itemId, (this.partialCode.get(itemId ?? '') ?? '') + (typeof event.delta === 'string' ? event.delta : ''), events);
        break;
      case 'response.code_interpreter_call_code.done':
        if (typeof event.code === 'string') this.toolCode(itemId, event.code, events);
        break;
      case 'response.completed':
      case 'response.incomplete':
        return this.complete(response ?? {}, events);
      case 'response.failed':
        return this.fail(errorFromStreamPayload({ error: response?.error ?? 'The response failed.' }, this.ctx), events);
      case 'error':
        return this.fail(errorFromStreamPayload(event, this.ctx), events);
      default:
        this.serverToolEvent(type, itemId, events);
    }
    return events;
  }

  end(failure?: XaiErrorInfo): StreamEvent[] {
    // Only response.completed finishes an answer; it ends the stream before any end() could run.
    return this.fail(failure ?? closedEarlyError());
  }

  /** The items that did finish still go to the host (the answer is kept, marked stopped), then the error. */
  private fail(error: XaiErrorInfo, events: StreamEvent[] = []): StreamEvent[] {
    for (const index of [...this.doneItems.keys()].sort((a, b) => a - b)) {
      events.push({ type: 'outputItem', item: this.doneItems.get(index) as RawResponsesItem });
    }
    this.doneItems.clear();
    events.push({ type: 'error', error });
    return events;
  }

  private complete(response: Record<string, unknown>, events: StreamEvent[]): StreamEvent[] {
    this.start(response, events);
    const output = Array.isArray(response.output) ? response.output : [];
    for (const item of output) {
      // Items the stream never finished: their tool state, function calls and citations come from here.
      this.serverToolItem(item, events);
      this.functionCall(item, events);
      citationsOf(item).forEach((c) => this.citation(c, events));
    }
    this.flushItems(output, events);
    for (const source of [...this.searchSources, ...output.flatMap(searchSourcesOf)]) this.citation(source, events);
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
    this.start(undefined, events);
    events.push({ type: 'citation', citation });
  }

  private itemAdded(item: unknown, events: StreamEvent[]): void {
    if (isRecord(item) && item.type === 'function_call' && typeof item.id === 'string') this.functionItems.set(item.id, { ...item });
    this.serverToolItem(item, events);
  }

  private itemDone(item: unknown, index: number | undefined, events: StreamEvent[]): void {
    this.serverToolItem(item, events);
    this.functionCall(item, events);
    citationsOf(item).forEach((c) => this.citation(c, events));
    this.searchSources.push(...searchSourcesOf(item));
    if (!isRawItem(item)) return;
    if (index === undefined) {
      this.sawUnindexedItem = true;
      events.push({ type: 'outputItem', item });
      return;
    }
    this.doneItems.set(index, item);
    while (this.doneItems.has(this.nextItemIndex)) {
      events.push({ type: 'outputItem', item: this.doneItems.get(this.nextItemIndex) as RawResponsesItem });
      this.doneItems.delete(this.nextItemIndex++);
    }
  }

  /** At the end: the finished items still waiting, with response.completed's own copy of any the stream never finished. */
  private flushItems(output: unknown[], events: StreamEvent[]): void {
    const indices = new Set(this.doneItems.keys());
    if (!this.sawUnindexedItem) for (let i = this.nextItemIndex; i < output.length; i++) indices.add(i);
    const pending = [...indices].filter((i) => i >= this.nextItemIndex).sort((a, b) => a - b);
    for (const index of pending) {
      const item = this.doneItems.get(index) ?? output[index];
      if (isRawItem(item)) events.push({ type: 'outputItem', item });
    }
    this.doneItems.clear();
    this.nextItemIndex = Math.max(this.nextItemIndex, ...pending.map((i) => i + 1));
  }

  private appendArguments(itemId: string | undefined, delta: unknown): void {
    const item = itemId ? this.functionItems.get(itemId) : undefined;
    if (item && typeof delta === 'string') item.arguments = (typeof item.arguments === 'string' ? item.arguments : '') + delta;
  }

  private setArguments(itemId: string, args: string): void {
    const item = this.functionItems.get(itemId);
    if (item) item.arguments = args;
  }

  /** A client function call, reported once: when its item is done, or from response.completed if it never was. */
  private functionCall(item: unknown, events: StreamEvent[]): void {
    if (!isRecord(item) || item.type !== 'function_call') return;
    const key = typeof item.id === 'string' ? item.id : typeof item.call_id === 'string' ? item.call_id : undefined;
    if (key !== undefined && this.reportedCalls.has(key)) return;
    // The arguments streamed so far stand in when the finished item lacks them.
    const streamed = key !== undefined ? this.functionItems.get(key) : undefined;
    const call = functionCallOf(typeof item.arguments === 'string' || !streamed ? item : { ...item, arguments: streamed.arguments });
    if (!call) return;
    if (key !== undefined) this.reportedCalls.add(key);
    this.calledTools = true;
    this.start(undefined, events);
    events.push({ type: 'toolCall', index: this.toolCallIndex++, call });
  }

  private serverToolItem(item: unknown, events: StreamEvent[]): void {
    const call = serverToolOf(item);
    if (call) this.updateTool(call, events);
  }

  /** `response.web_search_call.searching` and the like: a status for an item id. */
  private serverToolEvent(type: string, itemId: string | undefined, events: StreamEvent[]): void {
    const match = SERVER_TOOL_EVENT.exec(type);
    if (!match || match[1] === 'function' || match[1] === 'custom_tool') return;
    const id = itemId ?? match[1];
    const known = this.tools.get(id);
    this.updateTool({ tool: known?.tool ?? toolName(match[1]), status: statusOf(match[2]), id }, events);
  }

  /** X search's input arrives as a JSON string in pieces; its query is shown once the JSON is whole. */
  private toolInput(itemId: string | undefined, input: string, events: StreamEvent[]): void {
    if (!itemId) return;
    this.partialInput.set(itemId, input);
    const known = this.tools.get(itemId);
    const detail = detailOfInput(jsonObject(input));
    if (detail === undefined) return;
    this.updateTool({ tool: known?.tool ?? customToolName(undefined), status: known?.status ?? 'in_progress', id: itemId, detail }, events);
  }

  private toolCode(itemId: string | undefined, code: string, events: StreamEvent[]): void {
    if (!itemId || code === '') return;
    this.partialCode.set(itemId, code);
    const known = this.tools.get(itemId);
    this.updateTool({ tool: known?.tool ?? 'code_execution', status: known?.status ?? 'in_progress', id: itemId, code }, events);
  }

  /** Merges what is new about a call into what is known, and reports it when anything changed. */
  private updateTool(update: ServerToolCall, events: StreamEvent[]): void {
    const id = update.id ?? update.tool;
    const known = this.tools.get(id);
    const merged: ServerToolCall = { ...known, ...definedFields(update), tool: update.tool, status: update.status, id };
    if (known && STATUS_RANK[update.status] < STATUS_RANK[known.status]) merged.status = known.status;
    if (known?.tool && update.tool === 'custom_tool') merged.tool = known.tool;
    this.tools.set(id, merged);
    const key = JSON.stringify([merged.tool, merged.status, merged.detail, merged.code, merged.output, merged.name]);
    if (this.reported.get(id) === key) return;
    this.reported.set(id, key);
    this.start(undefined, events);
    events.push({ type: 'serverTool', ...orderedFields(merged) });
  }
}

function definedFields(call: ServerToolCall): Partial<ServerToolCall> {
  return Object.fromEntries(Object.entries(call).filter(([, value]) => value !== undefined)) as Partial<ServerToolCall>;
}

/** A stable field order, so equal states compare equal in tests and logs. */
function orderedFields(call: ServerToolCall): ServerToolCall {
  const out: ServerToolCall = { tool: call.tool, status: call.status };
  if (call.id !== undefined) out.id = call.id;
  if (call.name !== undefined) out.name = call.name;
  if (call.detail !== undefined) out.detail = call.detail;
  if (call.code !== undefined) out.code = call.code;
  if (call.output !== undefined) out.output = call.output;
  return out;
}
