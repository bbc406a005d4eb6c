// The host side of the chat: owns the open conversation, the pending context chips and the running
// answer, and keeps the webview in step (a snapshot after every `ready`, deltas in between). The view
// may come and go (retainContextWhenHidden is off); the conversation and a running answer do not.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readAgentConfig, readConfig } from '../platform/config';
import { createClient } from '../platform/clientFactory';
import { SET_KEY } from '../platform/keyCommands';
import { error as logError, info, warn } from '../platform/log';
import { setBusy } from '../platform/activity';
import type { AttachedImage, ConversationOptions, MentionKind, ErrorAction, HostMessage, ImagePart, MessageStatus, UsageView } from '../protocol';
import { getApiKey } from '../platform/secrets';
import type { ModelRequest } from './chatRun';
import type { StreamEvent } from '../xai/types';
import { ApiMemory } from './apiMemory';
import { chatRequest, isEffortRefused, isRouteMissing, responsesRequest, withRecovery, type RequestSettings } from './chatRequest';
import { ImageFiles } from '../conversation/imageFiles';
import { takeImages, type ImageIntake } from './attachedImages';
import { imagesOf, type ImageResolver } from '../conversation/conversation';
import { imageModelFor } from './imageModels';
import { compactionPlan } from '../conversation/compaction';
import type { CompactionResult } from '../xai/types';
import { errorView } from '../platform/errorView';
import { TICKS_PER_USD } from '../xai/cost';
import { recordSpend } from '../platform/spend';
import type { XaiErrorInfo } from '../xai/types';

import { ActiveThemeColors } from './activeThemeColors';
import { ChatRun, type RunOutcome } from './chatRun';
import { contextFromEditor, withChip } from '../platform/editorContext';
import {
  addAssistantMessage,
  addUserMessage,
  conversationView,
  editIndex,
  messageView,
  newConversation,
  newId,
  imaginePrompt,
  regenerateIndex,
  settleInterrupted,
  totalUsage,
  truncateAt,
  type ContextItem,
  type Conversation,
  type StoredMessage,
} from '../conversation/conversation';
import { EditorTracker } from './codeBlockActions';
import { isKeyProblem } from '../platform/errorView';
import { HistoryStore, type HistoryProblem } from '../conversation/historyStore';
import { SAVE_NOTICE_KEY, saveFailedNotice, savedAgainNotice } from './historyNotice';
import { HISTORY_PAGE, historyMessage, type HistoryMessage } from '../conversation/historyPage';
import { modelOptions, type ModelCatalog } from '../platform/modelCatalog';
import { effectiveModel, modelInUse, noModelMessage, sharedModels } from '../platform/modelChoice';
import { WebviewChannel } from './webviewChannel';
import { Mentions } from './mentions';
import { conversationInstructionChips, conversationInstructions } from '../platform/instructions';
import type { AgentService } from '../agent/agentService';
import { openChangeDiff } from '../agent/changeDiff';
import type { AgentRequest, ToolCallCard } from '../agent/agentTypes';
import type { FileChange } from '../agent/tools/toolTypes';
import { responsesInput } from '../conversation/responsesInput';
import { buildRequestMessages, SYSTEM_PROMPT } from '../conversation/conversation';
import type { AgentMode, AgentTaskPart, CompactionPart } from '../shared/messageParts';
import { textOf } from '../shared/messageParts';
import type { AgentTurn, AnswerRun } from './agentTurn';
import { resumableTask, type ResumableTask } from './agentResume';
import type { AgentResume } from '../agent/agentLoop';
import type { ChatMessage, RawResponsesItem } from '../xai/types';
import type * as AgentCode from './agentCode';

/** The agent's code, loaded the first time a task needs it (see agentCode.ts). */
const loadAgent = (): Promise<typeof AgentCode> => import('./agentCode.js');

/**
 * The instructions of an Ask or Agent task: how to use the tools, then what every request of the
 * conversation carries (grok.chat.instructions, AGENTS.md, .grok/rules, minus the chips the user removed).
 */
export type AgentInstructions = (mode: 'ask' | 'agent', conversation: Conversation) => Promise<string>;

/** What grok.ask resolves with; the integration tests read this shape. */
export interface AskResult {
  text?: string;
  status?: Exclude<MessageStatus, 'streaming'>;
  usage?: UsageView;
  error?: { kind: string; message: string };
}

export const NO_KEY_MESSAGE = vscode.l10n.t('No xAI API key is set. Set one to chat with Grok.');
const CURRENT_KEY = 'grok.chat.currentConversation';

export class ChatController implements vscode.Disposable {
  readonly store: HistoryStore;
  readonly models: ModelCatalog;
  readonly editors = new EditorTracker();
  private readonly mentions = new Mentions();

  private conversation: Conversation = newConversation();
  /** Set once the conversation to show at start-up has been chosen (the last one open in this workspace). */
  private restored: Promise<void> | undefined;
  /** The user chose a conversation (new chat, history): start-up restoring must not replace it. */
  private chosen = false;
  private pending: ContextItem[] = [];
  private run: AnswerRun | undefined;
  /** The running Ask or Agent task (also in `run`): approvals and the budget pause go to it. */
  private agentTurn: AgentTurn | undefined;
  private agentService: AgentService | undefined;
  /** File changes of tool cards, for Open Diff (proposed, or applied once the tool ran). */
  private readonly cardChanges = new Map<string, { change: FileChange; applied: boolean }>();
  /** Where an Ask or Agent task's instructions come from (a parameter, so project rules and custom instructions meet in one place). */
  agentInstructions: AgentInstructions = async (mode, conversation) => {
    const own = (await loadAgent()).agentInstructions(mode, []);
    const shared = await conversationInstructions(conversation);
    return shared ? `${own}\n\n${shared}` : own;
  };
  /** A running /imagine request. */
  private imageRun: { stop(): void } | undefined;
  /** A running compaction (POST /responses/compact): Stop aborts it. */
  private compactRun: AbortController | undefined;
  private runDone: Promise<RunOutcome> | undefined;
  /** Turns that start an answer run one after another (grok.ask while an answer streams waits its turn). */
  private turns: Promise<unknown> = Promise.resolve();
  private readonly channel = new WebviewChannel();
  private readonly themeColors = new ActiveThemeColors();
  private lastHistoryQuery = '';
  /** How far the page's list reaches: a refresh (after a rename, a delete) sends as many items again. */
  private historyEnd = 0;
  /** The page has asked for the list: a change the store finds on its own is sent as a refresh. */
  private historyShown = false;
  /** Set once a page has had its snapshot: later pages are the same view shown again. */
  private servedPage = false;
  private readonly disposables: vscode.Disposable[] = [];
  readonly images: ImageFiles;
  readonly memory: ApiMemory;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.store = new HistoryStore(vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath, {
      onProblem: (p) => this.onHistoryProblem(p),
      onWritesResumed: () => {
        info('history: saving works again; everything refused meanwhile is written');
        this.notice('info', savedAgainNotice(), undefined, SAVE_NOTICE_KEY);
      },
      onChange: () => {
        if (this.historyShown) void this.refreshHistory().catch(() => undefined);
      },
    });
    this.images = new ImageFiles((id) => this.store.filesDir(id));
    this.memory = new ApiMemory(context.globalState);
    this.models = sharedModels();
    this.disposables.push(this.editors, this.mentions, this.themeColors, this.themeColors.onDidChange((colors) => this.post({ type: 'tokenColors', colors })));
  }

  dispose(): void {
    // A task waiting for the user stays as saved (see shutdown); anything else running stops.
    if (!this.agentTurn?.waitingForUser) this.run?.stop();
    this.agentService?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** The window is closing: stop the answer (its text is kept, as stopped) and wait for history writes. */
  async shutdown(): Promise<void> {
    // An agent task waiting for the user is left as saved: after a reload it goes on and asks again.
    if (this.agentTurn?.waitingForUser) {
      info(`agent: the window closes while task ${this.agentTurn.taskId} waits for the user; it goes on after a reload`);
      await this.store.flush();
      return;
    }
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
    // A closed view (not just hidden) stops its answer; the partial text is kept. An agent task waiting
    // for the user is not stopped: its question is host state, shown again when a view comes back (a
    // window reload disposes the view first, and the task goes on after it).
    if (this.channel.detach(webview, disposed) && disposed && !this.agentTurn?.waitingForUser) this.run?.stop();
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
    const model = this.shownModel();
    const conv = this.conversation;
    await this.loadImages(conv);
    const instructions = await conversationInstructionChips(conv).catch(() => []);
    const atStart = fromReady && !this.servedPage;
    if (fromReady) this.servedPage = true;
    this.channel.postSnapshot(() => {
      // The deltas not yet posted are in this snapshot: posting them too would double them.
      this.run?.discardPendingDeltas();
      return {
        ...(atStart ? { atStart: true } : {}),
        type: 'snapshot',
        conversation: conversationView(this.conversation, this.imageResolver(this.conversation)),
        hasKey,
        generating: this.run !== undefined || this.runDone !== undefined,
        models: this.modelList(model),
        model,
        pendingContext: this.pending.map((c) => c.chip),
        options: this.conversation.options ?? {},
        serverTools: this.serverTools(),
        instructions,
        defaultMode: readAgentConfig().defaultMode,
      };
    }, fromReady);
    // The page rebuilt mid-answer still says what the answer is waiting for.
    if (this.run) this.post({ type: 'answerPhase', messageId: this.run.messageId, state: this.run.phase });
  }

  focusInput(): void {
    this.channel.focusInput();
  }

  showHistory(): void {
    this.channel.showHistory();
  }

  notice(level: 'info' | 'warning' | 'error', message: string, actions?: ErrorAction[], key?: string): void {
    this.channel.notice(level, message, actions, key);
  }

  // ---- Asking ----

  /**
   * Sends a user turn, with the pending chips plus `extraContext` (explain selection's), and resolves
   * when the answer has settled. Without a key nothing is sent: the panel shows its setup card, the caller
   * gets a badKey result, and a question typed in the page (`fromPage`) goes back into its box.
   */
  send(text: string, extraContext: ContextItem[] = [], attached: AttachedImage[] = [], fromPage = false): Promise<AskResult> {
    return this.exclusive(async () => {
      await this.restore();
      if (!(await this.requireKey(fromPage ? { text, images: attached } : undefined))) return { error: { kind: 'badKey', message: NO_KEY_MESSAGE } };
      const conv = this.conversation;
      const images = attached.length ? await takeImages(text, attached, this.imageIntake(conv)) : [];
      if (!images) return { error: { kind: 'badRequest', message: vscode.l10n.t('The images were not sent.') } };
      const user = addUserMessage(conv, text, [...this.pending, ...extraContext], undefined, images);
      this.pending = [];
      this.post({ type: 'messageAdded', message: messageView(user, this.imageResolver(conv)) });
      this.post({ type: 'pendingContext', chips: [] });
      this.persist(conv); // the question is kept even if the window dies before the answer
      return toAskResult(await this.answer());
    });
  }

  /** Where a question's attached images are checked and stored (chat/attachedImages.ts). */
  private imageIntake(conv: Conversation): ImageIntake {
    return {
      model: this.shownModel(),
      models: this.models.models,
      store: (bytes, name) => this.images.add(conv.id, bytes, { origin: 'attached', name }),
      notice: (message) => this.notice('warning', message),
      post: (message) => this.post(message),
    };
  }

  /**
   * /imagine: images from the newest image model the server lists, shown as an answer with its cost.
   * The prompt is the user's turn; the images are stored beside the conversation.
   */
  imagine(prompt: string): Promise<void> {
    return this.exclusive(async () => {
      await this.restore();
      if (!(await this.requireKey({ text: `/imagine ${prompt}` }))) return;
      await this.makeImages(this.conversation, prompt, 'ask');
    });
  }

  /**
   * Generates the images of an /imagine turn: `ask` adds the user's turn first; `again` (Regenerate,
   * Retry) answers the turn that is already last.
   */
  private async makeImages(conv: Conversation, prompt: string, turn: 'ask' | 'again'): Promise<void> {
    const models = await this.models.refresh().catch(() => this.models.models);
    const model = imageModelFor(models);
    if (!model) {
      this.notice('warning', vscode.l10n.t('The server lists no image model, so /imagine cannot make images here.'), ['chooseModel', 'showLog']);
      return;
    }
    if (turn === 'ask') {
      const user = addUserMessage(conv, `/imagine ${prompt}`);
      this.post({ type: 'messageAdded', message: messageView(user) });
    }
    const message = addAssistantMessage(conv, model);
    this.post({ type: 'messageAdded', message: messageView(message) });
    this.persist(conv);
    const abort = new AbortController();
    const stopRun = { stop: () => abort.abort() };
    this.imageRun = stopRun;
    this.setGenerating(true);
    try {
      const result = await createClient().generateImages({ model, prompt, n: 1 }, { signal: abort.signal });
      for (const image of result.images) {
        const part = await this.images.add(conv.id, Buffer.from(image.base64, 'base64'), { origin: 'generated', prompt });
        message.parts.push(part);
        if (this.conversation === conv) this.post({ type: 'part', messageId: message.id, part: { ...part, dataUrl: this.images.dataUrl(conv.id, part) } });
      }
      message.status = 'done';
      if (result.costInUsdTicks !== undefined) {
        message.usage = { promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, reasoningTokens: 0, costUsd: result.costInUsdTicks / TICKS_PER_USD, costExact: true };
        recordSpend('chat', result.costInUsdTicks / TICKS_PER_USD); // images cost money too: the status bar's spend
      }
    } catch (e) {
      const failure = (e as { info?: XaiErrorInfo }).info ?? { kind: 'malformed' as const, message: e instanceof Error ? e.message : String(e) };
      if (abort.signal.aborted || failure.kind === 'cancelled') message.status = 'stopped';
      else {
        message.status = 'error';
        message.error = errorView(failure);
      }
      warn(`chat: /imagine ${failure.kind}: ${failure.message}`);
    } finally {
      if (this.imageRun === stopRun) this.imageRun = undefined;
      this.setGenerating(false);
    }
    conv.updatedAt = Date.now();
    this.persist(conv);
    const total = totalUsage(conv);
    if (this.conversation === conv) {
      this.post({
        type: 'messageDone',
        messageId: message.id,
        status: message.status as Exclude<MessageStatus, 'streaming'>,
        ...(message.usage ? { usage: message.usage } : {}),
        ...(message.error ? { error: message.error } : {}),
        ...(total ? { totalUsage: total } : {}),
      });
    }
  }

  /** Search, X search, code execution and reasoning effort for this conversation. */
  setOptions(options: ConversationOptions): void {
    const conv = this.conversation;
    conv.options = options;
    this.persist(conv);
    this.post({ type: 'options', options, serverTools: this.serverTools(), defaultMode: readAgentConfig().defaultMode });
  }

  /** Whether the next answer goes to /responses, where web and X search and code execution run. */
  serverTools(): boolean {
    const { chatApi, baseUrl } = readConfig();
    return chatApi === 'responses' || (chatApi === 'auto' && this.memory.hasResponses(baseUrl));
  }

  /** Whether the server can compact the conversation: on the Responses API, and not known to lack /responses/compact. */
  private canCompact(): boolean {
    return this.serverTools() && this.memory.hasCompaction(readConfig().baseUrl);
  }

  /** grok.chat.api or the base URL changed, or a server turned out to lack /responses: the toggles follow. */
  postServerTools(): void {
    this.post({ type: 'options', options: this.conversation.options ?? {}, serverTools: this.serverTools(), defaultMode: readAgentConfig().defaultMode });
  }

  private imageResolver(conv: Conversation): ImageResolver {
    return (part) => this.images.dataUrl(conv.id, part);
  }

  private async loadImages(conv: Conversation): Promise<void> {
    const parts = conv.messages.flatMap((m) => imagesOf(m));
    if (parts.length) await this.images.load(conv.id, parts);
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
      // An /imagine turn is answered by image generation again, not by the chat model.
      const prompt = imaginePrompt(textOf(conv.messages[index - 1]));
      if (prompt) await this.makeImages(conv, prompt, 'again');
      else await this.answer();
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
      if (!(await this.requireKey({ text }))) return;
      const context = conv.messages[index].context ?? [];
      // The edited question keeps its images too; read before the cut removes the message.
      const images = imagesOf(conv.messages[index]);
      this.truncate(conv, index);
      const prompt = imaginePrompt(text);
      if (prompt) return this.makeImages(conv, prompt, 'ask');
      const user = addUserMessage(conv, text, context, undefined, images);
      this.post({ type: 'messageAdded', message: messageView(user, this.imageResolver(conv)) });
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
    this.imageRun?.stop();
    this.compactRun?.abort();
  }

  /**
   * Compact and Retry, Grok: Compact Conversation, the full meter: the turns so far become one compaction
   * item (xAI's POST /responses/compact) that later requests start from; the page keeps every turn and
   * shows a divider. After a context-too-long answer the turns before the last question are compacted
   * and the question is asked again. A failure or Stop changes nothing and says so.
   */
  compactConversation(): Promise<void> {
    this.stop(); // an answer still streaming is stopped first (it is kept, as stopped)
    return this.exclusive(async () => {
      await this.restore();
      if (!(await this.requireKey())) return;
      const conv = this.conversation;
      if (!this.canCompact()) {
        this.notice('info', vscode.l10n.t('This server cannot compact conversations (it has no Responses API or no /responses/compact). Start a new chat instead.'), ['newChat']);
        return;
      }
      const plan = compactionPlan(conv);
      if (!plan.ok) {
        this.notice('info', plan.reason, ['newChat']);
        return;
      }
      const config = readConfig();
      const model = await effectiveModel(config.model);
      if (!model) {
        this.notice('warning', noModelMessage(), ['chooseModel', 'showLog']);
        return;
      }
      await this.loadImages(conv);
      const input = responsesInput(conv, this.imageResolver(conv), plan.through + 1);
      const instructions = await conversationInstructions(conv);
      const target = conv.messages[plan.through];
      const running: CompactionPart = { type: 'compaction', id: newId(), status: 'running' };
      target.parts.push(running);
      this.post({ type: 'part', messageId: target.id, part: running });
      const abort = new AbortController();
      this.compactRun = abort;
      this.setGenerating(true);
      let failure: XaiErrorInfo | undefined;
      let result: CompactionResult | undefined;
      try {
        result = await createClient().compact({ model, input, ...(instructions ? { instructions } : {}) }, { signal: abort.signal });
      } catch (e) {
        failure = (e as { info?: XaiErrorInfo }).info ?? { kind: 'malformed', message: e instanceof Error ? e.message : String(e) };
      } finally {
        if (this.compactRun === abort) this.compactRun = undefined;
        this.setGenerating(false);
      }
      target.parts = target.parts.filter((p) => p !== running);
      if (!result) {
        // Nothing was replaced: the divider goes, and the message says why and what to do.
        if (this.conversation === conv) await this.postSnapshot();
        if (abort.signal.aborted || failure?.kind === 'cancelled') {
          info('chat: compaction stopped; the conversation is unchanged');
          this.notice('info', vscode.l10n.t('Compaction stopped. The conversation is unchanged.'));
        } else {
          warn(`chat: compaction failed: ${failure?.kind}: ${failure?.message}`);
          if (failure?.routeMissing) this.memory.markNoCompaction(config.baseUrl); // not offered again for this server
          const why = failure?.routeMissing ? vscode.l10n.t('This server cannot compact conversations (it has no /responses/compact).') : (failure?.message ?? '');
          this.notice('error', vscode.l10n.t('The conversation was not compacted: {0} Nothing was changed; start a new chat to go on.', why), ['newChat', 'showLog']);
        }
        return;
      }
      const done: CompactionPart = { type: 'compaction', id: running.id, status: 'done' };
      if (result.usage) {
        done.tokensBefore = result.usage.promptTokens;
        done.tokensAfter = result.usage.completionTokens + result.usage.reasoningTokens;
        if (result.usage.costInUsdTicks !== undefined) recordSpend('chat', result.usage.costInUsdTicks / TICKS_PER_USD);
      }
      target.parts.push(done);
      target.compactionItems = result.items;
      conv.updatedAt = Date.now();
      this.persist(conv);
      if (this.conversation === conv) this.post({ type: 'part', messageId: target.id, part: done });
      info(`chat: compacted ${plan.through + 1} message(s)${result.usage ? `, ${done.tokensBefore} tokens into ${done.tokensAfter}` : ''}`);
      if (plan.retryFrom !== undefined && this.conversation === conv) {
        this.truncate(conv, plan.retryFrom);
        this.persist(conv);
        await this.answer();
      }
    });
  }

  private async stopAndSettle(): Promise<void> {
    this.run?.stop();
    await this.runDone;
  }

  private async answer(): Promise<RunOutcome> {
    // A task resumed after a reload runs outside the turn queue: a new answer waits for it.
    while (this.runDone) await this.runDone.catch(() => undefined);
    const conv = this.conversation;
    const config = readConfig();
    await this.loadImages(conv);
    const model = await effectiveModel(config.model);
    if (!model) {
      this.notice('warning', noModelMessage(), ['chooseModel', 'showLog']);
      return { status: 'error', text: '', error: { kind: 'modelNotFound', message: noModelMessage() } };
    }
    const instructions = await conversationInstructions(conv);
    const settings: RequestSettings = {
      instructions,
      model,
      maxOutputTokens: config.maxOutputTokens,
      store: config.responsesStore,
      options: conv.options ?? {},
      effortAllowed: this.memory.takesEffort(model),
      images: this.imageResolver(conv),
    };
    const useResponses = config.chatApi === 'responses' || (config.chatApi === 'auto' && this.memory.hasResponses(config.baseUrl));
    const mode = conv.options?.mode ?? readAgentConfig().defaultMode;
    if (mode !== 'chat') return this.answerWithAgent(conv, mode, settings, useResponses);
    // Built before the answer is added: its user turns' items are frozen on them (saved with the question).
    const request: ModelRequest = useResponses ? responsesRequest(conv, settings) : chatRequest(conv, settings);
    const message = addAssistantMessage(conv, model);
    this.post({ type: 'messageAdded', message: messageView(message) });

    // Prices for the cost line; the list is cached, and the answer does not wait for it.
    this.models.refresh().catch(() => undefined);
    const client = createClient();
    const stream = (signal: AbortSignal): AsyncIterable<StreamEvent> => {
      if (!useResponses) return client.streamChat(chatRequest(conv, settings), { signal });
      const responses = request as ReturnType<typeof responsesRequest>;
      return withRecovery(client.streamResponses(responses, { signal }), (failure) => {
        if (isRouteMissing(failure) && config.chatApi === 'auto') {
          // Learned once per base URL: later answers go straight to /chat/completions.
          info(`chat: ${config.baseUrl} has no /responses (${failure.status ?? failure.kind}); using /chat/completions from now on`);
          this.memory.markNoResponses(config.baseUrl);
          this.postServerTools();
          return client.streamChat(chatRequest(conv, { ...settings, options: {} }), { signal });
        }
        if (isEffortRefused(failure) && responses.reasoningEffort !== undefined) {
          info(`chat: ${model} does not take a reasoning effort; asking again without it`);
          this.memory.markNoEffort(model);
          this.postModels();
          const { reasoningEffort: _effort, ...without } = responses;
          return client.streamResponses(without, { signal });
        }
        return undefined;
      });
    };
    const run = new ChatRun({
      conversation: conv,
      message,
      request,
      stream: (_r, signal) => stream(signal),
      prices: (model) => this.models.prices(model),
      // A run whose conversation is no longer shown (switched away) still saves, but does not post.
      post: (m) => {
        if (this.conversation === conv) this.post(m);
      },
      persist: () => this.persist(conv),
      log: info,
      // Looked up when the answer settles: a fallback to /chat/completions mid-answer cannot compact.
      canCompact: () => this.canCompact(),
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

  /** The extension's agent (tools, Grok terminal, checkpoints), loaded and made on first use. */
  async agent(): Promise<AgentService> {
    const { AgentService } = await loadAgent();
    this.agentService ??= new AgentService((this.context.storageUri ?? this.context.globalStorageUri).fsPath, (line) => info(line));
    return this.agentService;
  }

  /** An Ask or Agent answer: the agent loop with the workspace tools, its cards and approvals in the message. */
  private async answerWithAgent(conv: Conversation, mode: Exclude<AgentMode, 'chat'>, settings: RequestSettings, useResponses: boolean): Promise<RunOutcome> {
    const { CheckpointStore } = await loadAgent();
    // Built before the answer is added, like a chat request; user turns' items are frozen on them.
    const input = useResponses ? responsesInput(conv, settings.images) : buildRequestMessages(conv, SYSTEM_PROMPT, conv.messages.length, settings.images);
    const message = addAssistantMessage(conv, settings.model);
    this.post({ type: 'messageAdded', message: messageView(message) });
    return this.startAgentTurn(conv, message, { mode, settings, api: useResponses ? 'responses' : 'chat', input, inputLength: input.length, taskId: CheckpointStore.newTaskId() });
  }

  /**
   * A task a window reload cut off while it waited for the user (an approval, or the budget pause) goes
   * on: the same message, task and cards, the question asked again; nothing is sent before the answer.
   */
  private resumeAgent(conv: Conversation, r: ResumableTask): void {
    const config = readConfig();
    const model = r.message.model || config.model;
    const images = this.imageResolver(conv);
    const base = r.state.api === 'responses' ? responsesInput(conv, images, r.index) : buildRequestMessages(conv, SYSTEM_PROMPT, r.index, images);
    const settings: RequestSettings = {
      model,
      maxOutputTokens: config.maxOutputTokens,
      store: config.responsesStore,
      options: conv.options ?? {},
      effortAllowed: this.memory.takesEffort(model),
      images,
    };
    info(`agent: task ${r.task.id} goes on after the reload (${r.state.pending.length} call(s) to ask about again${r.task.status === 'paused' ? ', paused at a limit' : ''})`);
    // Until the question is asked again its buttons would answer nothing: the card says it is being checked.
    r.message.parts = r.message.parts.map((p) => (p.type === 'toolCall' && p.status === 'awaitingApproval' ? { ...p, status: 'pending' } : p));
    const started = this.loadImages(conv).then(() =>
      this.startAgentTurn(conv, r.message, {
        mode: r.task.mode,
        settings,
        api: r.state.api,
        input: [...base, ...r.state.items],
        inputLength: base.length,
        taskId: r.task.id,
        task: { ...r.task, status: 'running' },
        resume: { calls: r.state.pending, steps: r.state.steps, costUsd: r.state.costUsd, ownItems: r.state.items.length },
      }),
    );
    // A new answer waits for this one (answer() waits while runDone is set), from now on.
    this.runDone = started;
    started
      .catch((e: unknown) => {
        warn(`agent: task ${r.task.id} could not go on after the reload: ${e instanceof Error ? e.message : String(e)}`);
        if (settleInterrupted(conv)) this.persist(conv);
        void this.postSnapshot();
      })
      .finally(() => {
        if (this.runDone === started) this.runDone = undefined;
      });
  }

  private async startAgentTurn(
    conv: Conversation,
    message: StoredMessage,
    t: {
      mode: 'ask' | 'agent';
      settings: RequestSettings;
      api: 'responses' | 'chat';
      input: Array<ChatMessage | RawResponsesItem>;
      inputLength: number;
      taskId: string;
      task?: AgentTaskPart;
      resume?: AgentResume;
    },
  ): Promise<RunOutcome> {
    const { settings, mode } = t;
    const question = conv.messages.slice(0, conv.messages.indexOf(message)).reverse().find((m) => m.role === 'user');
    this.models.refresh().catch(() => undefined);
    const client = createClient();
    const { AgentTurn } = await loadAgent();
    const service = await this.agent();
    const modelInfo = this.models.models?.find((m) => m.id === settings.model || m.aliases.includes(settings.model));
    let instructions: string;
    try {
      instructions = await this.agentInstructions(mode, conv);
    } catch (e) {
      warn(`agent: the instructions could not be read (${e instanceof Error ? e.message : String(e)}); using the agent's own`);
      instructions = await service.instructions(mode);
    }
    const { chatApi, baseUrl } = readConfig();
    const send = (request: AgentRequest, signal: AbortSignal): AsyncIterable<StreamEvent> => {
      if (request.api === 'chat') return client.streamChat(request.request, { signal });
      // A server without /responses: remembered, so Retry (and the next task) use /chat/completions.
      return withRecovery(client.streamResponses(request.request, { signal }), (failure) => {
        if (isRouteMissing(failure) && chatApi === 'auto') {
          info(`agent: ${baseUrl} has no /responses (${failure.status ?? failure.kind}); using /chat/completions from now on`);
          this.memory.markNoResponses(baseUrl);
          this.postServerTools();
        }
        return undefined;
      });
    };
    const turn = new AgentTurn({
      conversation: conv,
      message,
      taskId: t.taskId,
      task: t.task,
      mode,
      model: settings.model,
      api: t.api,
      inputLength: t.inputLength,
      keepItems: t.api === 'responses',
      canCompact: () => t.api === 'responses' && this.canCompact(),
      prices: (model) => this.models.prices(model),
      post: (m) => {
        if (this.conversation === conv) this.post(m);
      },
      persist: () => this.persist(conv),
      onCard: (card) => this.rememberChange(card),
      log: info,
      runTask: (hooks) =>
        service.runTask({
          ...hooks,
          label: question ? userLabel(question) : 'Agent task',
          api: t.api,
          model: settings.model,
          instructions,
          input: t.input,
          mode,
          send,
          resume: t.resume,
          contextWindow: modelInfo?.contextWindow,
          promptCacheKey: t.api === 'responses' ? conv.id : undefined,
          store: false,
          reasoningEffort: settings.options.reasoningEffort && settings.effortAllowed ? settings.options.reasoningEffort : undefined,
          maxOutputTokens: settings.maxOutputTokens > 0 ? settings.maxOutputTokens : undefined,
        }),
    });
    this.run = turn;
    this.agentTurn = turn;
    this.setGenerating(true);
    const done = turn.done.then((outcome) => {
      if (this.run === turn) {
        this.run = undefined;
        this.agentTurn = undefined;
        this.runDone = undefined;
        this.setGenerating(false);
      }
      this.afterAnswer(outcome);
      return outcome;
    });
    this.runDone = done;
    return done;
  }

  private rememberChange(card: ToolCallCard): void {
    if (!card.change) return;
    this.cardChanges.set(card.callId, { change: card.change, applied: card.status === 'done' });
    while (this.cardChanges.size > 200) this.cardChanges.delete(this.cardChanges.keys().next().value as string);
  }

  /** Approve or Deny pressed on a card. Only a waiting call of the running task is answered. */
  answerApproval(callId: string, approved: boolean, reason?: string): void {
    if (!this.agentTurn?.answer(callId, approved, reason)) info(`agent: an answer for ${callId}, which waits for nothing, was ignored`);
  }

  /** Continue or End task on a paused task card. */
  continueTask(taskId: string, goOn: boolean): void {
    if (this.agentTurn?.taskId !== taskId || !this.agentTurn.continueTask(goOn)) info(`agent: task ${taskId} is not paused; the answer was ignored`);
  }

  /** Open Diff on a tool card: the proposal while it waits, the change as made once it ran. */
  async openToolDiff(messageId: string, callId: string): Promise<void> {
    const known = this.cardChanges.get(callId);
    if (known) return openChangeDiff(known.change, known.applied && known.change.after !== null);
    const part = this.conversation.messages.find((m) => m.id === messageId)?.parts.find((p) => p.type === 'toolCall' && p.id === callId);
    if (part?.type === 'toolCall' && part.taskId && part.file) return this.openTaskDiff(part.taskId, part.file);
    this.notice('info', vscode.l10n.t('That change is no longer available to compare.'));
  }

  /** Open Diff for a file on the task card: the text before the task against the file now. */
  async openTaskDiff(taskId: string, relative: string): Promise<void> {
    const folders = (await loadAgent()).AgentService.folders();
    for (const folder of folders) {
      const absolute = path.resolve(folder.path, relative.startsWith(`${folder.name}/`) && folders.length > 1 ? relative.slice(folder.name.length + 1) : relative);
      const before = await (await this.agent()).savedBefore(taskId, absolute).catch(() => undefined);
      if (before === undefined) continue;
      const after = await vscode.workspace.fs.readFile(vscode.Uri.file(absolute)).then((b) => Buffer.from(b).toString('utf8'), () => null);
      return openChangeDiff({ path: absolute, relative, before, after }, after !== null);
    }
    this.notice('info', vscode.l10n.t('The task\'s saved copy of {0} is not available (its checkpoint was removed).', relative));
  }

  /** Revert task: every file the task changed back as it was before, in one step (after a reload too). */
  async revertTask(messageId: string, taskId: string): Promise<void> {
    if (this.agentTurn?.taskId === taskId) {
      this.notice('info', vscode.l10n.t('Stop the task before reverting it.'));
      return;
    }
    const conv = this.conversation;
    const message = conv.messages.find((m) => m.id === messageId);
    const part = message?.parts.find((p): p is AgentTaskPart => p.type === 'agentTask' && p.id === taskId);
    if (!message || !part) return;
    let report;
    try {
      report = await (await this.agent()).revertTask(taskId);
    } catch (e) {
      this.notice('warning', e instanceof Error ? e.message : String(e));
      return;
    }
    const updated: AgentTaskPart = { ...part, revertedAt: Date.now() };
    if (report.failed.length) updated.revertFailed = report.failed.map((f) => `${vscode.workspace.asRelativePath(f.path)}: ${f.message}`);
    else delete updated.revertFailed;
    const i = message.parts.indexOf(part);
    message.parts[i] = updated;
    this.persist(conv);
    this.post({ type: 'part', messageId, part: updated });
    info(`agent: task ${taskId} reverted: ${report.restored.length} restored, ${report.removed.length} removed, ${report.failed.length} failed`);
    if (report.failed.length) this.notice('warning', vscode.l10n.t('Revert task could not restore {0} file(s): {1}', report.failed.length, updated.revertFailed!.join('; ')), ['showLog']);
  }

  private afterAnswer(outcome: RunOutcome): void {
    info(`chat: answer ${outcome.status}${outcome.finishReason ? ` (${outcome.finishReason})` : ''}, ${outcome.text.length} chars`);
    if (outcome.error) warn(`chat: ${outcome.error.kind}: ${outcome.error.message}`);
    if (outcome.error && isKeyProblem(outcome.error.kind)) void this.postKeyStatus();
    if (outcome.error?.kind === 'modelNotFound') this.refreshModels(true);
    if (outcome.finishReason === 'length') {
      this.notice('info', vscode.l10n.t('The answer reached its token limit and was cut short (the setting grok.maxOutputTokens, or the model\'s own limit).'), ['openSettings']);
    }
  }

  private setGenerating(generating: boolean): void {
    void vscode.commands.executeCommand('setContext', 'grok.generating', generating);
    setBusy('chat', generating); // the status bar's progress
    this.post({ type: 'generating', generating });
  }

  /**
   * True when a key is set; else the panel shows the setup card and a notice offers to set one, and the
   * question the page sent (`unsent`) goes back into its box: the key can be gone by the time it arrives
   * (removed in another window, or while the question waited in the page's queue for an answer to end),
   * and the page has already emptied the box.
   */
  private async requireKey(unsent?: { text: string; images?: AttachedImage[] }): Promise<boolean> {
    if (await getApiKey()) return true;
    this.post({ type: 'keyStatus', hasKey: false });
    if (unsent) this.post({ type: 'unsent', text: unsent.text, images: unsent.images ?? [] });
    this.notice('warning', NO_KEY_MESSAGE, ['setApiKey']);
    return false;
  }

  /** The warning grok.ask shows without a key (the panel may not be open to show its card). */
  warnNoKey(): void {
    void vscode.window.showWarningMessage(vscode.l10n.t('Grok: {0}', NO_KEY_MESSAGE), SET_KEY).then((pick) => {
      if (pick === SET_KEY) void vscode.commands.executeCommand('grok.setApiKey');
    });
  }

  // ---- Context chips ----

  addContext(kind: 'selection' | 'file'): void {
    const editor = this.editors.target();
    if (!editor) {
      this.notice('info', kind === 'selection' ? vscode.l10n.t('Select some code in an editor first, then add it.') : vscode.l10n.t('Open a file in an editor first, then add it.'));
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

  /** The picker's entries for the text after a typed # or @ (posted again when symbols arrive). */
  async mentionQuery(requestId: number, query: string): Promise<void> {
    await this.mentions.search(query, (items, note) => this.post({ type: 'mentionResults', requestId, query, items, ...(note ? { note } : {}) }));
  }

  /** A picked mention becomes a chip for the next message, captured now; a refusal says why in a notice. */
  async addMention(kind: MentionKind, ref: string): Promise<void> {
    const item = await this.mentions.resolve(kind, ref);
    if ('error' in item) {
      this.notice('warning', item.error);
      return;
    }
    this.pending = withChip(this.pending, item);
    this.post({ type: 'pendingContext', chips: this.pending.map((c) => c.chip) });
  }

  /** A chip of a sent message was clicked: open the file, folder, symbol, Problems view or diff it refers to. */
  async openContext(messageId: string, chipId: string): Promise<void> {
    const item = this.conversation.messages.find((m) => m.id === messageId)?.context?.find((c) => c.chip.id === chipId);
    if (!item) return;
    const problem = await this.mentions.open(item, messageId);
    if (problem) this.notice('info', problem);
  }

  removeContext(id: string): void {
    this.pending = this.pending.filter((c) => c.chip.id !== id);
    this.post({ type: 'pendingContext', chips: this.pending.map((c) => c.chip) });
  }

  // ---- Instructions ----

  /** The instructions chips of the open conversation (after a change of the setting or a rules file). */
  async postInstructions(): Promise<void> {
    const conv = this.conversation;
    const chips = await conversationInstructionChips(conv);
    if (conv === this.conversation) this.post({ type: 'instructions', chips });
  }

  /** The user removed an instructions chip: this conversation stops sending it (saved with it). */
  async removeInstruction(id: string): Promise<void> {
    const conv = this.conversation;
    if (!(conv.removedInstructions ?? []).includes(id)) conv.removedInstructions = [...(conv.removedInstructions ?? []), id];
    this.persist(conv);
    await this.postInstructions();
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
      this.notice('warning', vscode.l10n.t('That conversation could not be opened. See the log for details.'), ['showLog']);
      await this.refreshHistory();
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
      this.notice('warning', vscode.l10n.t('That conversation no longer exists.'));
    }
    await this.refreshHistory();
  }

  async deleteConversation(id: string): Promise<void> {
    if (id === this.conversation.id) {
      await this.stopAndSettle();
      this.show(newConversation());
      await this.postSnapshot();
    }
    await this.store.delete(id);
    await this.refreshHistory();
  }

  /** One page of the list (the newest first), or of the search's hits; `from`: the page's next one. */
  async postHistory(query: string, from = 0, count = HISTORY_PAGE): Promise<void> {
    this.historyShown = true;
    if (query !== this.lastHistoryQuery || !from) this.historyEnd = 0;
    this.lastHistoryQuery = query;
    // A search stops one hit past this page (a common word need not be looked for in every conversation):
    // the page then knows there is more, and asks for it as it scrolls.
    let message: HistoryMessage;
    if (query.trim()) message = historyMessage(await this.store.search(query, from + count + 1), query, from, count);
    else if (from) message = historyMessage(await this.store.list(), query, from, count);
    else {
      const first = await this.store.firstPage(count);
      message = historyMessage(first.entries, query, 0, count, first.total);
    }
    this.historyEnd = Math.max(this.historyEnd, (message.from ?? 0) + message.items.length);
    this.post(message);
  }

  /** The list again after a change, as far as the page had it, so the rows the user scrolled to stay. */
  private refreshHistory(): Promise<void> {
    return this.postHistory(this.lastHistoryQuery, 0, Math.max(HISTORY_PAGE, this.historyEnd));
  }

  /** An image part of a message of the open conversation, with its bytes. */
  async imageOf(messageId: string, imageId: string): Promise<{ part: ImagePart; bytes: Buffer } | undefined> {
    const conv = this.conversation;
    const part = conv.messages.find((m) => m.id === messageId)?.parts.find((p): p is ImagePart => p.type === 'image' && p.id === imageId);
    if (!part) return undefined;
    return { part, bytes: await this.images.bytes(conv.id, part) };
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
      // A task that was waiting for the user goes on; anything else cut off by the reload is settled as stopped.
      const resumable = this.run ? undefined : resumableTask(conv);
      if (settleInterrupted(conv, resumable?.message)) this.persist(conv);
      this.conversation = conv;
      if (resumable) this.resumeAgent(conv, resumable);
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
      case 'migratedConversation':
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
        // The store reports an outage once (a full disk fails every save and retry), and its end.
        logError(`history: ${problem.message} (${where})`);
        this.notice('error', saveFailedNotice(problem), ['showLog'], SAVE_NOTICE_KEY);
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

  /** grok.model, or (unset) the newest chat model the list names: what the picker shows as chosen. */
  shownModel(): string {
    return modelInUse().id;
  }

  postModels(): void {
    const model = this.shownModel();
    this.post({ type: 'models', models: this.modelList(model), model });
  }

  /** The picker's entries, with what the chat learned (a model that refused an effort gets no effort picker). */
  private modelList(model: string) {
    return modelOptions(this.models.models, model).map((o) => {
      if (o.reasoningEfforts && !this.memory.takesEffort(o.id)) {
        const { reasoningEfforts: _efforts, ...rest } = o;
        return rest;
      }
      return o;
    });
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

function userLabel(m: { parts: readonly { type: string; text?: string }[] }): string {
  const text = m.parts.filter((p) => p.type === 'text').map((p) => p.text ?? '').join('');
  return text.trim().slice(0, 200) || 'Agent task';
}

function toAskResult(outcome: RunOutcome): AskResult {
  const result: AskResult = { text: outcome.text, status: outcome.status };
  if (outcome.usage) result.usage = outcome.usage;
  if (outcome.error) result.error = outcome.error;
  return result;
}
