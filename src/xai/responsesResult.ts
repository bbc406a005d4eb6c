// A non-streamed /responses body as a ChatResult (recording 20), and the output-item readers the
// streamed mapper shares with it.
import type { ChatResult, Citation, FinishReason, RawResponsesItem, ServerToolCall, ToolCall } from './types';
import { isRecord } from '../shared/isRecord';
import { searchSourcesOf, serverToolOf } from './serverTools';
import { usageFromResponses } from './usage';

/** Undefined when the body is not a response object at all. */
export function resultFromResponse(json: unknown): ChatResult | undefined {
  if (!isRecord(json) || !Array.isArray(json.output)) return undefined;
  const result: ChatResult = { text: '', reasoning: '', toolCalls: [], citations: [] };
  const outputItems: RawResponsesItem[] = [];
  const serverTools: ServerToolCall[] = [];
  for (const item of json.output) {
    if (isRawItem(item)) outputItems.push(item);
    result.reasoning += reasoningOf(item);
    result.text += textOf(item);
    const call = functionCallOf(item);
    if (call) result.toolCalls.push(call);
    const tool = serverToolOf(item);
    if (tool) serverTools.push(tool);
  }
  result.citations = citationList(json.output);
  result.outputItems = outputItems;
  if (serverTools.length) result.serverTools = serverTools;
  if (typeof json.id === 'string') result.id = json.id;
  if (typeof json.model === 'string') result.model = json.model;
  const usage = usageFromResponses(json.usage);
  if (usage) result.usage = usage;
  result.finishReason = finishReasonOf(json, result.toolCalls.length > 0);
  return result;
}

export function finishReasonOf(response: Record<string, unknown>, calledTools: boolean): FinishReason {
  if (response.status === 'incomplete') {
    const details = isRecord(response.incomplete_details) ? response.incomplete_details : {};
    return details.reason === 'content_filter' ? 'content_filter' : 'length';
  }
  if (response.status === 'failed') return 'error';
  return calledTools ? 'tool_calls' : 'stop';
}

export function reasoningOf(item: unknown): string {
  if (!isRecord(item) || item.type !== 'reasoning' || !Array.isArray(item.summary)) return '';
  return item.summary.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

function textOf(item: unknown): string {
  return outputTextParts(item)
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join('');
}

/** A function tool call the model wants the client to run (not a server-side tool). */
export function functionCallOf(item: unknown): ToolCall | undefined {
  if (!isRecord(item) || item.type !== 'function_call') return undefined;
  return {
    id: typeof item.call_id === 'string' ? item.call_id : typeof item.id === 'string' ? item.id : '',
    type: 'function',
    function: {
      name: typeof item.name === 'string' ? item.name : '',
      arguments: typeof item.arguments === 'string' ? item.arguments : '',
    },
  };
}

/** The cited sources first (annotations, in order), then what the searches returned that nothing cites; one per URL. */
export function citationList(output: unknown[]): Citation[] {
  const seen = new Set<string>();
  const list: Citation[] = [];
  const candidates = [...output.flatMap(citationsOf), ...output.flatMap(searchSourcesOf)];
  for (const citation of candidates) {
    if (seen.has(citation.url)) continue;
    seen.add(citation.url);
    list.push(citation);
  }
  return list;
}

export function isRawItem(item: unknown): item is RawResponsesItem {
  return isRecord(item) && typeof item.type === 'string';
}

/** url_citation annotations of a message item's output_text parts. */
export function citationsOf(item: unknown): Citation[] {
  return outputTextParts(item).flatMap((part) =>
    Array.isArray(part.annotations) ? part.annotations.flatMap((a) => citationFromAnnotation(a) ?? []) : [],
  );
}

export function citationFromAnnotation(raw: unknown): Citation | undefined {
  if (!isRecord(raw) || raw.type !== 'url_citation' || typeof raw.url !== 'string') return undefined;
  const citation: Citation = { url: raw.url };
  if (typeof raw.title === 'string') citation.title = raw.title;
  if (typeof raw.start_index === 'number') citation.startIndex = raw.start_index;
  if (typeof raw.end_index === 'number') citation.endIndex = raw.end_index;
  return citation;
}

function outputTextParts(item: unknown): Record<string, unknown>[] {
  if (!isRecord(item) || item.type !== 'message' || !Array.isArray(item.content)) return [];
  return item.content.filter((part): part is Record<string, unknown> => isRecord(part) && part.type === 'output_text');
}
