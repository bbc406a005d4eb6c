// The conversation model, pure: what is stored, what the webview sees, and what is sent to the API.
// No vscode and no I/O here, so request building and truncation are unit-tested directly.
import { randomUUID } from 'node:crypto';
import { t } from '../platform/localise';
import type { ContextChip, ConversationView, MessageView, UsageView } from '../protocol';
import { isRecord } from '../shared/isRecord';
import {
  readConversationOptions,
  readMessageBase,
  textOf,
  type ConversationOptions,
  type ImagePart,
  type MessageBase,
  type MessagePart,
} from '../shared/messageParts';
import type { ChatMessage, ContentPart, RawResponsesItem, ToolCall } from '../xai/types';

/**
 * 2: a message is a list of parts (shared/messageParts.ts). 1: text, reasoning and the rest were fields
 * of the message; such files are read and migrated (migrateV1).
 */
export const CONVERSATION_VERSION = 2;

/** A context chip plus the text it stands for, captured when the chip was added: exactly what is sent. */
export interface ContextItem {
  chip: ContextChip;
  content: string;
  /** Workspace-relative path (or the document's name when it has no file). */
  path: string;
  /** 1-based, inclusive; only for selections. */
  startLine?: number;
  endLine?: number;
  /** The content was cut to a size bound; the prompt says so. */
  truncated?: boolean;
  /** What a mention chip refers to (a file, folder or symbol's URI), so the transcript's chip can open it. */
  uri?: string;
  /** A symbol's name and kind ("function", "class"). */
  symbol?: { name: string; kind: string };
}

/** A message as stored: the shared fields plus what only the host needs. */
export interface StoredMessage extends MessageBase {
  createdAt: number;
  context?: ContextItem[];
  finishReason?: string;
  /**
   * User turns on the Responses API: the exact input items sent for this turn (images as IMAGE_REF
   * references, resolved to the same data: URL each time), so every later request repeats them byte for byte.
   */
  sentItems?: RawResponsesItem[];
  /** Assistant turns on the Responses API: the answer's output items, verbatim, sent back unchanged. */
  outputItems?: RawResponsesItem[];
  /** An agent task still running: where it stands, so it can go on after a window reload while it waits for the user. */
  agentState?: AgentState;
  /**
   * Set with a compaction part: the compacted window (xAI's encrypted compaction item), verbatim. It
   * replaces, in the API input, this message and every one before it (responsesInput.ts).
   */
  compactionItems?: RawResponsesItem[];
}

/** An agent task's items so far (exactly as sent), the calls of its last answer still to run, its steps and cost. */
export interface AgentState {
  api: 'responses' | 'chat';
  items: Array<ChatMessage | RawResponsesItem>;
  pending: ToolCall[];
  steps: number;
  costUsd: number;
}

export interface Conversation {
  version: number;
  id: string;
  title: string;
  /** Set once the user renames it, so the automatic title never overwrites theirs. */
  titleEdited?: boolean;
  createdAt: number;
  updatedAt: number;
  messages: StoredMessage[];
  /** Composer choices for this conversation (search, code execution, reasoning effort). */
  options?: ConversationOptions;
  /** Instruction chips the user removed for this conversation: "setting", or a rules file's name. */
  removedInstructions?: string[];
}

/** A conversation's title until its first question names it, in the user's language when it is made. */
export function defaultTitle(): string {
  return t('New chat');
}
const TITLE_MAX = 80;

/** Said before every conversation: the answer is rendered as Markdown in a narrow VS Code panel. */
export const SYSTEM_PROMPT =
  'You are Grok, an AI coding assistant inside Visual Studio Code. Answer in GitHub-flavoured Markdown. ' +
  'Put code in fenced code blocks with a language tag. Be concise; prefer showing code to describing it. ' +
  'Files and selections the user attached appear in fenced blocks before their question.';

export function newId(): string {
  return randomUUID();
}

export function newConversation(now = Date.now()): Conversation {
  return { version: CONVERSATION_VERSION, id: newId(), title: defaultTitle(), createdAt: now, updatedAt: now, messages: [] };
}

/**
 * The first line of prose of the first question, shortened: a title a person can scan in a list. A
 * question that starts with pasted code is named by its first sentence after the code, and Markdown
 * marks (a heading's #, list bullets, backticks, bold) are left out of the title.
 */
export function titleFrom(text: string): string {
  let inFence = false;
  let firstCode = '';
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    if (inFence) {
      firstCode ||= line;
      continue;
    }
    const plain = line.replace(/^(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)/, '').replace(/`+|\*\*|__/g, '').trim();
    if (plain) return clipTitle(plain);
  }
  return firstCode ? clipTitle(firstCode) : defaultTitle();
}

function clipTitle(line: string): string {
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1).trimEnd()}…` : line;
}

export function addUserMessage(conv: Conversation, text: string, context: ContextItem[] = [], now = Date.now(), images: ImagePart[] = []): StoredMessage {
  const message: StoredMessage = { id: newId(), role: 'user', parts: [{ type: 'text', text }, ...images], status: 'done', createdAt: now };
  if (context.length) message.context = context;
  conv.messages.push(message);
  if (!conv.titleEdited && conv.messages.filter((m) => m.role === 'user').length === 1) conv.title = titleFrom(text);
  conv.updatedAt = now;
  return message;
}

export function addAssistantMessage(conv: Conversation, model: string, now = Date.now()): StoredMessage {
  const message: StoredMessage = { id: newId(), role: 'assistant', parts: [], status: 'streaming', model, createdAt: now, startedAt: now };
  conv.messages.push(message);
  conv.updatedAt = now;
  return message;
}

/** Removes messages from `index` on; returns the first removed id (what the webview truncates from). */
export function truncateAt(conv: Conversation, index: number, now = Date.now()): string | undefined {
  if (index < 0 || index >= conv.messages.length) return undefined;
  const fromId = conv.messages[index].id;
  conv.messages.length = index;
  conv.updatedAt = now;
  return fromId;
}

/**
 * Where "regenerate" cuts: the answers after the last user message. Returns the index to truncate
 * from (equal to length when the last message is the user's, e.g. after a failed send), or undefined
 * when there is no question to answer.
 */
export function regenerateIndex(conv: Conversation): number | undefined {
  for (let i = conv.messages.length - 1; i >= 0; i--) {
    if (conv.messages[i].role === 'user') return i + 1;
  }
  return undefined;
}

/** The prompt of an "/imagine <prompt>" turn (the page sends those to image generation), else undefined. */
export function imaginePrompt(text: string): string | undefined {
  const prompt = /^\/imagine\s+([\s\S]+)$/.exec(text)?.[1]?.trim();
  return prompt || undefined;
}

/** Index of a user message that can be edited and resent, or undefined. */
export function editIndex(conv: Conversation, messageId: string): number | undefined {
  const i = conv.messages.findIndex((m) => m.id === messageId);
  return i >= 0 && conv.messages[i].role === 'user' ? i : undefined;
}

/** How a user turn's stored input items name an attached image: resolved to its data: URL when sent. */
export const IMAGE_REF = 'grok-image:';

/** The bytes of an image beside the conversation, as a data: URL; undefined when the file is gone. */
export type ImageResolver = (image: ImagePart) => string | undefined;

/**
 * The messages sent for an answer on /chat/completions: the system prompt, then every earlier turn.
 * Context is inlined into its user turn, so a regenerate sends exactly what was sent the first time.
 * Answers that produced no text (errors, stopped before the first token) are left out: the API rejects
 * empty content.
 */
export function buildRequestMessages(conv: Conversation, systemPrompt = SYSTEM_PROMPT, end = conv.messages.length, images: ImageResolver = () => undefined): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (systemPrompt.trim()) out.push({ role: 'system', content: systemPrompt });
  for (const m of conv.messages.slice(0, end)) {
    if (m.role === 'user') {
      const urls = imagesOf(m).map(images).filter((u): u is string => u !== undefined);
      const text = userContent(m);
      const content: string | ContentPart[] = urls.length
        ? [{ type: 'text', text }, ...urls.map((url): ContentPart => ({ type: 'image_url', image_url: { url } }))]
        : text;
      out.push({ role: 'user', content });
    } else {
      const text = textOf(m);
      if (text.trim() && m.status !== 'streaming') out.push({ role: 'assistant', content: text });
    }
  }
  return out;
}

export function imagesOf(m: { parts: readonly MessagePart[] }): ImagePart[] {
  return m.parts.filter((p): p is ImagePart => p.type === 'image');
}

/** A user turn as the model reads it: each attachment in a fenced block with its path, then the question. */
export function userContent(m: Pick<StoredMessage, 'parts' | 'context'>): string {
  const text = textOf(m);
  if (!m.context?.length) return text;
  const blocks = m.context.map(contextBlock);
  return `${blocks.join('\n\n')}\n\n${text}`;
}

export function contextBlock(item: ContextItem): string {
  const where = contextHeading(item);
  const cut = item.truncated ? ` (truncated to the first ${item.content.length} characters)` : '';
  return `${where}${cut}:\n${fenced(item.content, item.chip.language)}`;
}

function contextHeading(item: ContextItem): string {
  const lines = item.startLine !== undefined ? `, lines ${item.startLine}-${item.endLine ?? item.startLine}` : '';
  switch (item.chip.kind) {
    case 'selection':
      return item.startLine !== undefined ? `Selection from \`${item.path}\`${lines}` : `File \`${item.path}\``;
    case 'file':
      return `File \`${item.path}\``;
    case 'folder':
      return `Folder \`${item.path}\` (its files and folders, one a line)`;
    case 'symbol':
      return `${item.symbol ? `The ${item.symbol.kind} \`${item.symbol.name}\`` : 'Symbol'} from \`${item.path}\`${lines}`;
    case 'problems':
      return 'The Problems list of the workspace (file:line:column severity: message)';
    case 'diff':
      return `The uncommitted changes in \`${item.path}\` (git diff HEAD)`;
    default:
      return `\`${item.path}\``;
  }
}

const PREVIEW_LINES = 12;
const PREVIEW_CHARS = 800;

/** The first lines of what is sent, cut visibly, so pointing at a chip shows what it holds. */
export function previewOf(content: string): string {
  const lines = content.split('\n');
  let preview = lines.slice(0, PREVIEW_LINES).join('\n');
  if (preview.length > PREVIEW_CHARS) preview = preview.slice(0, PREVIEW_CHARS);
  return preview.length < content.length ? `${preview}\n…` : preview;
}

/** A fence longer than any backtick run inside, so code containing ``` cannot close it early. */
export function fenced(code: string, language = ''): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((r) => r[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = code.endsWith('\n') ? code : `${code}\n`;
  return `${fence}${language.replace(/[^\w+#.-]/g, '')}\n${body}${fence}`;
}

/** Sum over the answers; cost only where a price was known (undefined if none was). */
export function totalUsage(conv: Conversation): UsageView | undefined {
  let total: UsageView | undefined;
  for (const m of conv.messages) {
    if (!m.usage) continue;
    total ??= { promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, reasoningTokens: 0 };
    total.promptTokens += m.usage.promptTokens;
    total.cachedPromptTokens += m.usage.cachedPromptTokens;
    total.completionTokens += m.usage.completionTokens;
    total.reasoningTokens += m.usage.reasoningTokens;
    if (m.usage.costUsd !== undefined) {
      total.costUsd = (total.costUsd ?? 0) + m.usage.costUsd;
      // Exact only while every figure in it is the server's own.
      total.costExact = (total.costExact ?? true) && m.usage.costExact === true;
    }
    if (m.usage.sourcesUsed) total.sourcesUsed = (total.sourcesUsed ?? 0) + m.usage.sourcesUsed;
    if (m.usage.serverToolCalls) total.serverToolCalls = (total.serverToolCalls ?? 0) + m.usage.serverToolCalls;
  }
  if (total?.costExact === false) delete total.costExact;
  return total;
}

/**
 * What the page sees of a message. `images` builds an image part's data: URL from its file; without
 * one (or when the file is gone) the part goes without a picture and the page shows its name.
 */
export function messageView(m: StoredMessage, images?: ImageResolver): MessageView {
  const parts = m.parts.map((p) => {
    if (p.type !== 'image') return p;
    const dataUrl = images?.(p);
    return dataUrl ? { ...p, dataUrl } : p;
  });
  const view: MessageView = { id: m.id, role: m.role, parts, status: m.status };
  if (m.model) view.model = m.model;
  if (m.startedAt !== undefined) view.startedAt = m.startedAt;
  if (m.answerStartedAt !== undefined) view.answerStartedAt = m.answerStartedAt;
  if (m.usage) view.usage = m.usage;
  if (m.error) view.error = m.error;
  if (m.context?.length) view.context = m.context.map((c) => c.chip);
  return view;
}

export function conversationView(conv: Conversation, images?: ImageResolver): ConversationView {
  const view: ConversationView = { id: conv.id, title: conv.title, messages: conv.messages.map((m) => messageView(m, images)) };
  const total = totalUsage(conv);
  if (total) view.totalUsage = total;
  return view;
}

/**
 * A parsed file's top level looks like a conversation (any version): id, title, times, a messages list.
 * What is inside the messages is checked, and migrated, by readConversation.
 */
export function isConversation(value: unknown): value is { id: string; title: string; createdAt: number; updatedAt: number; messages: unknown[] } {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.title === 'string' &&
    typeof value.createdAt === 'number' &&
    typeof value.updatedAt === 'number' &&
    Array.isArray(value.messages)
  );
}

export interface ReadResult {
  conversation: Conversation;
  /** What was left out: damaged optional fields, unknown parts, messages without an id or role. */
  dropped: string[];
  /** The version the file was written in, when it was older than CONVERSATION_VERSION. */
  migratedFrom?: number;
}

/**
 * A conversation from a parsed history file of any version this extension knows, or undefined when the
 * top level is not a conversation. Tolerant: a bad optional field, an unknown part type or an unusable
 * message costs that item (named in `dropped`), never the conversation.
 */
export function readConversation(value: unknown): ReadResult | undefined {
  if (!isConversation(value)) return undefined;
  const raw = value as unknown as Record<string, unknown>;
  const version = typeof raw.version === 'number' ? raw.version : 1;
  const dropped: string[] = [];
  const conversation: Conversation = {
    version: CONVERSATION_VERSION,
    id: value.id,
    title: value.title,
    createdAt: value.createdAt,
    updatedAt: value.updatedAt,
    messages: [],
  };
  if (raw.titleEdited !== undefined) {
    if (typeof raw.titleEdited === 'boolean') conversation.titleEdited = raw.titleEdited;
    else dropped.push('titleEdited');
  }
  if (raw.removedInstructions !== undefined) {
    const names = raw.removedInstructions;
    if (Array.isArray(names) && names.every((n) => typeof n === 'string')) conversation.removedInstructions = names as string[];
    else dropped.push('removedInstructions');
  }
  if (raw.options !== undefined) {
    const options = readConversationOptions(raw.options);
    if (Object.keys(options).length) conversation.options = options;
  }
  for (const m of value.messages) {
    const message = readStoredMessage(version < 2 ? migrateV1Message(m) : m, conversation.createdAt, dropped);
    if (message) conversation.messages.push(message);
    else dropped.push(`message ${isRecord(m) && typeof m.id === 'string' ? m.id : conversation.messages.length}`);
  }
  const result: ReadResult = { conversation, dropped };
  if (version < CONVERSATION_VERSION) result.migratedFrom = version;
  return result;
}

/** Version 1 kept a message's text and reasoning as fields; version 2 keeps them as parts. */
export function migrateV1Message(m: unknown): unknown {
  if (!isRecord(m) || Array.isArray(m.parts)) return m;
  const parts: MessagePart[] = [];
  if (typeof m.reasoning === 'string' && m.reasoning) parts.push({ type: 'reasoning', text: m.reasoning });
  if (typeof m.text === 'string' && (m.text || m.role === 'user')) parts.push({ type: 'text', text: m.text });
  const { text: _text, reasoning: _reasoning, ...rest } = m;
  return { ...rest, parts };
}

function readStoredMessage(v: unknown, fallbackCreatedAt: number, dropped: string[]): StoredMessage | undefined {
  const base = readMessageBase(v, dropped);
  if (!base || !isRecord(v)) return undefined;
  const m: StoredMessage = { ...base, createdAt: isFiniteNumber(v.createdAt) ? v.createdAt : fallbackCreatedAt };
  if (v.context !== undefined) {
    if (Array.isArray(v.context) && v.context.every(isContextItem)) {
      if (v.context.length) m.context = v.context;
    } else dropped.push(`${m.id}.context`);
  }
  if (v.finishReason !== undefined) {
    if (typeof v.finishReason === 'string') m.finishReason = v.finishReason;
    else dropped.push(`${m.id}.finishReason`);
  }
  if (v.agentState !== undefined) {
    const a = v.agentState;
    const ok =
      isRecord(a) && (a.api === 'responses' || a.api === 'chat') && Array.isArray(a.items) && a.items.every(isRecord) && isFiniteNumber(a.steps) && isFiniteNumber(a.costUsd) &&
      Array.isArray(a.pending) && a.pending.every((c) => isRecord(c) && typeof c.id === 'string' && isRecord(c.function) && typeof c.function.name === 'string' && typeof c.function.arguments === 'string');
    if (ok) m.agentState = a as unknown as AgentState;
    else dropped.push(`${m.id}.agentState`);
  }
  for (const key of ['sentItems', 'outputItems', 'compactionItems'] as const) {
    const items = v[key];
    if (items === undefined) continue;
    // Kept exactly as they were sent or received: they go back to the server byte for byte.
    if (Array.isArray(items) && items.every((i) => isRecord(i))) m[key] = items as RawResponsesItem[];
    else dropped.push(`${m.id}.${key}`);
  }
  return m;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const CONTEXT_KINDS: readonly ContextChip['kind'][] = ['selection', 'file', 'folder', 'symbol', 'problems', 'diff'];

export function isContextItem(c: unknown): c is ContextItem {
  return (
    isRecord(c) &&
    typeof c.content === 'string' &&
    typeof c.path === 'string' &&
    isRecord(c.chip) &&
    typeof c.chip.id === 'string' &&
    CONTEXT_KINDS.includes(c.chip.kind as ContextChip['kind']) &&
    typeof c.chip.label === 'string'
  );
}


/**
 * A message still 'streaming' in a loaded file was cut off by a crash or reload: it is shown as stopped,
 * with whatever text had been saved. Its agent task (if any) is stopped too; Revert task still works.
 */
export function settleInterrupted(conv: Conversation, except?: StoredMessage): boolean {
  let changed = false;
  for (const m of conv.messages) {
    if (m === except) continue;
    if (m.agentState) {
      delete m.agentState;
      changed = true;
    }
    if (m.status === 'streaming') {
      m.status = 'stopped';
      changed = true;
    }
    // A compaction cut off before its answer replaced nothing: its divider goes.
    if (m.parts.some((p) => p.type === 'compaction' && p.status === 'running')) {
      m.parts = m.parts.filter((p) => p.type !== 'compaction' || p.status !== 'running');
      changed = true;
    }
    // An agent task cut off the same way: its cards and its task card say stopped, not running.
    m.parts = m.parts.map((p) => {
      if (p.type === 'toolCall' && (p.status === 'pending' || p.status === 'running' || p.status === 'awaitingApproval')) {
        changed = true;
        return { ...p, status: 'stopped' };
      }
      if (p.type === 'agentTask' && (p.status === 'running' || p.status === 'paused')) {
        changed = true;
        const { limit: _limit, ...rest } = p;
        return { ...rest, status: 'stopped' };
      }
      return p;
    });
  }
  return changed;
}
