// Runs one answer: streams it from the client into the assistant message, forwards it to the webview
// in batches, keeps the partial answer saved, and settles it as done, stopped or error. No vscode: the
// caller passes the stream, the post and the persist functions, so this is tested against the fake server.
import type { AnswerPhase, HostMessage, MessageStatus, UsageView } from '../protocol';
import { costUsd } from '../xai/cost';
import type { ModelPrices, StreamEvent, Usage, XaiErrorInfo } from '../xai/types';
import { totalUsage, type Conversation, type StoredMessage } from '../conversation/conversation';
import { appendToPart, sourcesOf, textOf, upsertPart, type MessagePart, type ServerToolPart } from '../shared/messageParts';
import { DeltaBatcher } from './deltaBatcher';
import { errorView } from '../platform/errorView';
import { t } from '../platform/localise';
import { recordSpend } from '../platform/spend';

/**
 * A streaming answer is saved this often, so that a crash loses at most a second of it: half a second,
 * because the words reach this host later than the server sent them on a busy machine, and the save is
 * queued and written after that (at a load of 11 a once-a-second save lost a little over a second in the
 * crash test).
 */
export const SAVE_EVERY_MS = 500;

/** Any request with a model: a chat completion or a Responses request, whichever the server takes. */
export interface ModelRequest {
  model: string;
}

export interface ChatRunOptions<R extends ModelRequest = ModelRequest> {
  conversation: Conversation;
  /** The assistant message being answered, already in the conversation with status 'streaming'. */
  message: StoredMessage;
  request: R;
  stream(request: R, signal: AbortSignal): AsyncIterable<StreamEvent>;
  /** Prices for a model id, from the cached model list; the server's own cost figure wins over them. */
  prices(model: string): ModelPrices | undefined;
  /** Never awaited: a hidden view drops posts and gets a snapshot when it comes back. */
  post(message: HostMessage): void;
  /** Queue a save of the conversation (the store serialises and coalesces). */
  persist(): void;
  log?(line: string): void;
  /** How often a streaming answer is saved (SAVE_EVERY_MS unless a test says otherwise). */
  persistEveryMs?: number;
  batchMs?: number;
  /** After Stop, how long to wait for the client to report the cancel before settling without it. */
  stopGraceMs?: number;
  /** The server can compact the conversation (Responses API): a context-too-long error offers Compact and Retry. */
  canCompact?(): boolean;
}

export interface RunOutcome {
  status: Exclude<MessageStatus, 'streaming'>;
  text: string;
  usage?: UsageView;
  error?: { kind: string; message: string };
  finishReason?: string;
}

const STOPPED = Symbol('stopped');

export class ChatRun<R extends ModelRequest = ModelRequest> {
  readonly done: Promise<RunOutcome>;
  private readonly abort = new AbortController();
  private readonly batcher: DeltaBatcher;
  private dirty = false;
  private phaseNow: AnswerPhase = { phase: 'connecting' };

  /** Numbers cards of server tools whose events carry no item id (older clients). */
  private toolCards = 0;

  constructor(private readonly options: ChatRunOptions<R>) {
    this.batcher = new DeltaBatcher(options.post, options.batchMs ?? 16);
    this.done = this.run();
  }

  get messageId(): string {
    return this.options.message.id;
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /** Aborts the HTTP request at once; the partial answer stays, marked as stopped. */
  stop(): void {
    this.abort.abort();
  }

  /** What the answer waits for, until its text starts (re-posted after a snapshot). */
  get phase(): AnswerPhase {
    return this.phaseNow;
  }

  private setPhase(phase: AnswerPhase): void {
    if (this.options.message.parts.some((p) => p.type === 'text' && p.text) || (phase.phase === this.phaseNow.phase && phase.phase !== 'retrying')) return;
    this.phaseNow = phase;
    this.batcher.flush();
    this.options.post({ type: 'answerPhase', messageId: this.options.message.id, state: phase });
  }

  /** A snapshot was just posted: it holds the text not yet sent as a delta. */
  discardPendingDeltas(): void {
    this.batcher.discard();
  }

  private async run(): Promise<RunOutcome> {
    const { message, request } = this.options;
    const persistTimer = setInterval(() => {
      if (this.dirty) {
        this.dirty = false;
        this.options.persist();
      }
    }, this.options.persistEveryMs ?? SAVE_EVERY_MS);

    let status: RunOutcome['status'] = 'done';
    let usage: Usage | undefined;
    let servedModel: string | undefined;
    let failure: XaiErrorInfo | undefined;
    let finishReason: string | undefined;
    let iterator: AsyncIterator<StreamEvent> | undefined;
    let ended = false;

    try {
      iterator = this.options.stream(request, this.abort.signal)[Symbol.asyncIterator]();
      while (!ended) {
        const next = await this.nextOrStopped(iterator);
        if (next === STOPPED) {
          // The client did not report the cancel in time; settle now, let it finish closing on its own.
          this.options.log?.(`chat: stream did not end ${this.options.stopGraceMs ?? 1500} ms after Stop; settled as stopped`);
          status = 'stopped';
          break;
        }
        if (next.done) {
          // The client promises a finish or an error; without one, the answer is what arrived.
          if (this.stopped) status = 'stopped';
          break;
        }
        const event = next.value;
        switch (event.type) {
          case 'start':
            servedModel = event.model;
            this.setPhase({ phase: 'started' });
            break;
          case 'text':
            this.appendText(event.delta);
            break;
          case 'reasoning':
            appendToPart(message.parts, 'reasoning', event.delta);
            this.setPhase({ phase: 'thinking' });
            this.batcher.add(message.id, { reasoning: event.delta });
            this.dirty = true;
            break;
          case 'serverTool':
            this.serverTool(event);
            break;
          case 'citation':
            this.citation(event.citation.url, event.citation.title);
            break;
          case 'outputItem':
            // Verbatim: with store off the next request sends these back unchanged, so the cache hits.
            (message.outputItems ??= []).push(event.item);
            this.dirty = true;
            break;
          case 'retry':
            this.options.log?.(`chat: ${event.reason}${event.status ? ` (HTTP ${event.status})` : ''}, trying again in ${event.delayMs} ms (attempt ${event.attempt})`);
            // The client numbers attempts (2 is the first retry); the page says which retry this is.
            this.setPhase({ phase: 'retrying', attempt: Math.max(1, event.attempt - 1), delayMs: event.delayMs, reason: event.reason, ...(event.status !== undefined ? { status: event.status } : {}), since: Date.now() });
            break;
          case 'usage':
            usage = event.usage;
            break;
          case 'finish':
            finishReason = event.reason;
            status = this.stopped && event.reason === 'cancelled' ? 'stopped' : 'done';
            ended = true;
            break;
          case 'error':
            // Whatever the abort surfaced as (cancelled, or a network error from the torn socket), it was Stop.
            if (event.error.kind === 'cancelled' || this.stopped) status = 'stopped';
            else {
              status = 'error';
              failure = event.error;
            }
            ended = true;
            break;
          case 'thinking':
            this.setPhase({ phase: 'thinking' });
            break;
          case 'toolCall':
            // The chat sends no client tools; silent thinking needs no render (the webview's timer runs on).
            break;
          default:
            assertNever(event);
        }
      }
    } catch (e) {
      // The client never throws from a stream; if it does, the answer still settles and says so.
      status = this.stopped ? 'stopped' : 'error';
      if (!this.stopped) failure = { kind: 'malformed', message: t('The answer failed: {0}', e instanceof Error ? e.message : String(e)) };
    } finally {
      clearInterval(persistTimer);
      // Like `break` in for-await: lets the client's generator run its cleanup (timers, the response body).
      void iterator?.return?.()?.catch(() => undefined);
    }

    return this.settle(status, usage, servedModel, failure, finishReason);
  }

  /** A search or code card: added on its first event, then updated in place by its id. */
  private serverTool(event: Extract<StreamEvent, { type: 'serverTool' }>): void {
    const { message } = this.options;
    const cards = message.parts.filter((p): p is ServerToolPart => p.type === 'serverTool');
    // Without an item id (older clients), an event belongs to the latest card of its kind still running
    // or still without its query; otherwise it starts a card.
    const existing =
      event.id !== undefined
        ? cards.find((p) => p.id === event.id)
        : [...cards].reverse().find((p) => p.kind === event.tool && ((p.status !== 'completed' && p.status !== 'failed') || !p.query));
    const id = existing?.id ?? event.id ?? `${event.tool}-${this.toolCards++}`;
    const part: ServerToolPart = existing ? { ...existing, status: event.status } : { type: 'serverTool', id, kind: event.tool, status: event.status };
    // A query arrives empty while the search starts; an empty one never replaces a known one.
    if (event.detail) part.query = event.detail;
    if (event.code !== undefined) part.code = event.code;
    if (event.output !== undefined) part.output = event.output;
    this.postPart(part);
  }

  private citation(url: string, title: string | undefined): void {
    const sources = sourcesOf(this.options.message);
    if (sources.some((s) => s.url === url)) return;
    this.postPart({ type: 'citations', sources: [...sources, title ? { url, title } : { url }] });
  }

  private postPart(part: MessagePart): void {
    const { message } = this.options;
    upsertPart(message.parts, part);
    this.dirty = true;
    // The text before it goes first, so the page sees things in the order they happened.
    this.batcher.flush();
    this.options.post({ type: 'part', messageId: message.id, part });
  }

  private appendText(delta: string): void {
    const { message } = this.options;
    appendToPart(message.parts, 'text', delta);
    this.dirty = true;
    if (message.answerStartedAt === undefined) {
      message.answerStartedAt = Date.now();
      this.batcher.add(message.id, { text: delta, answerStartedAt: message.answerStartedAt });
    } else {
      this.batcher.add(message.id, { text: delta });
    }
  }

  private settle(
    status: RunOutcome['status'],
    usage: Usage | undefined,
    servedModel: string | undefined,
    failure: XaiErrorInfo | undefined,
    finishReason: string | undefined,
  ): RunOutcome {
    const { message, conversation } = this.options;
    this.batcher.flush();
    message.status = status;
    if (finishReason) message.finishReason = finishReason;
    if (usage) {
      const prices = (servedModel && this.options.prices(servedModel)) || this.options.prices(this.options.request.model);
      const calls = message.parts.filter((p) => p.type === 'serverTool').length;
      message.usage = usageView(usage, prices, calls);
      if (message.usage.costUsd !== undefined) recordSpend('chat', message.usage.costUsd); // the session's spend (status bar)
    }
    const error = failure ? errorView(failure, { canCompact: this.options.canCompact?.() === true }) : undefined;
    if (error) message.error = error;
    conversation.updatedAt = Date.now();
    this.options.persist();
    const total = totalUsage(conversation);
    this.options.post({
      type: 'messageDone',
      messageId: message.id,
      status,
      ...(message.usage ? { usage: message.usage } : {}),
      ...(error ? { error } : {}),
      ...(total ? { totalUsage: total } : {}),
    });
    if (servedModel && servedModel !== this.options.request.model) this.options.log?.(`chat: asked ${this.options.request.model}, answered by ${servedModel}`);
    const outcome: RunOutcome = { status, text: textOf(message) };
    if (message.usage) outcome.usage = message.usage;
    if (error) outcome.error = { kind: error.kind, message: error.message };
    if (finishReason) outcome.finishReason = finishReason;
    return outcome;
  }

  /** The next event, or STOPPED when Stop was pressed and the stream has not ended within the grace time. */
  private nextOrStopped(iterator: AsyncIterator<StreamEvent>): Promise<IteratorResult<StreamEvent> | typeof STOPPED> {
    const next = iterator.next();
    const signal = this.abort.signal;
    const grace = this.options.stopGraceMs ?? 1500;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        timer = setTimeout(() => resolve(STOPPED), grace);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      next.then(
        (r) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        },
        (e: unknown) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }
}

export function usageView(usage: Usage, prices: ModelPrices | undefined, serverToolCalls = 0): UsageView {
  const view: UsageView = {
    promptTokens: usage.promptTokens,
    cachedPromptTokens: usage.cachedPromptTokens,
    completionTokens: usage.completionTokens,
    reasoningTokens: usage.reasoningTokens,
  };
  const calls = usage.serverSideToolsUsed ?? serverToolCalls;
  const cost = costUsd(usage, prices);
  if (cost !== undefined) {
    // The server's figure includes tool fees; a computed one adds them from the list price per call.
    view.costUsd = usage.costInUsdTicks === undefined ? cost + calls * SERVER_TOOL_USD_PER_CALL : cost;
    if (usage.costInUsdTicks !== undefined) view.costExact = true;
  }
  if (usage.numSourcesUsed > 0) view.sourcesUsed = usage.numSourcesUsed;
  if (calls > 0) view.serverToolCalls = calls;
  return view;
}

/** xAI's published fee for a server-side tool call (web search, X search, code execution): $5 per 1,000. */
export const SERVER_TOOL_USD_PER_CALL = 5 / 1000;

function assertNever(value: never): never {
  throw new Error(`Unhandled stream event: ${JSON.stringify(value)}`);
}
