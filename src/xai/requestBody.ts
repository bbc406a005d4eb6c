// camelCase requests to the wire's snake_case. Only fields the caller set are sent: reasoning models
// reject some parameters outright, so "undefined" must mean "absent", never a default.
import type { ChatMessage, ChatRequest, ContentPart, RawResponsesItem, ResponsesRequest } from './types';

export function chatBody(request: ChatRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, messages: request.messages };
  set(body, 'max_completion_tokens', request.maxCompletionTokens);
  set(body, 'temperature', request.temperature);
  set(body, 'top_p', request.topP);
  set(body, 'reasoning_effort', request.reasoningEffort);
  set(body, 'tools', request.tools);
  set(body, 'tool_choice', request.toolChoice);
  set(body, 'parallel_tool_calls', request.parallelToolCalls);
  set(body, 'response_format', request.responseFormat);
  set(body, 'stop', request.stop);
  if (stream) {
    body.stream = true;
    // Without it xAI sends no usage on streams.
    body.stream_options = { include_usage: true };
  }
  return body;
}

export function responsesBody(request: ResponsesRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    input: typeof request.input === 'string' ? request.input : request.input.flatMap((item) => (isChatMessage(item) ? responsesInputItems(item) : [item])),
  };
  set(body, 'prompt_cache_key', request.promptCacheKey);
  set(body, 'include', request.include);
  set(body, 'tool_choice', request.toolChoice);
  set(body, 'parallel_tool_calls', request.parallelToolCalls);
  set(body, 'instructions', request.instructions);
  set(body, 'previous_response_id', request.previousResponseId);
  set(body, 'store', request.store);
  set(body, 'max_output_tokens', request.maxOutputTokens);
  set(body, 'tools', request.tools);
  if (request.reasoningEffort !== undefined) body.reasoning = { effort: request.reasoningEffort };
  if (stream) body.stream = true;
  return body;
}

/**
 * The Responses API spells chat turns differently: content parts are input_text / input_image, a tool
 * result is a function_call_output item and an assistant's tool calls are function_call items.
 */
function responsesInputItems(message: ChatMessage): unknown[] {
  if (message.role === 'tool') {
    return [{ type: 'function_call_output', call_id: message.tool_call_id ?? '', output: textOf(message.content) }];
  }
  const items: unknown[] = [];
  const hasContent = typeof message.content === 'string' ? message.content !== '' : message.content.length > 0;
  if (hasContent || !message.tool_calls?.length) {
    items.push({ role: message.role, content: responsesContent(message.content, message.role) });
  }
  for (const call of message.tool_calls ?? []) {
    items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return items;
}

function responsesContent(content: string | ContentPart[], role: ChatMessage['role']): unknown {
  if (typeof content === 'string') return content;
  return content.map((part) => {
    if (part.type === 'text') return { type: role === 'assistant' ? 'output_text' : 'input_text', text: part.text };
    const image: Record<string, unknown> = { type: 'input_image', image_url: part.image_url.url };
    if (part.image_url.detail) image.detail = part.image_url.detail;
    return image;
  });
}

function isChatMessage(item: ChatMessage | RawResponsesItem): item is ChatMessage {
  return typeof (item as { role?: unknown }).role === 'string' && (item as { type?: unknown }).type === undefined;
}

function textOf(content: string | ContentPart[]): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function set(body: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) body[key] = value;
}
