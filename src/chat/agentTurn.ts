// One Ask or Agent answer in the chat: runs an agent task (through the function the controller passes)
// and turns its events into the message's parts: the streamed text, one card per tool call (status,
// readable arguments, the exact command line, the result as text), and the task card (steps, cost, the
// budget pause, the changed files). Approvals wait in the host (ApprovalBroker) until the user presses
// Approve or Deny on a card: nothing the model, a file or a command prints reaches `answer()`. No vscode:
// the task runner, post and persist are passed in, so this is tested against scripted streams.
import { ApprovalBroker } from '../agent/approvalBroker';
import type { AgentEvent, AgentOutcome, ApprovalAnswer, ApprovalRequest, LimitReached, ToolCallCard } from '../agent/agentTypes';
import type { FileChange } from '../agent/tools/toolTypes';
import type { AnswerPhase, HostMessage } from '../protocol';
import { appendToPart, textOf, upsertPart, type AgentTaskPart, type ClientToolPart, type ClientToolStatus, type MessagePart } from '../shared/messageParts';
import { totalUsage, type Conversation, type StoredMessage } from '../conversation/conversation';
import type { ModelPrices, RawResponsesItem, StreamEvent, Usage, XaiErrorInfo } from '../xai/types';
import { errorView } from '../platform/errorView';
import { t } from '../platform/localise';
import { recordSpend } from '../platform/spend';
import { DeltaBatcher } from './deltaBatcher';
import { SAVE_EVERY_MS, usageView, type RunOutcome } from './chatRun';

/** What the controller keeps of a running answer, plain chat or agent. */
export interface AnswerRun {
  readonly done: Promise<RunOutcome>;
  readonly messageId: string;
  readonly phase: AnswerPhase;
  stop(): void;
  discardPendingDeltas(): void;
}

/** What a task needs from the loop's caller besides what this turn supplies. */
export interface TaskHooks {
  taskId: string;
  approve(request: ApprovalRequest): Promise<ApprovalAnswer>;
  onLimit(limit: LimitReached): Promise<boolean>;
  onEvent(event: AgentEvent): void;
  signal: AbortSignal;
}

export interface AgentTurnOptions {
  /** The task is on the Responses API, whose server can compact the conversation (Compact and Retry on context-too-long). */
  canCompact?(): boolean;
  conversation: Conversation;
  /** The assistant message, already in the conversation with status 'streaming'. */
  message: StoredMessage;
  taskId: string;
  mode: 'ask' | 'agent';
  model: string;
  /** How many input items the task starts from: the transcript after them is this answer's. */
  inputLength: number;
  /** Store the task's transcript items on the message (Responses API: the next turn sends them back verbatim). */
  keepItems: boolean;
  /** The API the task's requests go to (kept with its state, so a resumed task goes on there). */
  api: 'responses' | 'chat';
  /** Going on with a task after a window reload: its task card as it was. */
  task?: AgentTaskPart;
  /** Runs the agent loop with these hooks (AgentService.runTask in VS Code). */
  runTask(hooks: TaskHooks): Promise<AgentOutcome>;
  prices(model: string): ModelPrices | undefined;
  post(message: HostMessage): void;
  persist(): void;
  /** Every card change, with the file change it carries (the controller keeps them for Open Diff). */
  onCard?(card: ToolCallCard): void;
  log?(line: string): void;
  batchMs?: number;
  persistEveryMs?: number;
}

/** Call ids go to the page and back; one the id check would refuse is replaced by a safe one. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class AgentTurn implements AnswerRun {
  readonly done: Promise<RunOutcome>;
  readonly broker: ApprovalBroker;
  private readonly abort = new AbortController();
  private readonly batcher: DeltaBatcher;
  private readonly task: AgentTaskPart;
  private phaseNow: AnswerPhase = { phase: 'connecting' };
  private usage: Usage | undefined;
  private billedAll = true;
  private dirty = false;
  private limitAnswer: ((goOn: boolean) => void) | undefined;
  private readonly cardIds = new Map<string, string>();

  constructor(private readonly o: AgentTurnOptions) {
    this.batcher = new DeltaBatcher(o.post, o.batchMs ?? 16);
    this.broker = new ApprovalBroker();
    this.task = o.task ? { ...o.task, files: [...o.task.files] } : { type: 'agentTask', id: o.taskId, mode: o.mode, status: 'running', steps: 0, files: [] };
    this.postPart(this.task);
    this.done = this.run();
  }

  get messageId(): string {
    return this.o.message.id;
  }

  get taskId(): string {
    return this.o.taskId;
  }

  get phase(): AnswerPhase {
    return this.phaseNow;
  }

  /** Stop: closes the request, kills a running command, and settles pending approvals and a pause. */
  stop(): void {
    this.abort.abort();
    this.limitAnswer?.(false);
  }

  discardPendingDeltas(): void {
    this.batcher.discard();
  }

  /** The user's Approve or Deny for a card (by the id the page has). False when nothing waits under it. */
  answer(cardId: string, approved: boolean, reason?: string): boolean {
    const callId = [...this.cardIds.entries()].find(([, id]) => id === cardId)?.[0] ?? cardId;
    return this.broker.answer(callId, { approved, reason });
  }

  /** The task waits for the user (an approval or the budget pause): its saved state can go on after a reload. */
  get waitingForUser(): boolean {
    return this.broker.pending().length > 0 || this.limitAnswer !== undefined;
  }

  /** The user's answer to the budget pause. False when the task is not paused. */
  continueTask(goOn: boolean): boolean {
    const answer = this.limitAnswer;
    if (!answer) return false;
    answer(goOn);
    return true;
  }

  private async run(): Promise<RunOutcome> {
    const timer = setInterval(() => {
      if (this.dirty) {
        this.dirty = false;
        this.o.persist();
      }
    }, this.o.persistEveryMs ?? SAVE_EVERY_MS);
    let outcome: AgentOutcome;
    try {
      outcome = await this.o.runTask({
        taskId: this.o.taskId,
        approve: (request) => this.broker.request(request),
        onLimit: (limit) => this.pause(limit),
        onEvent: (event) => this.onEvent(event),
        signal: this.abort.signal,
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.o.log?.(`agent: the task failed: ${message}`);
      outcome = { reason: 'error', text: '', steps: this.task.steps, costUsd: this.task.costUsd ?? 0, error: { kind: 'malformed', message: t('The agent task failed: {0}', message) }, transcript: [] };
    } finally {
      clearInterval(timer);
      this.broker.cancelTask(this.o.taskId);
    }
    return this.settle(outcome);
  }

  private onEvent(event: AgentEvent): void {
    switch (event.type) {
      case 'request':
        // A later step's text starts a new paragraph, not the end of the last sentence.
        if (event.step > 1 && textOf(this.o.message).trim()) this.appendText('\n\n');
        this.task.steps = event.step;
        this.postPart(this.task);
        break;
      case 'stream':
        this.onStream(event.event);
        break;
      case 'toolCall':
        this.onCard(event.card);
        break;
      case 'usage':
        this.task.costUsd = event.totalCostUsd;
        this.postPart(this.task);
        break;
      case 'limit':
        // The pause itself is shown by onLimit (it waits for the answer).
        break;
      case 'state':
        // Kept with the message: a window reload while a call waits for the user can go on from here.
        this.o.message.agentState = { api: this.o.api, items: event.items, pending: event.pending, steps: event.steps, costUsd: event.costUsd };
        this.dirty = true;
        break;
      case 'elided':
        for (const callId of event.callIds) {
          const part = this.o.message.parts.find((p): p is ClientToolPart => p.type === 'toolCall' && p.id === this.cardId(callId));
          if (part) this.postPart({ ...part, elided: true });
        }
        break;
      default:
        assertNever(event);
    }
  }

  private onStream(event: StreamEvent): void {
    switch (event.type) {
      case 'text':
        this.appendText(event.delta);
        break;
      case 'reasoning':
        appendToPart(this.o.message.parts, 'reasoning', event.delta);
        this.setPhase({ phase: 'thinking' });
        this.batcher.add(this.o.message.id, { reasoning: event.delta });
        this.dirty = true;
        break;
      case 'thinking':
        this.setPhase({ phase: 'thinking' });
        break;
      case 'start':
        this.setPhase({ phase: 'started' });
        break;
      case 'retry':
        this.setPhase({ phase: 'retrying', attempt: event.attempt, delayMs: event.delayMs, reason: event.reason, ...(event.status !== undefined ? { status: event.status } : {}), since: Date.now() });
        break;
      case 'usage':
        this.addUsage(event.usage);
        break;
      default:
        // Tool calls come as cards from the loop; output items are in its transcript; errors in its outcome.
        break;
    }
  }

  private onCard(card: ToolCallCard): void {
    this.o.onCard?.(card);
    const part: ClientToolPart = {
      type: 'toolCall',
      id: this.cardId(card.callId),
      name: card.tool,
      arguments: card.rawArguments,
      status: STATUS[card.status],
      taskId: card.taskId,
      summary: card.summary,
    };
    if (card.approval) part.approval = { kind: card.approval.kind, reason: card.approval.reason };
    if (card.command) part.command = card.command.line;
    if (card.change) {
      part.file = card.change.relative;
      part.change = changeKind(card.change);
    }
    if (card.result !== undefined) part.result = card.result;
    if (card.exitCode !== undefined) part.exitCode = card.exitCode;
    if (card.deniedReason) part.deniedReason = card.deniedReason;
    const old = this.o.message.parts.find((p): p is ClientToolPart => p.type === 'toolCall' && p.id === part.id);
    if (old?.elided) part.elided = true;
    this.postPart(part);
    // A question for the user is saved at once: a reload before the answer shows it again.
    if (part.status === 'awaitingApproval') this.o.persist();
    // A change that was made (the tool ran and succeeded) is one of the task's files.
    if (card.status === 'done' && card.change && !this.task.files.some((f) => f.path === card.change!.relative)) {
      this.task.files.push({ path: card.change.relative, change: changeKind(card.change) });
      this.postPart(this.task);
    }
  }

  private cardId(callId: string): string {
    let id = this.cardIds.get(callId);
    if (!id) {
      id = SAFE_ID.test(callId) && ![...this.cardIds.values()].includes(callId) ? callId : `call-${this.cardIds.size}-${this.o.taskId}`.slice(0, 128);
      this.cardIds.set(callId, id);
    }
    return id;
  }

  /** At a limit: the task card asks Continue / End task; Stop ends it too. */
  private pause(limit: LimitReached): Promise<boolean> {
    this.task.status = 'paused';
    this.task.limit = { kind: limit.kind, limit: limit.limit };
    this.task.costUsd = limit.costUsd;
    this.postPart(this.task);
    this.o.persist();
    return new Promise<boolean>((resolve) => {
      this.limitAnswer = (goOn) => {
        this.limitAnswer = undefined;
        this.task.status = goOn ? 'running' : 'limit';
        if (goOn) delete this.task.limit;
        this.postPart(this.task);
        resolve(goOn);
      };
    });
  }

  private setPhase(phase: AnswerPhase): void {
    if (textOf(this.o.message) || (phase.phase === this.phaseNow.phase && phase.phase !== 'retrying')) return;
    this.phaseNow = phase;
    this.batcher.flush();
    this.o.post({ type: 'answerPhase', messageId: this.o.message.id, state: phase });
  }

  private appendText(delta: string): void {
    const { message } = this.o;
    appendToPart(message.parts, 'text', delta);
    this.dirty = true;
    if (message.answerStartedAt === undefined) {
      message.answerStartedAt = Date.now();
      this.batcher.add(message.id, { text: delta, answerStartedAt: message.answerStartedAt });
    } else this.batcher.add(message.id, { text: delta });
  }

  private addUsage(u: Usage): void {
    if (u.costInUsdTicks === undefined) this.billedAll = false;
    const t = this.usage;
    this.usage = t
      ? {
          promptTokens: t.promptTokens + u.promptTokens,
          cachedPromptTokens: t.cachedPromptTokens + u.cachedPromptTokens,
          completionTokens: t.completionTokens + u.completionTokens,
          reasoningTokens: t.reasoningTokens + u.reasoningTokens,
          imageTokens: t.imageTokens + u.imageTokens,
          totalTokens: t.totalTokens + u.totalTokens,
          numSourcesUsed: t.numSourcesUsed + u.numSourcesUsed,
          ...(this.billedAll ? { costInUsdTicks: (t.costInUsdTicks ?? 0) + (u.costInUsdTicks ?? 0) } : {}),
        }
      : { ...u };
    if (!this.billedAll) delete this.usage.costInUsdTicks;
  }

  private postPart(part: MessagePart): void {
    upsertPart(this.o.message.parts, part);
    this.dirty = true;
    this.batcher.flush();
    // A copy: the task card keeps changing after it was posted.
    this.o.post({ type: 'part', messageId: this.o.message.id, part: { ...part } as MessagePart });
  }

  private settle(outcome: AgentOutcome): RunOutcome {
    const { message, conversation } = this.o;
    this.batcher.flush();
    const stopped = outcome.reason === 'stopped' || this.abort.signal.aborted;
    const status: RunOutcome['status'] = outcome.reason === 'error' && !stopped ? 'error' : stopped ? 'stopped' : 'done';
    this.task.status = stopped ? 'stopped' : outcome.reason === 'error' ? 'error' : outcome.reason === 'limit' ? 'limit' : 'done';
    this.task.steps = outcome.steps;
    this.task.costUsd = outcome.costUsd;
    delete this.task.limit;
    // Cards left mid-way (a stream cut by Stop) say so instead of spinning.
    for (const p of message.parts) {
      if (p.type === 'toolCall' && (p.status === 'pending' || p.status === 'running' || p.status === 'awaitingApproval')) this.postPart({ ...p, status: 'stopped' });
    }
    this.postPart(this.task);
    message.status = status;
    delete message.agentState;
    if (this.o.keepItems) {
      const items = outcome.transcript.slice(this.o.inputLength) as RawResponsesItem[];
      if (items.length) message.outputItems = items;
    }
    if (this.usage) {
      message.usage = usageView(this.usage, this.o.prices(this.o.model));
      if (message.usage.costUsd === undefined && outcome.costUsd > 0) message.usage.costUsd = outcome.costUsd;
      if (message.usage.costUsd !== undefined) recordSpend('chat', message.usage.costUsd);
    }
    const failure: XaiErrorInfo | undefined = status === 'error' ? outcome.error : undefined;
    const error = failure ? errorView(failure, { canCompact: this.o.canCompact?.() === true }) : undefined;
    if (error) message.error = error;
    conversation.updatedAt = Date.now();
    this.o.persist();
    const total = totalUsage(conversation);
    this.o.post({
      type: 'messageDone',
      messageId: message.id,
      status,
      ...(message.usage ? { usage: message.usage } : {}),
      ...(error ? { error } : {}),
      ...(total ? { totalUsage: total } : {}),
    });
    const result: RunOutcome = { status, text: textOf(message) };
    if (message.usage) result.usage = message.usage;
    if (error) result.error = { kind: error.kind, message: error.message };
    return result;
  }
}

const STATUS: Record<ToolCallCard['status'], ClientToolStatus> = {
  pending: 'pending',
  awaitingApproval: 'awaitingApproval',
  running: 'running',
  done: 'done',
  failed: 'error',
  denied: 'denied',
  stopped: 'stopped',
};

function changeKind(change: FileChange): 'create' | 'edit' | 'delete' {
  return change.before === null ? 'create' : change.after === null ? 'delete' : 'edit';
}

function assertNever(value: never): never {
  throw new Error(`Unhandled agent event: ${JSON.stringify(value)}`);
}
