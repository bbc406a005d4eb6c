// The agent loop: send the conversation with the tools, run the tool calls Grok makes (asking the user
// where the rules say so), send the results back, and repeat until Grok answers without a tool call, the
// user stops, or a limit is reached (then the user is asked whether to go on).
//
// Every request's input is the previous request's input plus what came since, never rewritten, so
// xAI's prompt cache keeps hitting: the answer's output items go back verbatim, then one
// function_call_output per call, in the order of the calls.
import type { ChatMessage, RawResponsesItem, StreamEvent, ToolCall, Usage, XaiErrorInfo } from '../xai/types';
import type { AgentEvent, AgentOutcome, AgentRequest, ApprovalAnswer, ApprovalRequest, LimitReached, StreamFunction, ToolCallCard } from './agentTypes';
import type { AgentTool, ToolContext, ToolResult } from './tools/toolTypes';
import { executePrepared, prepareToolCall } from './tools/dispatch';
import { ALL_TOOLS, chatToolDefinitions, responsesToolDefinitions, toolsForMode, type AgentMode } from './tools/registry';
import { capOutput } from './outputCap';
import { t } from '../platform/localise';

export interface AgentLimits {
  maxSteps: number;
  maxCostUsd: number;
}

export interface AgentLoopOptions {
  taskId: string;
  api: 'responses' | 'chat';
  model: string;
  /** The system prompt (with the project's rules). Sent as instructions (Responses) or the first system message. */
  instructions?: string;
  /** The conversation so far, ending with the user's message: ChatMessages and raw Responses items. */
  input: Array<ChatMessage | RawResponsesItem>;
  mode: AgentMode;
  ctx: ToolContext;
  send: StreamFunction;
  /** Asked for every call that needs approval. Only this callback can approve: nothing the model or a file says can. */
  approve: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  limits: AgentLimits;
  /** At a limit: true goes on (for as many steps / as much cost again), false ends the task. */
  onLimit: (limit: LimitReached) => Promise<boolean>;
  onEvent?: (event: AgentEvent) => void;
  signal: AbortSignal;
  /** USD for a request whose usage carries no billed cost (servers other than xAI), where prices are known. */
  estimateCostUsd?: (usage: Usage) => number | undefined;
  /** Every tool this agent has (default ALL_TOOLS); the mode picks from them. */
  tools?: readonly AgentTool[];
  /** The model's context window in tokens: near it, the oldest tool results are elided instead of the request failing. */
  contextWindow?: number;
  promptCacheKey?: string;
  store?: boolean;
  reasoningEffort?: string;
  maxOutputTokens?: number;
  /**
   * Goes on with a task a window reload cut off while it waited for the user: `input` already ends with
   * the task's items; these calls (of its last answer, without their outputs yet) run first, asking again.
   */
  resume?: AgentResume;
}

export interface AgentResume {
  calls: ToolCall[];
  steps: number;
  costUsd: number;
  /** How many of the input's last items are the task's own (its earlier answers and results). */
  ownItems: number;
}

interface Answer {
  text: string;
  calls: ToolCall[];
  items: RawResponsesItem[];
  usage?: Usage;
  error?: XaiErrorInfo;
}

export async function runAgentLoop(o: AgentLoopOptions): Promise<AgentOutcome> {
  const all = o.tools ?? ALL_TOOLS;
  const offered = toolsForMode(o.mode, all);
  const transcript: Array<ChatMessage | RawResponsesItem> = [...o.input];
  if (o.api === 'chat' && o.instructions) transcript.unshift({ role: 'system', content: o.instructions });
  const emit = (event: AgentEvent) => {
    try {
      o.onEvent?.(event);
    } catch (e) {
      o.ctx.log(`agent event listener failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  let steps = o.resume?.steps ?? 0;
  let costUsd = o.resume?.costUsd ?? 0;
  // Where this task's own items start in the transcript (after the input and, on chat, the instructions).
  const ownFrom = transcript.length - (o.resume?.ownItems ?? 0);
  const saveState = (pending: ToolCall[]) => emit({ type: 'state', items: transcript.slice(ownFrom), pending, steps, costUsd });
  let stepLimit = o.limits.maxSteps;
  let costLimit = o.limits.maxCostUsd;
  let text = '';
  const toolNames = new Map<string, string>();
  const end = (reason: AgentOutcome['reason'], error?: XaiErrorInfo): AgentOutcome => ({ reason, text, steps, costUsd, error, transcript });
  if (o.resume) {
    const calls = o.resume.calls;
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i];
      toolNames.set(call.id, call.function.name);
      saveState(calls.slice(i));
      const result = o.signal.aborted ? stoppedResult(call, steps, o) : await runCall(call, steps, o, offered, all, emit);
      transcript.push(resultItem(o.api, call.id, capOutput(result.output, o.ctx.settings.maxResultChars)));
    }
  }

  for (;;) {
    if (o.signal.aborted) return end('stopped');
    saveState([]);
    const limit: LimitReached | undefined =
      steps >= stepLimit
        ? { kind: 'steps', steps, costUsd, limit: stepLimit }
        : costUsd >= costLimit
          ? { kind: 'cost', steps, costUsd, limit: costLimit }
          : undefined;
    if (limit) {
      emit({ type: 'limit', limit });
      const goOn = await raceAbort(o.onLimit(limit).catch(() => false), o.signal, false);
      if (o.signal.aborted) return end('stopped');
      if (!goOn) return end('limit');
      if (limit.kind === 'steps') stepLimit += o.limits.maxSteps;
      else costLimit = costUsd + o.limits.maxCostUsd;
      continue;
    }

    steps++;
    emit({ type: 'request', step: steps });
    const answer = await readAnswer(o.send(buildRequest(o, transcript, offered), o.signal), (event) => emit({ type: 'stream', step: steps, event }));
    text = answer.text;
    const billed = answer.usage?.costInUsdTicks;
    const stepCost = billed !== undefined ? billed / 1e10 : answer.usage ? o.estimateCostUsd?.(answer.usage) : undefined;
    costUsd += stepCost ?? 0;
    emit({ type: 'usage', step: steps, costUsd: stepCost ?? 0, totalCostUsd: costUsd, costKnown: stepCost !== undefined });
    if (answer.error) {
      // A stopped stream keeps nothing half-made in the transcript: the next turn starts clean.
      return answer.error.kind === 'cancelled' || o.signal.aborted ? end('stopped') : end('error', answer.error);
    }
    appendAnswer(o.api, transcript, answer);
    if (answer.calls.length === 0) return end('done');

    const firstNew = transcript.length;
    for (const [i, call] of answer.calls.entries()) {
      toolNames.set(call.id, call.function.name);
      saveState(answer.calls.slice(i));
      const result = o.signal.aborted ? stoppedResult(call, steps, o) : await runCall(call, steps, o, offered, all, emit);
      transcript.push(resultItem(o.api, call.id, capOutput(result.output, o.ctx.settings.maxResultChars)));
    }
    if (o.contextWindow && answer.usage) {
      const elided = elideOldResults(transcript, firstNew, answer.usage, o.contextWindow, toolNames);
      if (elided.length > 0) emit({ type: 'elided', callIds: elided });
    }
  }
}

/** Start eliding above this share of the context window, down to the lower share. */
const ELIDE_ABOVE = 0.8;
const ELIDE_TO = 0.6;
/** Rough characters per token, for results whose token count the server does not report. */
const CHARS_PER_TOKEN = 4;

/**
 * Replaces the oldest tool results (never those of the latest step) by a note, until the estimated size
 * is back under ELIDE_TO of the window. Returns the call ids whose results were elided.
 */
function elideOldResults(
  transcript: Array<ChatMessage | RawResponsesItem>,
  keepFrom: number,
  usage: Usage,
  contextWindow: number,
  toolNames: Map<string, string>,
): string[] {
  // The last request's prompt plus its answer, plus the results just added.
  const added = transcript.slice(keepFrom).reduce((n, item) => n + JSON.stringify(item).length / CHARS_PER_TOKEN, 0);
  let estimate = usage.promptTokens + usage.completionTokens + usage.reasoningTokens + added;
  if (estimate <= contextWindow * ELIDE_ABOVE) return [];
  const elided: string[] = [];
  for (let i = 0; i < keepFrom && estimate > contextWindow * ELIDE_TO; i++) {
    const item = transcript[i] as Record<string, unknown>;
    const isResponses = item.type === 'function_call_output' && typeof item.output === 'string';
    const isChat = item.role === 'tool' && typeof item.content === 'string';
    if (!isResponses && !isChat) continue;
    const text = (isResponses ? item.output : item.content) as string;
    if (text.startsWith(ELIDED_PREFIX)) continue;
    const callId = String(isResponses ? item.call_id : item.tool_call_id);
    const note = `${ELIDED_PREFIX} this ${text.length.toLocaleString('en-US')}-character result of ${toolNames.get(callId) ?? 'a tool'} was removed to keep the conversation within the model's context window. Call the tool again if you need it.]`;
    if (note.length >= text.length) continue;
    // A new object: the requests already sent keep theirs.
    transcript[i] = isResponses ? { ...item, type: 'function_call_output', output: note } : { ...(item as unknown as ChatMessage), content: note };
    estimate -= (text.length - note.length) / CHARS_PER_TOKEN;
    elided.push(callId);
  }
  return elided;
}

const ELIDED_PREFIX = '[Elided:';

function buildRequest(o: AgentLoopOptions, transcript: Array<ChatMessage | RawResponsesItem>, offered: readonly AgentTool[]): AgentRequest {
  const tools = offered.length > 0;
  if (o.api === 'chat') {
    return {
      api: 'chat',
      request: {
        model: o.model,
        // The chat wire has only messages; raw items are Responses-only and are not expected here.
        messages: transcript.filter((m): m is ChatMessage => typeof (m as ChatMessage).role === 'string' && (m as RawResponsesItem).type === undefined),
        tools: tools ? chatToolDefinitions(offered) : undefined,
        toolChoice: tools ? 'auto' : undefined,
        reasoningEffort: o.reasoningEffort,
        maxCompletionTokens: o.maxOutputTokens,
      },
    };
  }
  return {
    api: 'responses',
    request: {
      model: o.model,
      // A copy: the transcript grows after the request was handed over.
      input: [...transcript],
      instructions: o.instructions,
      tools: tools ? responsesToolDefinitions(offered) : undefined,
      toolChoice: tools ? 'auto' : undefined,
      parallelToolCalls: tools ? true : undefined,
      store: o.store ?? false,
      promptCacheKey: o.promptCacheKey,
      include: o.store ? undefined : ['reasoning.encrypted_content'],
      reasoningEffort: o.reasoningEffort,
      maxOutputTokens: o.maxOutputTokens,
    },
  };
}

async function readAnswer(events: AsyncIterable<StreamEvent>, forward: (event: StreamEvent) => void): Promise<Answer> {
  const answer: Answer = { text: '', calls: [], items: [] };
  const calls = new Map<number, ToolCall>();
  try {
    for await (const event of events) {
      forward(event);
      switch (event.type) {
        case 'text':
          answer.text += event.delta;
          break;
        case 'toolCall':
          calls.set(event.index, event.call);
          break;
        case 'outputItem':
          answer.items.push(event.item);
          break;
        case 'usage':
          answer.usage = event.usage;
          break;
        case 'error':
          answer.error = event.error;
          break;
        default:
          break;
      }
    }
  } catch (e) {
    // The client's streams never throw; an injected one might.
    answer.error = { kind: 'malformed', message: e instanceof Error ? e.message : String(e) };
  }
  answer.calls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
  return answer;
}

/**
 * The answer goes into the transcript as the server gave it: on the Responses API its output items
 * verbatim (reasoning with its encrypted content included) where the client passed them on; otherwise
 * rebuilt from the text and the calls in the one shape the client translates to the wire.
 */
function appendAnswer(api: 'responses' | 'chat', transcript: Array<ChatMessage | RawResponsesItem>, answer: Answer): void {
  if (api === 'chat') {
    const message: ChatMessage = { role: 'assistant', content: answer.text };
    if (answer.calls.length > 0) message.tool_calls = answer.calls;
    transcript.push(message);
    return;
  }
  const hasCallItems = answer.items.some((i) => i.type === 'function_call');
  if (answer.items.length > 0 && (hasCallItems || answer.calls.length === 0)) {
    transcript.push(...answer.items);
    return;
  }
  if (answer.text !== '') transcript.push({ role: 'assistant', content: answer.text });
  for (const call of answer.calls) transcript.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
}

function resultItem(api: 'responses' | 'chat', callId: string, output: string): ChatMessage | RawResponsesItem {
  return api === 'chat' ? { role: 'tool', tool_call_id: callId, content: output } : { type: 'function_call_output', call_id: callId, output };
}

async function runCall(
  call: ToolCall,
  step: number,
  o: AgentLoopOptions,
  offered: readonly AgentTool[],
  all: readonly AgentTool[],
  emit: (event: AgentEvent) => void,
): Promise<ToolResult> {
  const card: ToolCallCard = {
    taskId: o.taskId,
    callId: call.id,
    step,
    tool: call.function.name,
    rawArguments: call.function.arguments,
    summary: call.function.name,
    status: 'pending',
  };
  const update = (patch: Partial<ToolCallCard>) => {
    Object.assign(card, patch);
    emit({ type: 'toolCall', card: { ...card } });
  };
  update({});
  const dispatched = await prepareToolCall(call.function.name, call.function.arguments, offered, all, o.ctx);
  if (!dispatched.ok) {
    update({ status: 'failed', result: dispatched.result.output });
    return dispatched.result;
  }
  const { prepared } = dispatched;
  update({ summary: prepared.summary, change: prepared.change, command: prepared.command });
  if (prepared.approval) {
    update({ status: 'awaitingApproval', approval: prepared.approval });
    const asked = o.approve({ card: { ...card } }).catch((e): ApprovalAnswer => {
      o.ctx.log(`approval for ${call.function.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      return { approved: false, reason: t('the approval could not be shown') };
    });
    const answer = await raceAbort(asked, o.signal, { approved: false });
    if (o.signal.aborted) return stopped(update);
    if (!answer.approved) {
      const reason = answer.reason?.trim();
      const output = `The user denied this ${call.function.name} call${reason ? `, saying: ${reason}` : '.'} It did not run. Do not try to get around the denial; ask the user or take another approach.`;
      update({ status: 'denied', deniedReason: reason || undefined, result: output });
      return { ok: false, output };
    }
  }
  if (o.signal.aborted) return stopped(update);
  update({ status: 'running' });
  const result = await executePrepared(call.function.name, prepared, o.signal, o.ctx);
  if (o.signal.aborted) {
    update({ status: 'stopped', result: result.output, exitCode: result.exitCode });
    return result;
  }
  update({ status: result.ok ? 'done' : 'failed', result: result.output, change: result.change ?? prepared.change, exitCode: result.exitCode });
  return result;
}

const STOPPED_OUTPUT = 'The user stopped the task before this tool call ran.';

function stopped(update: (patch: Partial<ToolCallCard>) => void): ToolResult {
  update({ status: 'stopped', result: STOPPED_OUTPUT });
  return { ok: false, output: STOPPED_OUTPUT };
}

/** Calls left when Stop came: each still gets an output, so the transcript stays valid for the next turn. */
function stoppedResult(call: ToolCall, step: number, o: AgentLoopOptions): ToolResult {
  o.onEvent?.({
    type: 'toolCall',
    card: { taskId: o.taskId, callId: call.id, step, tool: call.function.name, rawArguments: call.function.arguments, summary: call.function.name, status: 'stopped', result: STOPPED_OUTPUT },
  });
  return { ok: false, output: STOPPED_OUTPUT };
}

/** Resolves with `onAbort` as soon as the signal fires (a pending approval or limit question is moot then). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, onAbort: T): Promise<T> {
  if (signal.aborted) return Promise.resolve(onAbort);
  return new Promise<T>((resolve, reject) => {
    const abort = () => resolve(onAbort);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', abort);
        reject(e);
      },
    );
  });
}
