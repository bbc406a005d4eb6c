// The one contract between the extension host and the chat webview: types only, imported by both
// sides. Each side switches exhaustively over the other's union (a `never` check), and a test proves
// the webview handles every HostMessage type. The host owns the conversation: it sends a snapshot
// after `ready` (and on every re-open), then deltas. The webview only renders and asks.

import type { PageStrings } from './shared/pageStrings';
import type { AgentMode, ContextChip, ConversationOptions, ErrorAction, ErrorView, ImageMime, MessageBase, MessagePart, MessageStatus, UsageView } from './shared/messageParts';

// The message model (roles, statuses, parts, usage, errors, chips) is defined once in shared/messageParts.ts.
export type {
  AgentMode,
  AgentTaskPart,
  AgentTaskStatus,
  ClientToolPart,
  ClientToolStatus,
  CitationsPart,
  ContextChip,
  ConversationOptions,
  ErrorAction,
  ErrorView,
  ImageMime,
  ImagePart,
  MessageBase,
  MessagePart,
  MessageRole,
  MessageStatus,
  PartType,
  ReasoningPart,
  ServerToolPart,
  ServerToolStatus,
  Source,
  TextPart,
  ToolApprovalView,
  UsageView,
} from './shared/messageParts';

/** A message as the page shows it: the parts (images with their data: URLs), and the chips sent with it. */
export interface MessageView extends MessageBase {
  context?: ContextChip[];
}

/** An image the user attached in the composer, on its way to the host (checked there: type, size, content). */
export interface AttachedImage {
  name: string;
  mimeType: ImageMime;
  /** data:image/png;base64,... as the page read it. */
  dataUrl: string;
}

/**
 * Where an answer stands before its text arrives, so the page says what is really happening:
 * connecting (no byte from the server yet), waiting before a retry (429, 5xx, network), the stream has
 * started but nothing is in it yet, or the model is thinking (reasoning, or the silent keep-alives of a
 * reasoning model).
 */
export type AnswerPhase =
  | { phase: 'connecting' }
  /** `attempt`: which retry this is (1 for the first). */
  | { phase: 'retrying'; attempt: number; delayMs: number; reason: string; status?: number; since: number }
  | { phase: 'started' }
  | { phase: 'thinking' };

/** What a # (or @) mention can pick. */
export type MentionKind = 'file' | 'folder' | 'symbol' | 'problems' | 'diff';

/** One entry of the mention picker; `ref` is the host's own handle for it (sent back as is when picked). */
export interface MentionItem {
  kind: MentionKind;
  label: string;
  /** Where it is (a symbol's file and line, a folder's parent), or what it holds. */
  detail?: string;
  ref: string;
}

/**
 * Instructions that go with every request of the conversation: the grok.chat.instructions setting
 * ("Instructions") and each project rules file ("Rules: AGENTS.md"). Removable for the conversation.
 */
export interface InstructionChip {
  /** "setting", or the rule file's name as shown ("AGENTS.md", ".grok/rules/style.md"). */
  id: string;
  kind: 'rules' | 'instructions';
  label: string;
  chars: number;
  preview?: string;
}

export interface ConversationView {
  id: string;
  title: string;
  messages: MessageView[];
  /** Sum over the conversation's answers. */
  totalUsage?: UsageView;
}

export interface ModelOption {
  id: string;
  contextWindow?: number;
  /** $ per 1M tokens. */
  promptPrice?: number;
  completionPrice?: number;
  reasoning?: boolean;
  vision?: boolean;
  /** Reasoning efforts the model takes (from the list's capabilities, or learned); absent: no picker. */
  reasoningEfforts?: string[];
  /** An image model (grok-imagine-*): offered for /imagine, not for chat. */
  imageOutput?: boolean;
  /** The picker's group, e.g. "Grok 4.1", "Grok Code". */
  family?: string;
}

export interface HistoryItem {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

/**
 * highlight.js classes the page colours from the theme, as CSS custom-property names (`--grok-token-<key>`):
 * `title-function` is `.hljs-title.function_`, `built-in` is `.hljs-built_in`, and so on.
 */
export type TokenColorKey =
  | 'keyword' | 'built-in' | 'type' | 'literal' | 'number' | 'string' | 'regexp' | 'comment' | 'doctag'
  | 'title' | 'title-function' | 'title-class' | 'attr' | 'attribute' | 'variable' | 'params' | 'property'
  | 'operator' | 'meta' | 'symbol' | 'bullet' | 'tag' | 'name' | 'selector-tag' | 'selector-class'
  | 'selector-id' | 'selector-pseudo' | 'section' | 'quote' | 'addition' | 'deletion';

/** Hex colours (#rgb, #rgba, #rrggbb, #rrggbbaa) by class; a class left out keeps the page's own colour. */
export type TokenColors = Partial<Record<TokenColorKey, string>>;

/** Host -> webview. */
export type HostMessage =
  /** After `ready`, on re-open and on switching conversation: the whole state to render. */
  | {
      type: 'snapshot';
      conversation: ConversationView;
      hasKey: boolean;
      generating: boolean;
      models: ModelOption[];
      model: string;
      pendingContext: ContextChip[];
      /** The conversation's composer choices (search, code execution, effort). */
      options?: ConversationOptions;
      /** The chat uses an API with server-side tools (Responses): the search and code toggles can work. */
      serverTools?: boolean;
      /** The first page since the window (re)loaded: it opens at the newest message, not where an older page was. */
      atStart?: boolean;
      /** The instructions this conversation sends (setting, project rules), as chips. */
      instructions?: InstructionChip[];
      /** The mode a conversation without its own uses (grok.agent.defaultMode). */
      defaultMode?: AgentMode;
    }
  /** A message was appended (the user's turn, or an assistant turn that starts streaming). */
  | { type: 'messageAdded'; message: MessageView }
  /** Streamed text for the open assistant message; batched by the host, at most about once a frame. */
  | { type: 'delta'; messageId: string; text?: string; reasoning?: string; answerStartedAt?: number }
  /**
   * The assistant message ended: done, stopped (partial text kept) or error. `totalUsage` is the
   * conversation's new total, absent when no answer in it has usage.
   */
  | { type: 'messageDone'; messageId: string; status: Exclude<MessageStatus, 'streaming'>; usage?: UsageView; error?: ErrorView; totalUsage?: UsageView }
  /** A part of a message was added or changed: a tool card's status, the Sources list, an image. Replaces the part with the same id. */
  | { type: 'part'; messageId: string; part: MessagePart }
  /** The conversation's composer choices changed (or were refused: the page shows what holds). */
  | { type: 'options'; options: ConversationOptions; serverTools?: boolean; defaultMode?: AgentMode }
  /** Messages from this id on were removed (regenerate, edit and resend); the total of what is left. */
  | { type: 'truncate'; fromMessageId: string; totalUsage?: UsageView }
  | { type: 'generating'; generating: boolean }
  | { type: 'models'; models: ModelOption[]; model: string }
  | { type: 'keyStatus'; hasKey: boolean }
  /** The chips that will go with the next message. */
  | { type: 'pendingContext'; chips: ContextChip[] }
  /**
   * Answer to `listHistory`: the newest conversations first, a page at a time. `from`: where `items` start
   * in the whole list (absent or 0: a new list; more: the next page of the same list); `total`: how many
   * the whole list holds (absent: `items` are all of them; for a search with more hits left, a number
   * past this page's end, since the search stops there).
   */
  | { type: 'history'; items: HistoryItem[]; query: string; from?: number; total?: number }
  /**
   * A notice that is not tied to a message (e.g. a damaged history file set aside). A notice with a `key`
   * takes the place of the one shown with the same key (a problem, then the news that it is over).
   */
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string; actions?: ErrorAction[]; key?: string }
  /** Put the caret in the input (grok.openChat, a new chat). */
  | { type: 'focusInput' }
  /** The colour theme's code colours, after the snapshot that answers `ready` and whenever the theme changes. */
  | { type: 'tokenColors'; colors: TokenColors }
  /** What the open answer is waiting for (sent on each change until its text starts, and after a snapshot). */
  | { type: 'answerPhase'; messageId: string; state: AnswerPhase }
  /** Show the conversation list in the page (grok.chatHistory, the view's History button). */
  | { type: 'showHistory' }
  /**
   * The page's fixed strings in the user's language (shared/pageStrings.ts), sent first in answer to
   * `ready`; `locale` is VS Code's display language, for numbers ("1.234" in German).
   */
  | { type: 'strings'; strings: PageStrings; locale?: string }
  /** Answer to `mentionQuery`: what the picker offers; `note` says what is missing (no workspace, no git). */
  | { type: 'mentionResults'; requestId: number; query: string; items: MentionItem[]; note?: string }
  /** The instructions the open conversation sends changed (a chip removed, the setting or a rules file edited). */
  | { type: 'instructions'; chips: InstructionChip[] }
  /** A `send` the host refused (a notice says why): its text and images go back into the composer. */
  | { type: 'unsent'; text: string; images: AttachedImage[] };

/** Webview -> host. The host validates every one before use. */
export type WebviewMessage =
  /** Sent once the page is listening; the host answers with a snapshot. */
  | { type: 'ready' }
  | { type: 'send'; text: string; images?: AttachedImage[] }
  /** Toggles and pickers of the composer for this conversation. */
  | { type: 'setOptions'; options: ConversationOptions }
  /** /imagine <prompt>: generate images with an image model from the live list. */
  | { type: 'imagine'; prompt: string }
  /** Save As… / Copy for an image in the conversation. */
  | { type: 'saveImage'; messageId: string; imageId: string }
  | { type: 'copyImage'; messageId: string; imageId: string }
  | { type: 'stop' }
  | { type: 'regenerate' }
  /** Replace a sent user message and resend from there. */
  | { type: 'editAndResend'; messageId: string; text: string }
  | { type: 'newChat' }
  | { type: 'selectModel'; model: string }
  | { type: 'addContext'; kind: 'selection' | 'file' }
  /** The text after a typed # or @: what the picker should offer. */
  | { type: 'mentionQuery'; requestId: number; query: string }
  /** An entry of the mention picker was chosen: it becomes a chip for the next message. */
  | { type: 'addMention'; kind: MentionKind; ref: string }
  /** A chip of a sent message was clicked: open what it refers to. */
  | { type: 'openContext'; messageId: string; chipId: string }
  /** Stop sending an instruction chip's text with this conversation. */
  | { type: 'removeInstruction'; id: string }
  | { type: 'removeContext'; id: string }
  | { type: 'copyCode'; code: string }
  | { type: 'insertCode'; code: string }
  | { type: 'replaceSelection'; code: string }
  | { type: 'openInNewFile'; code: string; language?: string }
  /** A link in model output was clicked; the host opens only http(s). */
  | { type: 'openLink'; href: string }
  | { type: 'action'; action: ErrorAction }
  /** The conversations matching `query` (all when empty); `from`: the next page, from that position on. */
  | { type: 'listHistory'; query: string; from?: number }
  | { type: 'openConversation'; id: string }
  | { type: 'renameConversation'; id: string; title: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'exportConversation'; id: string }
  /**
   * The user's Approve or Deny on an agent tool card (a button press, never typed text). The host acts
   * only when that call is waiting; a stale or repeated answer changes nothing.
   */
  | { type: 'approveTool'; callId: string; approved: boolean; reason?: string }
  /** Open Diff on a tool card (a proposed or applied file change), beside the editor, without focus. */
  | { type: 'openToolDiff'; messageId: string; callId: string }
  /** The task card: a paused task goes on (continue) or ends. */
  | { type: 'continueTask'; taskId: string; goOn: boolean }
  /** The task card: Revert task (every file it changed back as it was), and Open Diff for one changed file. */
  | { type: 'revertTask'; messageId: string; taskId: string }
  | { type: 'openTaskDiff'; taskId: string; path: string };

export type HostMessageType = HostMessage['type'];
export type WebviewMessageType = WebviewMessage['type'];
