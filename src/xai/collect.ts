// StreamEvents to one ChatResult and back. Partial text is kept on error and cancel: the user saw it.
import type { ChatResult, RawResponsesItem, ServerToolCall, StreamEvent, ToolCall } from './types';
import { errorInfo, XaiError } from './errors';

export async function collectStream(events: AsyncIterable<StreamEvent>): Promise<ChatResult> {
  const result: ChatResult = { text: '', reasoning: '', toolCalls: [], citations: [] };
  const calls = new Map<number, ToolCall>();
  const urls = new Set<string>();
  const outputItems: RawResponsesItem[] = [];
  const serverTools = new Map<string, ServerToolCall>();
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          result.id = event.id;
          result.model = event.model;
          break;
        case 'text':
          result.text += event.delta;
          break;
        case 'reasoning':
          result.reasoning += event.delta;
          break;
        case 'toolCall':
          calls.set(event.index, event.call);
          break;
        case 'citation':
          if (!urls.has(event.citation.url)) {
            urls.add(event.citation.url);
            result.citations.push(event.citation);
          }
          break;
        case 'usage':
          result.usage = event.usage;
          break;
        case 'finish':
          result.finishReason = event.reason;
          break;
        case 'error':
          result.error = event.error;
          result.finishReason = event.error.kind === 'cancelled' ? 'cancelled' : 'error';
          break;
        case 'outputItem':
          outputItems.push(event.item);
          break;
        case 'serverTool': {
          const { type: _type, ...call } = event;
          serverTools.set(call.id ?? call.tool, call);
          break;
        }
        case 'thinking':
        case 'retry':
          break;
        default:
          assertNever(event);
      }
    }
  } catch (error) {
    // The client's streams never throw; another iterable might.
    result.error = error instanceof XaiError ? error.info : errorInfo('malformed', error instanceof Error ? error.message : String(error));
    result.finishReason = result.error.kind === 'cancelled' ? 'cancelled' : 'error';
  }
  result.toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
  if (outputItems.length) result.outputItems = outputItems;
  if (serverTools.size) result.serverTools = [...serverTools.values()];
  return result;
}

/** The events a stream of this result would have carried, for servers that answer a stream request with one JSON body. */
export function* resultEvents(result: ChatResult): Generator<StreamEvent, void, undefined> {
  yield { type: 'start', id: result.id ?? '', model: result.model ?? '' };
  for (const call of result.serverTools ?? []) yield { type: 'serverTool', ...call };
  if (result.reasoning) yield { type: 'reasoning', delta: result.reasoning };
  if (result.text) yield { type: 'text', delta: result.text };
  for (const [index, call] of result.toolCalls.entries()) yield { type: 'toolCall', index, call };
  for (const citation of result.citations) yield { type: 'citation', citation };
  for (const item of result.outputItems ?? []) yield { type: 'outputItem', item };
  if (result.usage) yield { type: 'usage', usage: result.usage };
  yield { type: 'finish', reason: result.finishReason ?? 'stop' };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled stream event ${JSON.stringify(value)}`);
}
