// One language-model request through our client: the Responses API where the server has it, chat
// completions where it answers 404/405 for /responses (remembered per base URL), streamed to a sink.
// No 'vscode': the provider adapts the sink to VS Code's progress and the error to its error types.
import type { Localisable } from '../shared/localise';
import type { XaiClient } from '../xai/client';
import type { ChatMessage, StreamEvent, Usage, XaiErrorInfo, XaiErrorKind } from '../xai/types';
import { serverName } from '../xai/errors';

export interface LmTool {
  name: string;
  description: string;
  inputSchema?: object;
}

export interface LmRequest {
  model: string;
  messages: ChatMessage[];
  tools: readonly LmTool[];
  /** 'required': the model must call one of the tools. */
  toolMode: 'auto' | 'required';
  /** 0 or undefined: none sent. */
  maxOutputTokens?: number;
  promptCacheKey: string;
}

export interface LmSink {
  text(delta: string): void;
  toolCall(callId: string, name: string, input: object): void;
}

export interface LmOutcome {
  api: 'responses' | 'chat';
  usage?: Usage;
  /** The model that answered, as the server named it. */
  model?: string;
  cancelled: boolean;
}

/** A failure as the caller should see it: the client's readable message, never raw JSON. */
export class LmRequestError extends Error {
  constructor(
    readonly kind: XaiErrorKind,
    message: string,
    /** The client's message as a template, for showing it translated. */
    readonly text?: Localisable,
  ) {
    super(message);
    this.name = 'LmRequestError';
  }
}

/** Which API each base URL speaks, learnt from its answers; one per extension host. */
export class ApiMemory {
  private readonly chatOnly = new Set<string>();

  usesChat(baseUrl: string): boolean {
    return this.chatOnly.has(baseUrl);
  }

  rememberChat(baseUrl: string): void {
    this.chatOnly.add(baseUrl);
  }
}

export async function runLmRequest(client: XaiClient, request: LmRequest, sink: LmSink, signal: AbortSignal, apis: ApiMemory): Promise<LmOutcome> {
  if (!apis.usesChat(client.baseUrl)) {
    const outcome = await consume(client.streamResponses(responsesRequest(request), { signal }), 'responses', sink, (error) => lacksResponses(error, client.baseUrl));
    if (outcome !== 'fallBack') return outcome;
  }
  const outcome = await consume(client.streamChat(chatRequest(request), { signal }), 'chat', sink, () => false);
  if (outcome === 'fallBack') throw new Error('unreachable: chat completions never fall back');
  // Only a server whose chat completions work is marked as one without /responses: a 404 for a
  // missing model must not switch the API for good.
  if (!outcome.cancelled) apis.rememberChat(client.baseUrl);
  return outcome;
}

async function consume(
  events: AsyncIterable<StreamEvent>,
  api: LmOutcome['api'],
  sink: LmSink,
  mayFallBack: (error: XaiErrorInfo) => boolean,
): Promise<LmOutcome | 'fallBack'> {
  const outcome: LmOutcome = { api, cancelled: false };
  let first = true;
  for await (const event of events) {
    const isFirst = first;
    first = false;
    switch (event.type) {
      case 'start':
        outcome.model = event.model || undefined;
        break;
      case 'text':
        sink.text(event.delta);
        break;
      case 'toolCall':
        sink.toolCall(event.call.id, event.call.function.name, toolInput(event.call.function.name, event.call.function.arguments));
        break;
      case 'usage':
        outcome.usage = event.usage;
        break;
      case 'error':
        if (event.error.kind === 'cancelled') return { ...outcome, cancelled: true };
        if (isFirst && mayFallBack(event.error)) return 'fallBack';
        throw new LmRequestError(kindOf(event.error), event.error.message, event.error.text);
      case 'finish':
      case 'reasoning':
      case 'thinking':
      case 'citation':
      case 'outputItem':
      case 'retry':
      case 'serverTool':
        break;
      default:
        assertNever(event);
    }
  }
  return outcome;
}

/**
 * xAI now answers an account out of credits with 403 permission-denied (the client reads 403 as a key
 * without permission); the text tells them apart.
 */
function kindOf(error: XaiErrorInfo): XaiErrorKind {
  if (error.kind === 'noPermission' && /used all available credits|spending limit/i.test(error.message)) return 'outOfCredits';
  return error.kind;
}

/** /responses is missing: 405 or 501 anywhere; 404 from a server other than xAI (xAI's 404 means the model). */
function lacksResponses(error: XaiErrorInfo, baseUrl: string): boolean {
  if (error.status === 405 || error.status === 501) return true;
  return error.status === 404 && serverName(baseUrl) !== 'xAI';
}

function responsesRequest(request: LmRequest): Parameters<XaiClient['streamResponses']>[0] {
  return {
    model: request.model,
    input: request.messages,
    // Kept off the server: VS Code holds the conversation and sends it whole each time.
    store: false,
    promptCacheKey: request.promptCacheKey,
    ...(request.tools.length
      ? { tools: request.tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: schemaOf(t) })) }
      : {}),
    ...(request.tools.length && request.toolMode === 'required' ? { toolChoice: 'required' as const } : {}),
    ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
  };
}

function chatRequest(request: LmRequest): Parameters<XaiClient['streamChat']>[0] {
  return {
    model: request.model,
    messages: request.messages,
    conversationId: request.promptCacheKey,
    ...(request.tools.length
      ? { tools: request.tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: schemaOf(t) } })) }
      : {}),
    ...(request.tools.length && request.toolMode === 'required' ? { toolChoice: 'required' as const } : {}),
    ...(request.maxOutputTokens ? { maxCompletionTokens: request.maxOutputTokens } : {}),
  };
}

/** A tool without a schema takes no arguments; the APIs want an object schema either way. */
function schemaOf(tool: LmTool): Record<string, unknown> {
  return tool.inputSchema && typeof tool.inputSchema === 'object' ? (tool.inputSchema as Record<string, unknown>) : { type: 'object', properties: {} };
}

function toolInput(name: string, args: string): object {
  if (args.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw new LmRequestError('malformed', `Grok called the tool "${name}" with arguments that are not JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LmRequestError('malformed', `Grok called the tool "${name}" with arguments that are not a JSON object.`);
  }
  return parsed;
}

function assertNever(value: never): never {
  throw new LmRequestError('malformed', `An unknown stream event: ${JSON.stringify(value)}`);
}
