// The xAI client's public types. Plain data: nothing here knows about VS Code.
import type { Localisable } from '../shared/localise';

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: Role;
  content: string | ContentPart[];
  /** Assistant turns that called tools. */
  tool_calls?: ToolCall[];
  /** Tool results answer this call id. */
  tool_call_id?: string;
  name?: string;
}

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** A chat request. Only parameters the caller sets are sent: reasoning models reject some of them. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxCompletionTokens?: number;
  temperature?: number;
  topP?: number;
  reasoningEffort?: string;
  tools?: ToolDefinition[];
  toolChoice?: 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };
  parallelToolCalls?: boolean;
  responseFormat?: Record<string, unknown>;
  stop?: string[];
  /**
   * Sent as the `x-grok-conv-id` header: Chat Completions' counterpart of the Responses API's
   * prompt_cache_key, keeping one conversation on one cache server so its prefix keeps hitting.
   */
  conversationId?: string;
}

/**
 * An item already in the Responses API's own shape (a previous answer's output item, a
 * function_call_output, ...): sent exactly as given, byte for byte, so the prompt cache keeps hitting.
 */
export interface RawResponsesItem {
  type: string;
  [key: string]: unknown;
}

/** A Responses API request (/v1/responses), for server-side tools such as web_search and x_search. */
export interface ResponsesRequest {
  model: string;
  /** Chat-style turns are translated to Responses items; raw items are sent as they are. */
  input: string | Array<ChatMessage | RawResponsesItem>;
  instructions?: string;
  previousResponseId?: string;
  store?: boolean;
  maxOutputTokens?: number;
  tools?: Array<{ type: string; [key: string]: unknown }>;
  toolChoice?: 'auto' | 'none' | 'required' | { type: 'function'; name: string };
  parallelToolCalls?: boolean;
  reasoningEffort?: string;
  /** Keeps a conversation on one cache server (xAI's prompt cache). */
  promptCacheKey?: string;
  /** e.g. ["reasoning.encrypted_content"], so reasoning can be sent back with store off. */
  include?: string[];
}

/** POST /responses/compact: the conversation to replace with one compaction item. */
export interface CompactionRequest {
  model: string;
  input: Array<ChatMessage | RawResponsesItem>;
  instructions?: string;
}

export interface CompactionResult {
  /** The compacted window, verbatim as the server sent it (one `compaction` item on xAI): sent back unchanged. */
  items: RawResponsesItem[];
  /** input_tokens: what was compacted; output_tokens: the compacted context, where the server counts it. */
  usage?: Usage;
  id?: string;
}

/** POST /images/generations. */
export interface ImageRequest {
  model: string;
  prompt: string;
  /** 1 to 10. */
  n?: number;
  aspectRatio?: string;
  resolution?: '1k' | '2k';
}

export interface GeneratedImage {
  mimeType: string;
  /** The image bytes, base64 (asked for as b64_json, or fetched once from a temporary URL). */
  base64: string;
}

export interface ImageResult {
  images: GeneratedImage[];
  /** The server's billed cost, where it sent one (1e10 ticks = $1). */
  costInUsdTicks?: number;
}

/** Token counts with xAI's semantics: reasoning tokens are NOT inside completionTokens. */
export interface Usage {
  promptTokens: number;
  /** Cached prompt tokens, already clamped to promptTokens. */
  cachedPromptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  imageTokens: number;
  totalTokens: number;
  numSourcesUsed: number;
  /** The server's own cost in USD ticks (1e10 ticks = $1), where it sent one. */
  costInUsdTicks?: number;
  /** Server-side tool calls (web_search, x_search, ...) billed on the Responses API, where reported. */
  serverSideToolsUsed?: number;
  /**
   * Server-side tool calls per tool, from server_side_tool_usage_details, only those above zero, keyed by
   * the serverTool event's tool names: { web_search: 2, x_search: 1, code_execution: 1, ... }.
   */
  serverToolCalls?: Record<string, number>;
}

export interface Citation {
  url: string;
  title?: string;
  startIndex?: number;
  endIndex?: number;
  /**
   * A source a server-side search returned (web_search_call action.sources) that no url_citation annotation
   * cites. These come after the cited ones, once the answer is complete.
   */
  uncited?: true;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'cancelled' | 'error' | string;

/** What a streamed request yields, in order. Exactly one 'finish' or 'error' ends every stream. */
export type StreamEvent =
  | { type: 'start'; id: string; model: string }
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  /** The model is thinking silently (empty deltas from reasoning models). */
  | { type: 'thinking' }
  | { type: 'toolCall'; index: number; call: ToolCall }
  /** Progress of a server-side tool on the Responses API (web_search, x_search, code_execution). */
  | {
      type: 'serverTool';
      tool: string;
      status: 'in_progress' | 'searching' | 'completed' | 'failed';
      /** The search query (web_search action.query; x_search's input query), once known. */
      detail?: string;
      /** The output item's id, the same on every event of one call, so a card updates in place. */
      id?: string;
      /** The code code_execution ran. */
      code?: string;
      /** What the tool printed or returned, where the server sends it. */
      output?: string;
      /** The server's own name for the call where it has one (x_keyword_search, x_semantic_search, view_x_video, ...). */
      name?: string;
    }
  /**
   * A finished Responses output item, verbatim (reasoning with encrypted_content, the message, tool calls),
   * in order: with store off the next request's input carries these back unchanged so the cache hits.
   */
  | { type: 'outputItem'; item: RawResponsesItem }
  /** Before the client waits to try again (429, 5xx, network); only ever before the first answer event. */
  | { type: 'retry'; attempt: number; delayMs: number; reason: XaiErrorKind; status?: number }
  | { type: 'citation'; citation: Citation }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason }
  | { type: 'error'; error: XaiErrorInfo };

export type XaiErrorKind =
  | 'badKey'
  | 'noPermission'
  | 'modelNotFound'
  | 'badRequest'
  | 'contextTooLong'
  | 'rateLimited'
  | 'outOfCredits'
  | 'unavailable'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'malformed';

/** A failure as a user should see it: a kind, a readable message, never raw JSON, never the key. */
export interface XaiErrorInfo {
  kind: XaiErrorKind;
  /** In English, as the log shows it. */
  message: string;
  /** The same message as a template and arguments, where the client has one: the host shows it translated. */
  text?: Localisable;
  status?: number;
  /** Seconds, from Retry-After, for rateLimited. */
  retryAfter?: number;
  requestId?: string;
  /**
   * badRequest only: the model does not take this parameter ("Model grok-code-fast-1 does not support parameter
   * reasoningEffort."). The wire name in snake_case ("reasoning_effort"; the Responses API's reasoning.effort is
   * reported as "reasoning_effort" too), so the host can drop it, retry and remember per model.
   */
  unsupportedParameter?: string;
  /** outOfCredits from xAI's own API: its credits and spending limit are managed at XAI_BILLING_URL. */
  xaiBilling?: true;
  /**
   * badRequest only: the server has no such route (404/405/501 on /responses or /images/generations that is not
   * about a model). The host falls back (Responses -> /chat/completions) and remembers it per base URL.
   */
  routeMissing?: true;
}

/** The latest state of one server-side tool call (a serverTool event without its type). */
export type ServerToolCall = Omit<Extract<StreamEvent, { type: 'serverTool' }>, 'type'>;

/** The assembled outcome of a request, streamed or not. Partial text is kept on cancel and error. */
export interface ChatResult {
  id?: string;
  model?: string;
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  citations: Citation[];
  usage?: Usage;
  finishReason?: FinishReason;
  error?: XaiErrorInfo;
  /** Responses API: the answer's output items verbatim, in output order (to send back with store off). */
  outputItems?: RawResponsesItem[];
  /** Responses API: each server-side tool call's final state, in the order they started. */
  serverTools?: ServerToolCall[];
}

/** Prices in USD per 1M tokens (converted from xAI's cents per 100M tokens). */
export interface ModelPrices {
  promptPerMillion?: number;
  cachedPromptPerMillion?: number;
  completionPerMillion?: number;
  imagePerMillion?: number;
  /** USD per search source, where known. */
  searchPerSource?: number;
}

export interface ModelInfo {
  id: string;
  aliases: string[];
  inputModalities: string[];
  outputModalities: string[];
  prices?: ModelPrices;
  contextWindow?: number;
  ownedBy?: string;
  created?: number;
}

export interface ApiKeyInfo {
  name?: string;
  redactedKey?: string;
  teamId?: string;
  userId?: string;
  acls: string[];
  blocked: boolean;
  disabled: boolean;
  teamBlocked: boolean;
}

/** What POST /tokenize-text says about a text: exact counts for context budgeting. */
export interface TokenizeResult {
  count: number;
  tokenIds: number[];
}

/**
 * One entry per HTTP attempt, for the host's log channel. Never holds the key; `message` is redacted.
 * For streams the entry is written when the attempt ends, so `durationMs` covers the whole stream.
 */
export interface XaiLogEntry {
  method: string;
  /** Path below the base URL, e.g. "/chat/completions". */
  path: string;
  status?: number;
  durationMs: number;
  requestId?: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  outcome: 'ok' | XaiErrorKind;
  /** The error message shown for a failed attempt (redacted). */
  message?: string;
  /** Set when the client will try again after this many milliseconds. */
  retryInMs?: number;
}
