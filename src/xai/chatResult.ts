// A non-streamed chat.completion body as a ChatResult (recordings 02, 06, 10-15).
import type { ChatResult, Citation, ToolCall } from './types';
import { isRecord } from '../shared/isRecord';
import { usageFromChat } from './usage';

/** Undefined when the body is not a chat completion at all. */
export function chatResultFromCompletion(json: unknown): ChatResult | undefined {
  if (!isRecord(json) || !Array.isArray(json.choices)) return undefined;
  const choice = json.choices.find((c) => isRecord(c) && (c.index === undefined || c.index === 0)) ?? json.choices[0];
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : {};
  const result: ChatResult = {
    text: typeof message.content === 'string' ? message.content : '',
    reasoning: typeof message.reasoning_content === 'string' ? message.reasoning_content : '',
    toolCalls: Array.isArray(message.tool_calls) ? message.tool_calls.flatMap(toolCallFrom) : [],
    citations: citationsFromUrls(json.citations),
  };
  if (typeof json.id === 'string') result.id = json.id;
  if (typeof json.model === 'string') result.model = json.model;
  const usage = usageFromChat(json.usage);
  if (usage) result.usage = usage;
  if (isRecord(choice) && typeof choice.finish_reason === 'string') result.finishReason = choice.finish_reason;
  return result;
}

function toolCallFrom(raw: unknown): ToolCall[] {
  if (!isRecord(raw) || !isRecord(raw.function)) return [];
  const fn = raw.function;
  return [
    {
      id: typeof raw.id === 'string' ? raw.id : '',
      type: 'function',
      function: {
        name: typeof fn.name === 'string' ? fn.name : '',
        arguments: typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
      },
    },
  ];
}

/** Chat completions carried search citations as a top-level array of URLs (Live Search). */
export function citationsFromUrls(raw: unknown): Citation[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const item of raw) {
    const url = typeof item === 'string' ? item : isRecord(item) && typeof item.url === 'string' ? item.url : undefined;
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const citation: Citation = { url };
    if (isRecord(item) && typeof item.title === 'string') citation.title = item.title;
    citations.push(citation);
  }
  return citations;
}
