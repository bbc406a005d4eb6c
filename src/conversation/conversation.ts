// The conversation model, pure: what is stored, what the webview sees, and what is sent to the API.
// No vscode and no I/O here, so request building and truncation are unit-tested directly.
import { randomUUID } from 'node:crypto';
import type { ContextChip, ConversationView, ErrorView, MessageRole, MessageStatus, MessageView, UsageView } from '../protocol';
import type { ChatMessage } from '../xai/types';

export const CONVERSATION_VERSION = 1;

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
}

export interface StoredMessage {
  id: string;
  role: MessageRole;
  text: string;
  reasoning?: string;
  status: MessageStatus;
  model?: string;
  createdAt: number;
  startedAt?: number;
  answerStartedAt?: number;
  usage?: UsageView;
  error?: ErrorView;
  context?: ContextItem[];
  finishReason?: string;
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
}

export const DEFAULT_TITLE = 'New chat';
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
  return { version: CONVERSATION_VERSION, id: newId(), title: DEFAULT_TITLE, createdAt: now, updatedAt: now, messages: [] };
}

/** First line of the first question, shortened: a title a person can scan in a list. */
export function titleFrom(text: string): string {
  const line = text.trim().split(/\r?\n/, 1)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  if (!line) return DEFAULT_TITLE;
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1).trimEnd()}…` : line;
}

export function addUserMessage(conv: Conversation, text: string, context: ContextItem[] = [], now = Date.now()): StoredMessage {
  const message: StoredMessage = { id: newId(), role: 'user', text, status: 'done', createdAt: now };
  if (context.length) message.context = context;
  conv.messages.push(message);
  if (!conv.titleEdited && conv.messages.filter((m) => m.role === 'user').length === 1) conv.title = titleFrom(text);
  conv.updatedAt = now;
  return message;
}

export function addAssistantMessage(conv: Conversation, model: string, now = Date.now()): StoredMessage {
  const message: StoredMessage = { id: newId(), role: 'assistant', text: '', status: 'streaming', model, createdAt: now, startedAt: now };
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

/** Index of a user message that can be edited and resent, or undefined. */
export function editIndex(conv: Conversation, messageId: string): number | undefined {
  const i = conv.messages.findIndex((m) => m.id === messageId);
  return i >= 0 && conv.messages[i].role === 'user' ? i : undefined;
}

/**
 * The messages sent for an answer: the system prompt, then every earlier turn. Context is inlined into
 * its user turn, so a regenerate sends exactly what was sent the first time. Answers that produced no
 * text (errors, stopped before the first token) are left out: the API rejects empty content.
 */
export function buildRequestMessages(conv: Conversation, systemPrompt = SYSTEM_PROMPT, end = conv.messages.length): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (systemPrompt.trim()) out.push({ role: 'system', content: systemPrompt });
  for (const m of conv.messages.slice(0, end)) {
    if (m.role === 'user') {
      out.push({ role: 'user', content: userContent(m) });
    } else if (m.text.trim() && m.status !== 'streaming') {
      out.push({ role: 'assistant', content: m.text });
    }
  }
  return out;
}

/** A user turn as the model reads it: each attachment in a fenced block with its path, then the question. */
export function userContent(m: Pick<StoredMessage, 'text' | 'context'>): string {
  if (!m.context?.length) return m.text;
  const blocks = m.context.map(contextBlock);
  return `${blocks.join('\n\n')}\n\n${m.text}`;
}

export function contextBlock(item: ContextItem): string {
  const where =
    item.chip.kind === 'selection' && item.startLine !== undefined
      ? `Selection from \`${item.path}\`, lines ${item.startLine}-${item.endLine ?? item.startLine}`
      : `File \`${item.path}\``;
  const cut = item.truncated ? ` (truncated to the first ${item.content.length} characters)` : '';
  return `${where}${cut}:\n${fenced(item.content, item.chip.language)}`;
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
    if (m.usage.costUsd !== undefined) total.costUsd = (total.costUsd ?? 0) + m.usage.costUsd;
  }
  return total;
}

export function messageView(m: StoredMessage): MessageView {
  const view: MessageView = { id: m.id, role: m.role, text: m.text, status: m.status };
  if (m.reasoning) view.reasoning = m.reasoning;
  if (m.model) view.model = m.model;
  if (m.startedAt !== undefined) view.startedAt = m.startedAt;
  if (m.answerStartedAt !== undefined) view.answerStartedAt = m.answerStartedAt;
  if (m.usage) view.usage = m.usage;
  if (m.error) view.error = m.error;
  if (m.context?.length) view.context = m.context.map((c) => c.chip);
  return view;
}

export function conversationView(conv: Conversation): ConversationView {
  const view: ConversationView = { id: conv.id, title: conv.title, messages: conv.messages.map(messageView) };
  const total = totalUsage(conv);
  if (total) view.totalUsage = total;
  return view;
}

const ROLES: readonly string[] = ['user', 'assistant'];
const STATUSES: readonly string[] = ['streaming', 'done', 'stopped', 'error'];

/**
 * Checks a parsed file is a conversation this version can use. Unknown extra fields are kept (a newer
 * version may have written them); a missing required field means the file is damaged.
 */
export function isConversation(value: unknown): value is Conversation {
  if (!isRecord(value)) return false;
  if (typeof value.id !== 'string' || typeof value.title !== 'string') return false;
  if (typeof value.createdAt !== 'number' || typeof value.updatedAt !== 'number') return false;
  if (!Array.isArray(value.messages)) return false;
  return value.messages.every(
    (m) =>
      isRecord(m) &&
      typeof m.id === 'string' &&
      typeof m.text === 'string' &&
      ROLES.includes(m.role as string) &&
      STATUSES.includes(m.status as string) &&
      (m.context === undefined || (Array.isArray(m.context) && m.context.every(isContextItem))),
  );
}

/**
 * Drops the optional message fields a damaged or hand-edited file got wrong (a usage that is not
 * numbers, an error without actions, ...), so one bad field costs that field, not the conversation,
 * and nothing malformed reaches the page. Returns the names of the fields dropped.
 */
export function repairConversation(conv: Conversation): string[] {
  const dropped: string[] = [];
  if (conv.titleEdited !== undefined && typeof conv.titleEdited !== 'boolean') {
    delete conv.titleEdited;
    dropped.push('titleEdited');
  }
  for (const m of conv.messages) {
    const loose = m as unknown as Record<string, unknown>;
    const drop = (field: keyof StoredMessage, ok: (v: unknown) => boolean) => {
      if (loose[field] === undefined || ok(loose[field])) return;
      delete loose[field];
      dropped.push(`${m.id}.${field}`);
    };
    drop('reasoning', isString);
    drop('model', isString);
    drop('finishReason', isString);
    drop('startedAt', isFiniteNumber);
    drop('answerStartedAt', isFiniteNumber);
    drop('usage', isUsage);
    drop('error', isErrorView);
    if (!isFiniteNumber(loose.createdAt)) m.createdAt = conv.createdAt;
    // A message still 'streaming' on disk was cut by a crash; settleInterrupted() marks it stopped on open.
  }
  return dropped;
}

const isString = (v: unknown): boolean => typeof v === 'string';
const isFiniteNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

function isUsage(v: unknown): boolean {
  return (
    isRecord(v) &&
    ['promptTokens', 'cachedPromptTokens', 'completionTokens', 'reasoningTokens'].every((k) => isFiniteNumber(v[k])) &&
    (v.costUsd === undefined || isFiniteNumber(v.costUsd))
  );
}

function isErrorView(v: unknown): boolean {
  return isRecord(v) && isString(v.kind) && isString(v.message) && Array.isArray(v.actions) && v.actions.every(isString);
}

export function isContextItem(c: unknown): c is ContextItem {
  return (
    isRecord(c) &&
    typeof c.content === 'string' &&
    typeof c.path === 'string' &&
    isRecord(c.chip) &&
    typeof c.chip.id === 'string' &&
    (c.chip.kind === 'selection' || c.chip.kind === 'file') &&
    typeof c.chip.label === 'string'
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A message still 'streaming' in a loaded file was cut off by a crash or reload: it is shown as stopped,
 * with whatever text had been saved.
 */
export function settleInterrupted(conv: Conversation): boolean {
  let changed = false;
  for (const m of conv.messages) {
    if (m.status === 'streaming') {
      m.status = 'stopped';
      changed = true;
    }
  }
  return changed;
}
