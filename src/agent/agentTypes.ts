// The agent's interface to whoever shows it (the chat): cards for tool calls, approval requests and
// answers, events while a task runs, and how it ended. Plain data, no VS Code: it can cross to the page.
import type { ChatMessage, ChatRequest, RawResponsesItem, ResponsesRequest, StreamEvent, ToolCall, XaiErrorInfo } from '../xai/types';
import type { ApprovalNeed, FileChange } from './tools/toolTypes';

export type ToolCallStatus =
  /** Arguments being checked. */
  | 'pending'
  /** Waiting for Approve or Deny. */
  | 'awaitingApproval'
  | 'running'
  | 'done'
  /** Ran, or could not run, and failed: the result says why. */
  | 'failed'
  | 'denied'
  /** The task was stopped before or while it ran. */
  | 'stopped';

/** One tool call as the chat shows it. Sent again, whole, on every change (same callId). */
export interface ToolCallCard {
  taskId: string;
  callId: string;
  step: number;
  tool: string;
  /** The arguments as the model sent them (text: it may not be valid JSON). */
  rawArguments: string;
  /** Readable one-liner: "Edit src/a.ts (2 changes)", "Run `npm test`". */
  summary: string;
  status: ToolCallStatus;
  /** Set while (and after) the call asked for approval. */
  approval?: ApprovalNeed;
  /** For edit_file, create_file, delete_file: the change (before approval: as it would be made). */
  change?: FileChange;
  command?: { line: string; cwd: string };
  /** What went back to Grok, as text (never HTML). */
  result?: string;
  exitCode?: number;
  /** The user's reason, when denied with one. */
  deniedReason?: string;
}

export interface ApprovalRequest {
  card: ToolCallCard;
}

export interface ApprovalAnswer {
  approved: boolean;
  /** Optional, on Deny: goes back to Grok. */
  reason?: string;
}

export type LimitKind = 'steps' | 'cost';

export interface LimitReached {
  kind: LimitKind;
  steps: number;
  costUsd: number;
  /** The limit that was reached (steps or USD). */
  limit: number;
}

export type AgentRequest = { api: 'responses'; request: ResponsesRequest } | { api: 'chat'; request: ChatRequest };

/** A streaming client call: XaiClient.streamResponses / streamChat behind one signature. */
export type StreamFunction = (request: AgentRequest, signal: AbortSignal) => AsyncIterable<StreamEvent>;

export type AgentEvent =
  /** A request is about to be sent (step counts requests, from 1). */
  | { type: 'request'; step: number }
  /** Every event of the answer's stream, in order (text and reasoning deltas for the message). */
  | { type: 'stream'; step: number; event: StreamEvent }
  | { type: 'toolCall'; card: ToolCallCard }
  /** After each answer: the task's running totals. */
  | { type: 'usage'; step: number; costUsd: number; totalCostUsd: number; costKnown: boolean }
  | { type: 'limit'; limit: LimitReached }
  /**
   * Near the model's context window the oldest tool results were replaced by a short note (the cards of
   * these calls say so). The request after this no longer extends the previous one byte for byte.
   */
  | { type: 'elided'; callIds: string[] }
  /**
   * Where the task stands, before each request and before each tool call: its own items so far (the
   * answers and the results, exactly as sent) and the calls of the last answer still to run. Enough to go
   * on after a window reload while a call waits for approval (AgentLoopOptions.resume).
   */
  | { type: 'state'; items: Array<ChatMessage | RawResponsesItem>; pending: ToolCall[]; steps: number; costUsd: number };

export type AgentEndReason = 'done' | 'stopped' | 'limit' | 'error';

export interface AgentOutcome {
  reason: AgentEndReason;
  /** The final answer's text (the last step's text). */
  text: string;
  steps: number;
  costUsd: number;
  error?: XaiErrorInfo;
  /** The whole transcript of the task, for the next turn and for history: items exactly as sent. */
  transcript: Array<ChatMessage | RawResponsesItem>;
}
