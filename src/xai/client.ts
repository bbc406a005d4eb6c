// The xAI API client: plain Node (20+), no 'vscode'. It uses the runtime's global fetch so that VS Code's
// proxy and certificate handling applies inside the extension host; tests inject their own.
import { say } from '../shared/localise';
import type {
  ApiKeyInfo,
  ChatRequest,
  ChatResult,
  CompactionRequest,
  CompactionResult,
  ImageRequest,
  ImageResult,
  ModelInfo,
  ResponsesRequest,
  StreamEvent,
  TokenizeResult,
  XaiLogEntry,
} from './types';
import type { RetryOptions } from './retry';
import type { StreamFormat } from './streamRequest';
import type { TimeoutOptions } from './timeouts';
import type { RequestSpec } from './transport';
import { chatResultFromCompletion } from './chatResult';
import { ChatStreamMapper } from './chatStream';
import { toCurl } from './curl';
import { compact } from './compaction';
import { generateImages } from './images';
import { isRecord } from '../shared/isRecord';
import { malformedError, XaiError } from './errors';
import { requestJson } from './jsonRequest';
import { apiKeyInfoFrom, modelsFromLanguageModels, modelsFromModelList } from './models';
import { chatBody, responsesBody } from './requestBody';
import { resultFromResponse } from './responsesResult';
import { ResponsesStreamMapper } from './responsesStream';
import { DEFAULT_RETRY } from './retry';
import { streamRequest } from './streamRequest';
import { DEFAULT_TIMEOUTS } from './timeouts';
import { normaliseBaseUrl, Transport } from './transport';

export interface XaiClientOptions {
  /** e.g. https://api.x.ai/v1, or any OpenAI-compatible server. A trailing slash is ignored. */
  baseUrl: string;
  /** Resolved for every request, so a key set or removed later takes effect at once. */
  apiKey: () => Promise<string | undefined>;
  /** Default 3 retries, 500 ms base, 8 s ceiling; maxRetries 0 turns retries off. */
  retry?: Partial<RetryOptions>;
  /** Default 300 s to the first byte, 120 s between events: reasoning models think silently for long. */
  timeouts?: Partial<TimeoutOptions>;
  /** One entry per HTTP attempt; never holds the key. */
  onLog?: (entry: XaiLogEntry) => void;
  fetch?: typeof fetch;
  userAgent?: string;
  /** Jitter source, for tests. */
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

const CHAT_FORMAT: StreamFormat = {
  mapper: (ctx) => new ChatStreamMapper(ctx),
  fromJson: chatResultFromCompletion,
};

const RESPONSES_FORMAT: StreamFormat = {
  mapper: (ctx) => new ResponsesStreamMapper(ctx),
  fromJson: resultFromResponse,
};

export class XaiClient {
  readonly baseUrl: string;
  private readonly transport: Transport;

  constructor(options: XaiClientOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.transport = new Transport({
      baseUrl: this.baseUrl,
      apiKey: options.apiKey,
      // Looked up per call, not captured: VS Code may patch the global after we are constructed.
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      retry: { ...DEFAULT_RETRY, ...options.retry },
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      onLog: options.onLog,
      userAgent: options.userAgent,
      random: options.random ?? Math.random,
    });
  }

  /** POST /chat/completions, streamed. Never throws: failures arrive as one final 'error' event. */
  streamChat(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    return streamRequest(this.transport, chatSpec(request, true), CHAT_FORMAT, options.signal);
  }

  /** POST /chat/completions, one answer. Throws XaiError. */
  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const spec = chatSpec(request, false);
    const { json } = await requestJson(this.transport, spec, options.signal);
    const result = chatResultFromCompletion(json);
    if (!result) throw new XaiError(malformedError(this.transport.context(spec), say('an answer that is not a chat completion')));
    return result;
  }

  /**
   * POST /responses, streamed (server-side tools such as web_search). Never throws.
   *
   * On a server without the Responses API the one 'error' event has kind 'badRequest' and `routeMissing: true`
   * (404/405/501 that is not about a model; xAI itself always has the route). The host then sends the same
   * conversation to streamChat (/chat/completions) and remembers that per base URL. Nothing of an answer was
   * shown before such an error, so falling back never duplicates text.
   */
  streamResponses(request: ResponsesRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    return streamRequest(this.transport, responsesSpec(request, true), RESPONSES_FORMAT, options.signal);
  }

  /** POST /responses, one answer. Throws XaiError. */
  async responses(request: ResponsesRequest, options: CallOptions = {}): Promise<ChatResult> {
    const spec = responsesSpec(request, false);
    const { json } = await requestJson(this.transport, spec, options.signal);
    const result = resultFromResponse(json);
    if (!result) throw new XaiError(malformedError(this.transport.context(spec), say('an answer that is not a response object')));
    return result;
  }

  /**
   * POST /responses/compact: one encrypted item that replaces `input` in later requests (xAI's context
   * compaction; sent back verbatim). Retried, timed and logged like every JSON call. Throws XaiError: a
   * server without the route fails with kind 'badRequest' and `routeMissing`.
   */
  async compact(request: CompactionRequest, options: CallOptions = {}): Promise<CompactionResult> {
    return compact(this.transport, request, options.signal);
  }

  /**
   * POST /images/generations (response_format b64_json). A server that answers with a temporary URL instead
   * (recorded 47) has the image fetched once through the same fetch, without the key, https or the API's own
   * origin only. Throws XaiError; `costInUsdTicks` where the server sent usage.cost_in_usd_ticks.
   */
  async generateImages(request: ImageRequest, options: CallOptions = {}): Promise<ImageResult> {
    return generateImages(this.transport, request, options.signal);
  }

  /**
   * GET /language-models (prices, aliases, modalities), falling back to the OpenAI-style GET /models
   * where the richer list does not exist (404/405/501) or is not a model list, as on compatible servers.
   */
  async listModels(options: CallOptions = {}): Promise<ModelInfo[]> {
    try {
      const { json } = await requestJson(this.transport, { method: 'GET', path: '/language-models' }, options.signal);
      const models = modelsFromLanguageModels(json);
      if (models) return models;
    } catch (error) {
      if (!(error instanceof XaiError) || !this.mayFallBack(error)) throw error;
    }
    const spec: RequestSpec = { method: 'GET', path: '/models' };
    const { json } = await requestJson(this.transport, spec, options.signal);
    const models = modelsFromModelList(json) ?? modelsFromLanguageModels(json);
    if (!models) throw new XaiError(malformedError(this.transport.context(spec), say('a model list without models')));
    return models;
  }

  /** GET /api-key: validates the key without spending tokens. Throws XaiError. */
  async apiKeyInfo(options: CallOptions = {}): Promise<ApiKeyInfo> {
    const { json } = await requestJson(this.transport, { method: 'GET', path: '/api-key' }, options.signal);
    return apiKeyInfoFrom(json);
  }

  /** POST /tokenize-text: exact token counts for context budgeting. Throws XaiError. */
  async tokenize(model: string, text: string, options: CallOptions = {}): Promise<TokenizeResult> {
    const spec: RequestSpec = { method: 'POST', path: '/tokenize-text', body: { model, text }, model };
    const { json } = await requestJson(this.transport, spec, options.signal);
    const tokens = isRecord(json) && Array.isArray(json.token_ids) ? json.token_ids : undefined;
    if (!tokens) throw new XaiError(malformedError(this.transport.context(spec), say('a tokenizer answer without token_ids')));
    const tokenIds = tokens.map((t) => (isRecord(t) ? t.token_id : t)).filter((id): id is number => typeof id === 'number');
    return { count: tokens.length, tokenIds };
  }

  /** The chat request as a cURL command with $XAI_API_KEY in place of the key. */
  curlFor(request: ChatRequest, options: { stream?: boolean } = {}): string {
    const stream = options.stream ?? false;
    return toCurl({ baseUrl: this.baseUrl, method: 'POST', path: '/chat/completions', body: chatBody(request, stream), stream });
  }

  private mayFallBack(error: XaiError): boolean {
    const { status, kind } = error.info;
    if (status === 404 || status === 405 || status === 501) return true;
    // xAI itself has the endpoint; other servers may answer an unknown route in any way.
    return this.transport.server !== 'xAI' && (kind === 'badRequest' || kind === 'unavailable' || kind === 'malformed');
  }
}

function chatSpec(request: ChatRequest, stream: boolean): RequestSpec {
  const spec: RequestSpec = { method: 'POST', path: '/chat/completions', body: chatBody(request, stream), stream, model: request.model };
  if (request.conversationId) spec.headers = { 'x-grok-conv-id': request.conversationId };
  return spec;
}

function responsesSpec(request: ResponsesRequest, stream: boolean): RequestSpec {
  return { method: 'POST', path: '/responses', body: responsesBody(request, stream), stream, model: request.model };
}
