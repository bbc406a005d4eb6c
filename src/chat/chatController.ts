// The host side of the chat: owns the open conversation, the pending context chips and the running
// answer, and keeps the webview in step (a snapshot after every `ready`, deltas in between). The view
// may come and go (retainContextWhenHidden is off); the conversation and a running answer do not.
import * as vscode from 'vscode';
import { readConfig } from '../platform/config';
import { createClient } from '../platform/clientFactory';
import { SET_KEY } from '../platform/keyCommands';
import { error as logError, info, warn } from '../platform/log';
import { setBusy } from '../platform/activity';
import type { ContextChip, ErrorAction, HostMessage, MessageStatus, UsageView } from '../protocol';
import { getApiKey } from '../platform/secrets';
import type { ChatRequest } from '../xai/types';
import { ActiveThemeColors } from './activeThemeColors';
import { ChatRun, type RunOutcome } from './chatRun';
import { contextFromEditor, withChip } from '../platform/editorContext';
import {
  addAssistantMessage,
  addUserMessage,
  buildRequestMessages,
  conversationView,
  editIndex,
  messageView,
  newConversation,
  regenerateIndex,
  settleInterrupted,
  totalUsage,
  truncateAt,
  type ContextItem,
  type Conversation,
} from '../conversation/conversation';
import { EditorTracker } from './codeBlockActions';
import { isKeyProblem } from '../platform/errorView';
import { HistoryStore, type HistoryProblem } from '../conversation/historyStore';
import { ModelCatalog, modelOptions } from '../platform/modelCatalog';
import { WebviewChannel } from './webviewChannel';

/** What grok.ask resolves with; the integration tests read this shape. */
export interface AskResult {
  text?: string;
  status?: Exclude<MessageStatus, 'streaming'>;
  usage?: UsageView;
  error?: { kind: string; message: string };
}

export const NO_KEY_MESSAGE = 'No xAI API key is set. Set one to chat with Grok.';
const CURRENT_KEY = 'grok.chat.currentConversation';

export class ChatController implements vscode.Disposable {
  readonly store: HistoryStore;
  readonly models: ModelCatalog;
  readonly editors = new EditorTracker();

  private conversation: Conversation = newConversation();
  /** Set once the conversation to show at start-up has been chosen (the last one open in this workspace). */
  private restored: Promise<void> | undefined;
  /** The user chose a conversation (new chat, history): start-up restoring must not replace it. */
  private chosen = false;
  private pending: ContextItem[] = [];
  private run: ChatRun | undefined;
  private runDone: Promise<RunOutcome> | undefined;
  /** Turns that start an answer run one after another (grok.ask while an answer streams waits its turn). */
  private turns: Promise<unknown> = Promise.resolve();
  private readonly channel = new WebviewChannel();
  private readonly themeColors = new ActiveThemeColors();
  private lastHistoryQuery = '';
  private readonly shownWriteFailures = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.store = new HistoryStore(vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath, {
      onProblem: (p) => this.onHistoryProblem(p),
    });
    this.models = new ModelCatalog((signal) => createClient().listModels({ signal }));
    this.disposables.push(this.editors, this.themeColors, this.themeColors.onDidChange((colors) => this.post({ type: 'tokenColors', colors })));
  }

  dispose(): void {
    this.run?.stop();
    for (const d of this.disposables) d.dispose();
  }

  /** The window is closing: stop the answer (its text is kept, as stopped) and wait for history writes. */
  async shutdown(): Promise<void> {
    const run = this.run;
    run?.stop();
    await run?.done.catch(() => undefined);
    await this.store.flush();
  }

  // ---- The view ----

  attach(webview: vscode.Webview): void {
    this.channel.attach(webview);
  }

  detach(webview: vscode.Webview, disposed: boolean): void {
    // A closed view (not just hidden) stops its answer; the partial text is kept.
    if (this.channel.detach(webview, disposed) && disposed) this.run?.stop();
  }

  async onReady(): Promise<void> {
    await this.postSnapshot(true);
    this.refreshModels(false);
    // A new page has only its stylesheet's colours; the theme's follow the snapshot.
    this.post({ type: 'tokenColors', colors: await this.themeColors.colors() });
  }

  post(message: HostMessage): void {
    this.channel.post(message);
  }

  /** The whole state; `fromReady` answers the page's `ready`. */
  async postSnapshot(fromReady = false): Promise<void> {
    if (!this.channel.hasPage) return;
    await this.restore();
    const hasKey = (await getApiKey()) !== undefined;
    const { model } = readConfig();
    this.channel.postSnapshot(() => {
      // The deltas not yet posted are in this snapshot: posting them too would double them.
      this.run?.discardPendingDeltas();
      return {
        type: 'snapshot',
        conversation: conversationView(this.conversation),
        hasKey,
        generating: this.run !== undefined,
        models: modelOptions(this.models.models, model),
        model,
        pendingContext: this.pending.map((c) => c.chip),
      };
    }, fromReady);
  }

  focusInput(): void {
    this.channel.focusInput();
  }

  notice(level: 'info' | 'warning' | 'error', message: string, actions?: ErrorAction[]): void {
    this.channel.notice(level, message, actions);
  }

  // ---- Asking ----

  /**
   * Sends a user turn, with the pending chips plus `extraContext` (explain selection's), and resolves
   * when the answer has settled. Without a key nothing is sent: the
   * panel shows its setup card and the caller gets a badKey result.
   */
  send(text: string, extraContext: ContextItem[] = []): Promise<AskResult> {
    return this.exclusive(async () => {
      await this.restore();
      if (!(await this.requireKey())) return { error: { kind: 'badKey', message: NO_KEY_MESSAGE } };
      const conv = this.conversation;
      const user = addUserMessage(conv, text, [...this.pending, ...extraContext]);
      this.pending = [];
      this.post({ type: 'messageAdded', message: messageView(user) });
      this.post({ type: 'pendingContext', chips: [] });
      this.persist(conv); // the question is kept even if the window dies before the answer
      return toAskResult(await this.answer());
    });
  }

  /** Answers the last question again, replacing the answer(s) after it. Also the Retry action. */
  async regenerate(): Promise<void> {
    if (this.run) return; // the webview offers it only when nothing is generating
    await this.exclusive(async () => {
      const conv = this.conversation;
      const index = regenerateIndex(conv);
      if (index === undefined || !(await this.requireKey())) return;
      this.truncate(conv, index);
      this.persist(conv);
      await this.answer();
    });
  }

  /** Replaces a sent question (keeping its attachments) and answers it again; later turns are dropped. */
  async editAndResend(messageId: string, text: string): Promise<void> {
    this.stop(); // editing while an answer streams: that answer is stopped, then cut
    await this.exclusive(async () => {
      const conv = this.conversation;
      const index = editIndex(conv, messageId);
      if (index === undefined) {
        warn(`chat: editAndResend of unknown message ${messageId}`);
        return;
      }
      if (!(await this.requireKey())) return;
      const context = conv.messages[index].context ?? [];
      this.truncate(conv, index);
      const user = addUserMessage(conv, text, context);
      this.post({ type: 'messageAdded', message: messageView(user) });
      this.persist(conv);
      await this.answer();
    });
  }

  /** Cuts the conversation and tells the page, with the total of the answers that are left. */
  private truncate(conv: Conversation, index: number): void {
    const fromId = truncateAt(conv, index);
    if (!fromId) return;
    const total = totalUsage(conv);
    this.post({ type: 'truncate', fromMessageId: fromId, ...(total ? { totalUsage: total } : {}) });
  }

  private exclusive<T>(turn: () => Promise<T>): Promise<T> {
    const result = this.turns.then(turn);
    this.turns = result.catch(() => undefined);
    return result;
  }

  stop(): void {
    this.run?.stop();
  }

  private async stopAndSettle(): Promise<void> {
    this.run?.stop();
    await this.runDone;
  }

  private answer(): Promise<RunOutcome> {
    const conv = this.conversation;
    const config = readConfig();
    const request: ChatRequest = { model: config.model, messages: buildRequestMessages(conv) };
    if (config.maxOutputTokens > 0) request.maxCompletionTokens = config.maxOutputTokens;
    const message = addAssistantMessage(conv, config.model);
    this.post({ type: 'messageAdded', message: messageView(message) });

    // Prices for the cost line; the list is cached, and the answer does not wait for it.
    this.models.refresh().catch(() => undefined);
    const client = createClient();
    const run = new ChatRun({
      conversation: conv,
      message,
      request,
      stream: (r, signal) => client.streamChat(r, { signal }),
      prices: (model) => this.models.prices(model),
      // A run whose conversation is no longer shown (switched away) still saves, but does not post.
      post: (m) => {
        if (this.conversation === conv) this.post(m);
      },
      persist: () => this.persist(conv),
      log: info,
    });
    this.run = run;
    this.setGenerating(true);
    const done = run.done.then((outcome) => {
      if (this.run === run) {
        this.run = undefined;
        this.runDone = undefined;
        this.setGenerating(false);
      }
      this.afterAnswer(outcome);
      return outcome;
    });
    this.runDone = done;
    return done;
  }

  private afterAnswer(outcome: RunOutcome): void {
    info(`chat: answer ${outcome.status}${outcome.finishReason ? ` (${outcome.finishReason})` : ''}, ${outcome.text.length} chars`);
    if (outcome.error) warn(`chat: ${outcome.error.kind}: ${outcome.error.message}`);
    if (outcome.error && isKeyProblem(outcome.error.kind)) void this.postKeyStatus();
    if (outcome.error?.kind === 'modelNotFound') this.refreshModels(true);
    if (outcome.finishReason === 'length') {
      this.notice('info', 'The answer reached its token limit and was cut short (the setting grok.maxOutputTokens, or the model\'s own limit).', ['openSettings']);
    }
  }

  private setGenerating(generating: boolean): void {
    void vscode.commands.executeCommand('setContext', 'grok.generating', generating);
    setBusy('chat', generating); // the status bar's progress
    this.post({ type: 'generating', generating });
  }

  /** True when a key is set; else the panel shows the setup card and a notice offers to set one. */
  private async requireKey(): Promise<boolean> {
    if (await getApiKey()) return true;
    this.post({ type: 'keyStatus', hasKey: false });
    this.notice('warning', NO_KEY_MESSAGE, ['setApiKey']);
    return false;
  }

  /** The warning grok.ask shows without a key (the panel may not be open to show its card). */
  warnNoKey(): void {
    void vscode.window.showWarningMessage(`Grok: ${NO_KEY_MESSAGE}`, SET_KEY).then((pick) => {
      if (pick === SET_KEY) void vscode.commands.executeCommand('grok.setApiKey');
    });
  }

  // ---- Context chips ----

  addContext(kind: ContextChip['kind']): void {
    const editor = this.editors.target();
    if (!editor) {
      this.notice('info', kind === 'selection' ? 'Select some code in an editor first, then add it.' : 'Open a file in an editor first, then add it.');
      return;
    }
    const item = contextFromEditor(editor, kind);
    if ('error' in item) {
      this.notice('info', item.error);
      return;
    }
    this.pending = withChip(this.pending, item);
    this.post({ type: 'pendingContext', chips: this.pending.map((c) => c.chip) });
  }

  removeContext(id: string): void {
    this.pending = this.pending.filter((c) => c.chip.id !== id);
    this.post({ type: 'pendingContext', chips: this.pending.map((c) => c.chip) });
  }

  // ---- Conversations ----

  async newChat(): Promise<void> {
    await this.stopAndSettle();
    this.show(newConversation());
    await this.postSnapshot();
    this.focusInput();
  }

  async openConversation(id: string): Promise<boolean> {
    if (id === this.conversation.id) {
      await this.postSnapshot();
      return true;
    }
    await this.stopAndSettle();
    const conv = await this.store.load(id);
    if (!conv) {
      this.notice('warning', 'That conversation could not be opened. See the log for details.', ['showLog']);
      await this.postHistory(this.lastHistoryQuery);
      return false;
    }
    if (settleInterrupted(conv)) this.persist(conv);
    this.show(conv);
    await this.postSnapshot();
    return true;
  }

  async renameConversation(id: string, title: string): Promise<void> {
    if (id === this.conversation.id) {
      this.conversation.title = title;
      this.conversation.titleEdited = true;
      // An empty conversation has no file yet; its title is saved with its first message.
      this.persist(this.conversation);
      await this.postSnapshot();
    } else if (!(await this.store.rename(id, title))) {
      this.notice('warning', 'That conversation no longer exists.');
    }
    await this.postHistory(this.lastHistoryQuery);
  }

  async deleteConversation(id: string): Promise<void> {
    if (id === this.conversation.id) {
      await this.stopAndSettle();
      this.show(newConversation());
      await this.postSnapshot();
    }
    await this.store.delete(id);
    await this.postHistory(this.lastHistoryQuery);
  }

  async postHistory(query: string): Promise<void> {
    this.lastHistoryQuery = query;
    const entries = query.trim() ? await this.store.search(query) : await this.store.list();
    this.post({
      type: 'history',
      query,
      items: entries.map(({ id, title, updatedAt, messageCount }) => ({ id, title, updatedAt, messageCount })),
    });
  }

  /** The open conversation (without an id), or one from the store (for export); undefined when it cannot be read. */
  async conversationById(id?: string): Promise<Conversation | undefined> {
    await this.restore();
    return id === undefined || id === this.conversation.id ? this.conversation : this.store.load(id);
  }

  private show(conv: Conversation): void {
    this.chosen = true;
    this.conversation = conv;
    void this.context.workspaceState.update(CURRENT_KEY, conv.messages.length ? conv.id : undefined);
  }

  /** Reopens the conversation that was open in this workspace before a reload or restart. */
  private restore(): Promise<void> {
    this.restored ??= (async () => {
      const id = this.context.workspaceState.get<string>(CURRENT_KEY);
      if (!id || this.chosen || this.conversation.messages.length) return;
      const conv = await this.store.load(id).catch(() => undefined);
      if (!conv || this.chosen || this.conversation.messages.length) return;
      if (settleInterrupted(conv)) this.persist(conv);
      this.conversation = conv;
    })();
    return this.restored;
  }

  private persist(conv: Conversation): void {
    if (!conv.messages.length) return;
    if (conv === this.conversation) void this.context.workspaceState.update(CURRENT_KEY, conv.id);
    // Failures reach onHistoryProblem; the rejection itself has nothing more to say.
    this.store.save(conv).catch(() => undefined);
  }

  private onHistoryProblem(problem: HistoryProblem): void {
    const where = problem.movedTo ?? problem.file ?? '';
    switch (problem.kind) {
      case 'indexRebuilt':
        info(`history: ${problem.message}`);
        return;
      case 'repairedConversation':
        warn(`history: ${problem.message} (${where})`);
        return;
      case 'unreadableConversation':
      case 'damagedConversation':
        warn(`history: ${problem.message} (${where})`);
        this.notice('warning', problem.message, ['showLog']);
        return;
      case 'writeFailed':
        logError(`history: ${problem.message} (${where})`);
        // Once per conversation: a full disk would otherwise repeat it every two seconds.
        if (!this.shownWriteFailures.has(problem.id ?? 'index')) {
          this.shownWriteFailures.add(problem.id ?? 'index');
          this.notice('error', problem.message, ['showLog']);
        }
        return;
    }
  }

  // ---- Key and models ----

  async postKeyStatus(): Promise<void> {
    const hasKey = (await getApiKey()) !== undefined;
    this.post({ type: 'keyStatus', hasKey });
  }

  onKeyChanged(): void {
    this.models.invalidate();
    void this.postKeyStatus();
    this.refreshModels(true);
  }

  onServerChanged(): void {
    this.models.invalidate();
    this.postModels();
    this.refreshModels(true);
  }

  postModels(): void {
    const { model } = readConfig();
    this.post({ type: 'models', models: modelOptions(this.models.models, model), model });
  }

  /**
   * Loads the live list (the client falls back from /language-models to /models); when both fail the
   * picker keeps the configured model, and the log says why. Nothing is asked without a key.
   */
  refreshModels(force: boolean): void {
    void (async () => {
      if (!(await getApiKey())) return;
      try {
        await this.models.refresh(force);
      } catch (e) {
        warn(`chat: model list unavailable: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.postModels();
    })();
  }
}

function toAskResult(outcome: RunOutcome): AskResult {
  const result: AskResult = { text: outcome.text, status: outcome.status };
  if (outcome.usage) result.usage = outcome.usage;
  if (outcome.error) result.error = outcome.error;
  return result;
}
