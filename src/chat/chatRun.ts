// Runs one answer: streams it from the client into the assistant message, forwards it to the webview
// in batches, keeps the partial answer saved, and settles it as done, stopped or error. No vscode: the
// caller passes the stream, the post and the persist functions, so this is tested against the fake server.
import type { HostMessage, MessageStatus, UsageView } from '../protocol';
import { costUsd } from '../xai/cost';
import type { ChatRequest, ModelPrices, StreamEvent, Usage, XaiErrorInfo } from '../xai/types';
import { totalUsage, type Conversation, type StoredMessage } from '../conversation/conversation';
import { DeltaBatcher } from './deltaBatcher';
import { errorView } from '../platform/errorView';

export interface ChatRunOptions {
  conversation: Conversation;
  /** The assistant message being answered, already in the conversation with status 'streaming'. */
  message: StoredMessage;
  request: ChatRequest;
  stream(request: ChatRequest, signal: AbortSignal): AsyncIterable<StreamEvent>;
  /** Prices for a model id, from the cached model list; the server's own cost figure wins over them. */
  prices(model: string): ModelPrices | undefined;
  /** Never awaited: a hidden view drops posts and gets a snapshot when it comes back. */
  post(message: HostMessage): void;
  /** Queue a save of the conversation (the store serialises and coalesces). */
  persist(): void;
  log?(line: string): void;
  /** How often a streaming answer is saved, so a crash loses at most this much. */
  persistEveryMs?: number;
  batchMs?: number;
  /** After Stop, how long to wait for the client to report the cancel before settling without it. */
  stopGraceMs?: number;
}

export interface RunOutcome {
  status: Exclude<MessageStatus, 'streaming'>;
  text: string;
  usage?: UsageView;
  error?: { kind: string; message: string };
  finishReason?: string;
}

const STOPPED = Symbol('stopped');

export class ChatRun {
  readonly done: Promise<RunOutcome>;
  private readonly abort = new AbortController();
  private readonly batcher: DeltaBatcher;
  private dirty = false;

  constructor(private readonly options: ChatRunOptions) {
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
    }, this.options.persistEveryMs ?? 1000);

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
            break;
          case 'text':
            this.appendText(event.delta);
            break;
          case 'reasoning':
            message.reasoning = (message.reasoning ?? '') + event.delta;
            this.batcher.add(message.id, { reasoning: event.delta });
            this.dirty = true;
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
          case 'outputItem':
          case 'retry':
          case 'thinking':
          case 'toolCall':
          case 'serverTool':
          case 'citation':
            // The chat sends no tools; silent thinking needs no render (the webview's timer runs on).
            break;
          default:
            assertNever(event);
        }
      }
    } catch (e) {
      // The client never throws from a stream; if it does, the answer still settles and says so.
      status = this.stopped ? 'stopped' : 'error';
      if (!this.stopped) failure = { kind: 'malformed', message: `The answer failed: ${e instanceof Error ? e.message : String(e)}` };
    } finally {
      clearInterval(persistTimer);
      // Like `break` in for-await: lets the client's generator run its cleanup (timers, the response body).
      void iterator?.return?.()?.catch(() => undefined);
    }

    return this.settle(status, usage, servedModel, failure, finishReason);
  }

  private appendText(delta: string): void {
    const { message } = this.options;
    message.text += delta;
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
      message.usage = usageView(usage, prices);
    }
    const error = failure ? errorView(failure) : undefined;
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
    const outcome: RunOutcome = { status, text: message.text };
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

export function usageView(usage: Usage, prices: ModelPrices | undefined): UsageView {
  const view: UsageView = {
    promptTokens: usage.promptTokens,
    cachedPromptTokens: usage.cachedPromptTokens,
    completionTokens: usage.completionTokens,
    reasoningTokens: usage.reasoningTokens,
  };
  const cost = costUsd(usage, prices);
  if (cost !== undefined) view.costUsd = cost;
  return view;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled stream event: ${JSON.stringify(value)}`);
}
