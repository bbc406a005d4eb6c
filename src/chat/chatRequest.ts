// What the chat sends for an answer, pure: a Responses request where the server has /responses (xAI
// does), else a chat completion; and the stream that falls back when the server turns out to lack the
// route, or that drops a reasoning effort the model refuses. Unit-tested with scripted events.
import { buildRequestMessages, SYSTEM_PROMPT, type Conversation, type ImageResolver } from '../conversation/conversation';
import { responsesInput } from '../conversation/responsesInput';
import type { ConversationOptions } from '../shared/messageParts';
import type { ChatRequest, ResponsesRequest, StreamEvent, XaiErrorInfo } from '../xai/types';

export interface RequestSettings {
  model: string;
  /** 0: nothing is sent. */
  maxOutputTokens: number;
  /** grok.responses.store: keep the answer on xAI's side (off unless the user opts in). */
  store: boolean;
  options: ConversationOptions;
  /** The model takes a reasoning effort (or may: not known to refuse it). */
  effortAllowed: boolean;
  images: ImageResolver;
  /** The conversation's instructions (setting, project rules): `instructions` on Responses, the system message on chat completions. */
  instructions?: string;
}

/** The server-side tools the composer's toggles ask for. */
export function serverTools(options: ConversationOptions): Array<{ type: string }> {
  const tools: Array<{ type: string }> = [];
  if (options.webSearch) tools.push({ type: 'web_search' });
  if (options.xSearch) tools.push({ type: 'x_search' });
  if (options.codeExecution) tools.push({ type: 'code_interpreter' });
  return tools;
}

export function responsesRequest(conv: Conversation, s: RequestSettings): ResponsesRequest {
  const input = responsesInput(conv, s.images);
  const hasImages = conv.messages.some((m) => m.parts.some((p) => p.type === 'image' && p.origin === 'attached'));
  const request: ResponsesRequest = {
    model: s.model,
    input,
    // xAI: a stored request with images may fail, so those are never stored.
    store: s.store && !hasImages,
    promptCacheKey: conv.id,
    include: ['reasoning.encrypted_content'],
  };
  if (s.instructions) request.instructions = s.instructions;
  const tools = serverTools(s.options);
  if (tools.length) request.tools = tools;
  if (s.maxOutputTokens > 0) request.maxOutputTokens = s.maxOutputTokens;
  if (s.options.reasoningEffort && s.effortAllowed) request.reasoningEffort = s.options.reasoningEffort;
  return request;
}

export function chatRequest(conv: Conversation, s: RequestSettings): ChatRequest {
  const system = s.instructions ? `${SYSTEM_PROMPT}\n\n${s.instructions}` : SYSTEM_PROMPT;
  const request: ChatRequest = { model: s.model, messages: buildRequestMessages(conv, system, undefined, s.images), conversationId: conv.id };
  if (s.maxOutputTokens > 0) request.maxCompletionTokens = s.maxOutputTokens;
  if (s.options.reasoningEffort && s.effortAllowed) request.reasoningEffort = s.options.reasoningEffort;
  return request;
}

/** A failure that says the server has no /responses route (the client tells a missing route from a missing model). */
export function isRouteMissing(error: XaiErrorInfo): boolean {
  return error.routeMissing === true;
}

/** A failure that says the model does not take a reasoning effort (recorded 50). */
export function isEffortRefused(error: XaiErrorInfo): boolean {
  if (error.unsupportedParameter !== undefined) return /reasoning/.test(error.unsupportedParameter);
  return error.kind === 'badRequest' && /does not support parameter.*reasoning/i.test(error.message);
}

/**
 * Yields `first`'s events; when it fails before answering anything, `recover` may name the stream to
 * use instead (the chat completion for a server without /responses, the request without the refused
 * effort), and that one's events follow. At most `limit` recoveries.
 */
export async function* withRecovery(
  first: AsyncIterable<StreamEvent>,
  recover: (error: XaiErrorInfo) => AsyncIterable<StreamEvent> | undefined,
  limit = 2,
): AsyncGenerator<StreamEvent> {
  let source: AsyncIterable<StreamEvent> | undefined = first;
  for (let tries = 0; source; tries++) {
    let next: AsyncIterable<StreamEvent> | undefined;
    let answered = false;
    for await (const event of source) {
      if (event.type === 'error' && !answered && tries < limit) {
        next = recover(event.error);
        if (next) break;
      }
      if (event.type !== 'retry') answered = true;
      yield event;
    }
    source = next;
  }
}
