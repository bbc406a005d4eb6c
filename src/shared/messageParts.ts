// A chat message as a list of typed parts: the one definition the stored history, the page's view and
// both sides' validators derive from. Pure, importing only its sibling isRecord, so the host and the
// webview both import it. Reading is tolerant: a part of an unknown type, or a bad optional field, costs
// that part or field, never the message or the conversation.

import { isRecord } from './isRecord';

export type MessageRole = 'user' | 'assistant';

/** Where an assistant message stands. `stopped` keeps the partial answer, marked as stopped. */
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface UsageView {
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /** Dollars, undefined where no price is known. */
  costUsd?: number;
  /** The cost is the server's own billed figure (cost_in_usd_ticks), not a computed one. */
  costExact?: boolean;
  /** Search sources the answer used (billed per source). */
  sourcesUsed?: number;
  /** Server-side tool calls (web search, X search, code execution). */
  serverToolCalls?: number;
}

export type ErrorAction = 'setApiKey' | 'chooseModel' | 'retry' | 'showLog' | 'openSettings' | 'newChat' | 'compact' | 'openBilling';

/** Every error action's button label: the chat page, the chat host and the editor's notifications use these. */
export const ACTION_LABELS: Readonly<Record<ErrorAction, string>> = {
  setApiKey: 'Set API Key',
  chooseModel: 'Choose Model',
  retry: 'Retry',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
  newChat: 'New Chat',
  compact: 'Compact and Retry',
  openBilling: 'Open Billing',
};

/** An error as the user sees it, with the actions that fix it. Never raw JSON, never the key. */
export interface ErrorView {
  kind: string;
  message: string;
  actions: ErrorAction[];
}

/** What was attached to a user message, shown as a chip: exactly what was sent. */
export interface ContextChip {
  id: string;
  /** The editor's selection or file (buttons), or a # mention: a workspace file, folder, symbol, the Problems list, the git diff. */
  kind: 'selection' | 'file' | 'folder' | 'symbol' | 'problems' | 'diff';
  /** e.g. "src/app.ts:10-24" or "src/app.ts". */
  label: string;
  language?: string;
  /** Characters sent, so the chip can say how big it is. */
  chars: number;
  /** The start of the text sent (a few lines), shown when the user points at the chip. */
  preview?: string;
}

// ---- Parts ----

export interface TextPart {
  type: 'text';
  /** Markdown for assistant messages, plain text for user messages. */
  text: string;
}

export interface ReasoningPart {
  type: 'reasoning';
  text: string;
}

export type ServerToolStatus = 'in_progress' | 'searching' | 'completed' | 'failed';

/** A tool xAI ran on its side: web_search, x_search, code_execution (open string: new tools appear). */
export interface ServerToolPart {
  type: 'serverTool';
  /** The output item's id: later events of the same call update this part in place. */
  id: string;
  kind: string;
  status: ServerToolStatus;
  /** The search query, once known. */
  query?: string;
  /** The code code_execution ran. */
  code?: string;
  /** What the tool printed or returned. */
  output?: string;
}

export interface Source {
  url: string;
  title?: string;
}

/** The sources an answer cites, numbered in this order ([1] is the first). */
export interface CitationsPart {
  type: 'citations';
  sources: Source[];
}

export type ImageMime = 'image/png' | 'image/jpeg';

/**
 * An image the user attached or the extension generated. The bytes live in a file beside the
 * conversation (never inside its JSON); the page gets `dataUrl`, built by the host.
 */
export interface ImagePart {
  type: 'image';
  id: string;
  origin: 'attached' | 'generated';
  mimeType: ImageMime;
  /** Size of the file, for the thumbnail's label. */
  bytes: number;
  /** The file name it was attached from. */
  name?: string;
  /** For generated images: the prompt. */
  prompt?: string;
  /** View only (never stored): a data: URL the host built from the file. */
  dataUrl?: string;
}

export type ClientToolStatus = 'pending' | 'awaitingApproval' | 'running' | 'done' | 'error' | 'denied' | 'stopped';

/** Why a client tool call waits for the user's Approve or Deny. */
export interface ToolApprovalView {
  kind: 'edit' | 'command' | 'sensitiveRead' | 'read' | 'mcp';
  /** One sentence: why this asks. */
  reason: string;
}

/** A function the model asked the extension to run (the agent), and its result. */
export interface ClientToolPart {
  type: 'toolCall';
  /** The model's call id. */
  id: string;
  name: string;
  /** JSON text, as the model sent it. */
  arguments: string;
  status: ClientToolStatus;
  /** What went back to the model. */
  result?: string;
  /** The agent task this call belongs to. */
  taskId?: string;
  /** Readable one-liner: "Edit src/a.ts (2 changes)". */
  summary?: string;
  /** Set while (and after) the call asked for approval. */
  approval?: ToolApprovalView;
  /** run_command: the exact command line, as it runs. */
  command?: string;
  /** edit_file, create_file, delete_file: the workspace-relative file and what happens to it (Open Diff). */
  file?: string;
  change?: 'create' | 'edit' | 'delete';
  exitCode?: number;
  /** The user's reason, when denied with one. */
  deniedReason?: string;
  /** The result was removed from what goes back to the model, to stay within its context window. */
  elided?: boolean;
}

export type AgentTaskStatus = 'running' | 'paused' | 'done' | 'stopped' | 'limit' | 'error';

/** One agent task (an Ask or Agent answer): its state, budget pause, the files it changed, and Revert. */
export interface AgentTaskPart {
  type: 'agentTask';
  /** The task id (also the checkpoint's). */
  id: string;
  mode: 'ask' | 'agent';
  status: AgentTaskStatus;
  /** Requests sent so far. */
  steps: number;
  /** Billed (or priced) cost so far, in USD. */
  costUsd?: number;
  /** Set while paused at a limit: which one, and where the task stands. */
  limit?: { kind: 'steps' | 'cost'; limit: number };
  /** The files the task changed, workspace-relative, in the order first changed. */
  files: Array<{ path: string; change: 'create' | 'edit' | 'delete' }>;
  /** Revert task ran: when, and what it could not restore. */
  revertedAt?: number;
  revertFailed?: string[];
}

/**
 * The turns up to and including this message were compacted (xAI's POST /responses/compact): the API input
 * starts from the compaction item from here on, while the user still sees every earlier turn. The
 * encrypted item itself is host-only (StoredMessage.compactionItems); this part is the divider.
 */
export interface CompactionPart {
  type: 'compaction';
  id: string;
  /** 'running' only while the request is out (never meant to be saved; a loaded one is dropped). */
  status: 'running' | 'done';
  /** The tokens of the input that was compacted, and of the compacted context, as the server counted them. */
  tokensBefore?: number;
  tokensAfter?: number;
}

export type MessagePart = TextPart | ReasoningPart | ServerToolPart | CitationsPart | ImagePart | ClientToolPart | AgentTaskPart | CompactionPart;
export type PartType = MessagePart['type'];

/** What a message is, on disk and on the page alike; each side adds its own fields. */
export interface MessageBase {
  id: string;
  role: MessageRole;
  status: MessageStatus;
  parts: MessagePart[];
  model?: string;
  /** When the request started (ms since epoch), for "Thinking... 12s". */
  startedAt?: number;
  /** When the first answer text arrived; the Thinking section collapses then. */
  answerStartedAt?: number;
  usage?: UsageView;
  error?: ErrorView;
}

/** Per-conversation choices made in the composer. */
export interface ConversationOptions {
  webSearch?: boolean;
  xSearch?: boolean;
  codeExecution?: boolean;
  /** A reasoning effort the model takes; absent means the model's default (nothing is sent). */
  reasoningEffort?: string;
  /** Chat (no tools), Ask (read-only workspace tools) or Agent (all tools); absent: grok.agent.defaultMode. */
  mode?: AgentMode;
}

export type AgentMode = 'chat' | 'ask' | 'agent';
export const AGENT_MODES: readonly AgentMode[] = ['chat', 'ask', 'agent'];

// ---- Reading parts ----

/** All text parts' text, in order: the answer as Markdown, or the user's question. */
export function textOf(m: { parts: readonly MessagePart[] }): string {
  let out = '';
  for (const p of m.parts) if (p.type === 'text') out += p.text;
  return out;
}

export function reasoningOf(m: { parts: readonly MessagePart[] }): string {
  let out = '';
  for (const p of m.parts) if (p.type === 'reasoning') out += p.text;
  return out;
}

export function sourcesOf(m: { parts: readonly MessagePart[] }): Source[] {
  const part = m.parts.find((p): p is CitationsPart => p.type === 'citations');
  return part ? part.sources : [];
}

/**
 * A source's title worth showing, or undefined. xAI titles its url_citation annotations with the
 * citation's number ("1", recordings 21 and 33): that says nothing the [1] beside it does not.
 */
export function sourceTitle(source: Source): string | undefined {
  const title = source.title?.trim();
  return title && !/^\[?\d+\]?$/.test(title) ? title : undefined;
}

/**
 * Appends a streamed delta to the last part when it has the same type, else starts one, so a long answer
 * stays one part and each delta costs one string append.
 */
export function appendToPart(parts: MessagePart[], type: 'text' | 'reasoning', delta: string): void {
  const last = parts[parts.length - 1];
  if (last && last.type === type) last.text += delta;
  else {
    // Reasoning comes before the answer; a late reasoning delta joins the reasoning already there.
    const same = type === 'reasoning' ? parts.find((p): p is ReasoningPart => p.type === 'reasoning') : undefined;
    if (same) same.text += delta;
    else parts.push({ type, text: delta });
  }
}

/** Where an update to `part` goes: the part it replaces (same id, or the one citations list), or -1. */
export function partIndex(parts: readonly MessagePart[], part: MessagePart): number {
  switch (part.type) {
    case 'serverTool':
    case 'image':
    case 'toolCall':
    case 'agentTask':
    case 'compaction':
      return parts.findIndex((p) => p.type === part.type && p.id === part.id);
    case 'citations':
      return parts.findIndex((p) => p.type === 'citations');
    default:
      return -1;
  }
}

/** Inserts or replaces a part (a tool card's new status, the grown Sources list). */
export function upsertPart(parts: MessagePart[], part: MessagePart): void {
  const i = partIndex(parts, part);
  if (i >= 0) parts[i] = part;
  else parts.push(part);
}

type Loose = Record<string, unknown>;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const SERVER_TOOL_STATUSES: readonly string[] = ['in_progress', 'searching', 'completed', 'failed'];
const CLIENT_TOOL_STATUSES: readonly string[] = ['pending', 'awaitingApproval', 'running', 'done', 'error', 'denied', 'stopped'];
const TASK_STATUSES: readonly string[] = ['running', 'paused', 'done', 'stopped', 'limit', 'error'];
const APPROVAL_KINDS: readonly string[] = ['edit', 'command', 'sensitiveRead', 'read', 'mcp'];
const CHANGES: readonly string[] = ['create', 'edit', 'delete'];
const ROLES: readonly string[] = ['user', 'assistant'];
const STATUSES: readonly string[] = ['streaming', 'done', 'stopped', 'error'];
const ACTIONS: readonly string[] = Object.keys(ACTION_LABELS);

function copyOptionalStrings<T extends object>(into: T, from: Loose, keys: readonly string[]): T {
  for (const k of keys) if (isStr(from[k])) (into as Loose)[k] = from[k];
  return into;
}

/**
 * A fresh, well-formed copy of a known part, or undefined for a part of an unknown type or without
 * what it needs. Bad optional fields are left out of the copy.
 */
export function readPart(v: unknown): MessagePart | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'text':
    case 'reasoning':
      return isStr(v.text) ? { type: v.type, text: v.text } : undefined;
    case 'serverTool':
      if (!isStr(v.id) || !isStr(v.kind)) return undefined;
      return copyOptionalStrings<ServerToolPart>(
        { type: 'serverTool', id: v.id, kind: v.kind, status: SERVER_TOOL_STATUSES.includes(v.status as string) ? (v.status as ServerToolStatus) : 'failed' },
        v,
        ['query', 'code', 'output'],
      );
    case 'citations':
      if (!Array.isArray(v.sources)) return undefined;
      return {
        type: 'citations',
        sources: v.sources.filter((s): s is Loose => isRecord(s) && isStr(s.url)).map((s) => copyOptionalStrings<Source>({ url: s.url as string }, s, ['title'])),
      };
    case 'image':
      if (!isStr(v.id) || (v.origin !== 'attached' && v.origin !== 'generated') || (v.mimeType !== 'image/png' && v.mimeType !== 'image/jpeg')) return undefined;
      return copyOptionalStrings<ImagePart>(
        { type: 'image', id: v.id, origin: v.origin, mimeType: v.mimeType, bytes: isNum(v.bytes) ? v.bytes : 0 },
        v,
        ['name', 'prompt', 'dataUrl'],
      );
    case 'toolCall': {
      if (!isStr(v.id) || !isStr(v.name)) return undefined;
      const part = copyOptionalStrings<ClientToolPart>(
        {
          type: 'toolCall',
          id: v.id,
          name: v.name,
          arguments: isStr(v.arguments) ? v.arguments : '',
          status: CLIENT_TOOL_STATUSES.includes(v.status as string) ? (v.status as ClientToolStatus) : 'error',
        },
        v,
        ['result', 'taskId', 'summary', 'command', 'file', 'deniedReason'],
      );
      if (isRecord(v.approval) && APPROVAL_KINDS.includes(v.approval.kind as string) && isStr(v.approval.reason)) {
        part.approval = { kind: v.approval.kind as ToolApprovalView['kind'], reason: v.approval.reason };
      }
      if (CHANGES.includes(v.change as string)) part.change = v.change as ClientToolPart['change'];
      if (isNum(v.exitCode)) part.exitCode = v.exitCode;
      if (v.elided === true) part.elided = true;
      return part;
    }
    case 'agentTask': {
      if (!isStr(v.id) || (v.mode !== 'ask' && v.mode !== 'agent')) return undefined;
      const files = Array.isArray(v.files)
        ? v.files.filter((f): f is Loose => isRecord(f) && isStr(f.path) && CHANGES.includes(f.change as string)).map((f) => ({ path: f.path as string, change: f.change as 'create' | 'edit' | 'delete' }))
        : [];
      const task: AgentTaskPart = {
        type: 'agentTask',
        id: v.id,
        mode: v.mode,
        status: TASK_STATUSES.includes(v.status as string) ? (v.status as AgentTaskStatus) : 'stopped',
        steps: isNum(v.steps) ? v.steps : 0,
        files,
      };
      if (isNum(v.costUsd)) task.costUsd = v.costUsd;
      if (isRecord(v.limit) && (v.limit.kind === 'steps' || v.limit.kind === 'cost') && isNum(v.limit.limit)) task.limit = { kind: v.limit.kind, limit: v.limit.limit };
      if (isNum(v.revertedAt)) task.revertedAt = v.revertedAt;
      if (Array.isArray(v.revertFailed)) task.revertFailed = v.revertFailed.filter(isStr);
      return task;
    }
    case 'compaction': {
      if (!isStr(v.id)) return undefined;
      const part: CompactionPart = { type: 'compaction', id: v.id, status: v.status === 'running' ? 'running' : 'done' };
      if (isNum(v.tokensBefore)) part.tokensBefore = v.tokensBefore;
      if (isNum(v.tokensAfter)) part.tokensAfter = v.tokensAfter;
      return part;
    }
    default:
      return undefined;
  }
}

/** The latest finished compaction divider of a message, if any. */
export function compactionOf(m: { parts: readonly MessagePart[] }): CompactionPart | undefined {
  for (let i = m.parts.length - 1; i >= 0; i--) {
    const p = m.parts[i];
    if (p.type === 'compaction' && p.status === 'done') return p;
  }
  return undefined;
}

/** The divider's words: "Earlier turns compacted · 12,000 tokens → 1,200" (the counts where the server gave them). */
export function compactionLabel(part: Pick<CompactionPart, 'status' | 'tokensBefore' | 'tokensAfter'>): string {
  if (part.status === 'running') return 'Compacting earlier turns…';
  const n = (x: number) => x.toLocaleString('en-US');
  const counts = part.tokensBefore !== undefined && part.tokensAfter !== undefined ? ` · ${n(part.tokensBefore)} tokens → ${n(part.tokensAfter)}` : '';
  return `Earlier turns compacted${counts}`;
}

export function isUsageView(v: unknown): v is UsageView {
  return (
    isRecord(v) &&
    isNum(v.promptTokens) &&
    isNum(v.cachedPromptTokens) &&
    isNum(v.completionTokens) &&
    isNum(v.reasoningTokens) &&
    (v.costUsd === undefined || isNum(v.costUsd))
  );
}

export function isErrorView(v: unknown): v is ErrorView {
  return isRecord(v) && isStr(v.kind) && isStr(v.message) && Array.isArray(v.actions) && v.actions.every(isStr);
}

/**
 * The MessageBase fields of a message, checked: undefined when the message lacks what it cannot do
 * without (id, role, status, a parts list); bad optional fields and unknown parts are left out, and
 * `dropped` names them. Extra fields are not copied: each side adds its own.
 */
export function readMessageBase(v: unknown, dropped: string[] = []): MessageBase | undefined {
  if (!isRecord(v) || !isStr(v.id) || !ROLES.includes(v.role as string) || !Array.isArray(v.parts)) return undefined;
  const status = STATUSES.includes(v.status as string) ? (v.status as MessageStatus) : undefined;
  if (!status) return undefined;
  const parts: MessagePart[] = [];
  for (const p of v.parts) {
    const part = readPart(p);
    if (part) parts.push(part);
    else dropped.push(`${v.id}.parts[${isRecord(p) && isStr(p.type) ? p.type : '?'}]`);
  }
  const m: MessageBase = { id: v.id, role: v.role as MessageRole, status, parts };
  const optional = (key: 'model' | 'startedAt' | 'answerStartedAt' | 'usage' | 'error', ok: (x: unknown) => boolean) => {
    if (v[key] === undefined) return;
    if (ok(v[key])) (m as unknown as Loose)[key] = v[key];
    else dropped.push(`${v.id}.${key}`);
  };
  optional('model', isStr);
  optional('startedAt', isNum);
  optional('answerStartedAt', isNum);
  optional('usage', isUsageView);
  optional('error', (e) => isErrorView(e) && e.actions.every((a) => ACTIONS.includes(a)));
  return m;
}

export function readConversationOptions(v: unknown): ConversationOptions {
  const out: ConversationOptions = {};
  if (!isRecord(v)) return out;
  for (const k of ['webSearch', 'xSearch', 'codeExecution'] as const) if (typeof v[k] === 'boolean') out[k] = v[k] as boolean;
  if (isStr(v.reasoningEffort) && /^[a-z_-]{1,20}$/.test(v.reasoningEffort)) out.reasoningEffort = v.reasoningEffort;
  if (AGENT_MODES.includes(v.mode as AgentMode)) out.mode = v.mode as AgentMode;
  return out;
}
