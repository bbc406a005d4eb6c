// The Grok chat view in the activity bar and the chat commands. Messages from the webview are validated
// here, then dispatched exhaustively; this and the command handlers are the error boundaries: a failure
// is logged and shown once, with an action, and never leaves the panel stuck.
import * as vscode from 'vscode';
import { onConfigChange, readAgentConfig, readConfig, saveModel } from '../platform/config';
import { SHOW_LOG } from '../platform/keyCommands';
import { error as logError, showLog, warn } from '../platform/log';
import type { ErrorAction, HostMessage, WebviewMessage } from '../protocol';
import { translatePageStrings } from '../shared/pageStrings';
import { getApiKey, onDidChangeApiKey } from '../platform/secrets';
import { onStopAll, stopAll } from '../platform/stopAll';
import { runErrorAction } from '../platform/errorActions';
import { onShutdown } from '../platform/shutdown';
import { ChatController, NO_KEY_MESSAGE, type AskResult } from './chatController';
import { chooseModel, exportConversation } from './chatPickers';
import { copyCode, insertAtCursor, openInNewFile, replaceSelection, type EditResult, type ReplaceResult } from './codeBlockActions';
import { isContextItem, type ContextItem } from '../conversation/conversation';
import { validateWebviewMessage } from './messageValidation';
import { copyImage, saveImageAs } from './imageActions';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { onInstructionsChanged } from '../platform/instructions';

export const CHAT_VIEW_ID = 'grok.chat';

export function registerChatView(context: vscode.ExtensionContext): void {
  const controller = new ChatController(context);
  onShutdown(() => controller.shutdown());
  const openChat = async () => {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    controller.focusInput();
  };

  const provider: vscode.WebviewViewProvider = {
    resolveWebviewView(view) {
      // retainContextWhenHidden stays off: the page is rebuilt from a snapshot when shown again.
      view.webview.options = webviewOptions(context.extensionUri);
      controller.attach(view.webview);
      const subscriptions = [
        view.webview.onDidReceiveMessage((raw: unknown) => {
          // The page's strings before anything else, so it is built in the user's language.
          if (isReady(raw)) void view.webview.postMessage(pageStrings());
          void handleMessage(controller, raw, context);
        }),
        view.onDidChangeVisibility(() => {
          if (!view.visible) controller.detach(view.webview, false);
        }),
        view.onDidDispose(() => {
          controller.detach(view.webview, true);
          for (const s of subscriptions) s.dispose();
        }),
      ];
      view.webview.html = webviewHtml(view.webview, context.extensionUri);
    },
  };

  let baseUrl = readConfig().baseUrl;
  let model = readConfig().model;
  let chatApi = readConfig().chatApi;
  let defaultMode = readAgentConfig().defaultMode;
  context.subscriptions.push(
    controller,
    onStopAll(() => controller.stop()),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    onDidChangeApiKey(() => controller.onKeyChanged()),
    onInstructionsChanged(() => void controller.postInstructions()),
    onConfigChange(() => {
      const config = readConfig();
      if (config.baseUrl !== baseUrl) controller.onServerChanged();
      else if (config.model !== model) controller.postModels();
      const mode = readAgentConfig().defaultMode;
      if (config.baseUrl !== baseUrl || config.chatApi !== chatApi || mode !== defaultMode) controller.postServerTools();
      defaultMode = mode;
      baseUrl = config.baseUrl;
      model = config.model;
      chatApi = config.chatApi;
    }),
    vscode.commands.registerCommand('grok.openChat', guarded('grok.openChat', openChat)),
    vscode.commands.registerCommand(
      'grok.newChat',
      guarded('grok.newChat', async () => {
        await openChat();
        await controller.newChat();
      }),
    ),
    vscode.commands.registerCommand(
      'grok.stop',
      // One Stop for everything Grok is writing: the chat's answer and any insertion or edit proposal.
      guarded('grok.stop', () => stopAll()),
    ),
    vscode.commands.registerCommand(
      'grok.addSelectionToChat',
      // The selection of the editor the user is in goes to the chat as a chip for the next message.
      guarded('grok.addSelectionToChat', async () => {
        controller.addContext('selection');
        await openChat();
      }),
    ),
    vscode.commands.registerCommand('grok.ask', (prompt?: unknown, options?: unknown) => ask(controller, openChat, prompt, options)),
    // One history UI: the list in the chat page (search, rename, export, delete), shown from the view's
    // title bar or the palette.
    vscode.commands.registerCommand(
      'grok.chatHistory',
      guarded('grok.chatHistory', async () => {
        await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
        controller.showHistory();
      }),
    ),
    vscode.commands.registerCommand('grok.chooseModel', guarded('grok.chooseModel', () => chooseModel(controller))),
    vscode.commands.registerCommand(
      'grok.compactConversation',
      guarded('grok.compactConversation', async () => {
        await openChat();
        await controller.compactConversation();
      }),
    ),
    vscode.commands.registerCommand(
      'grok.exportChat',
      guarded('grok.exportChat', (id?: unknown, target?: unknown) =>
        exportConversation(controller, typeof id === 'string' ? id : undefined, target instanceof vscode.Uri ? target : undefined),
      ),
    ),
  );
  void vscode.commands.executeCommand('setContext', 'grok.generating', false);
}

/**
 * grok.ask: a question as a user turn in the chat. Resolves when the answer has settled, with
 * `{ text, status, usage?, error? }`; without a key, at once with a badKey error and a warning.
 * Callers that attach context (explain selection) pass `{ context: ContextItem[] }` as the second
 * argument: the chat shows the prompt with the context as chips, exactly what is sent.
 */
async function ask(controller: ChatController, openChat: () => Promise<void>, prompt: unknown, options: unknown): Promise<AskResult | undefined> {
  try {
    if (!(await getApiKey())) {
      controller.warnNoKey();
      return { error: { kind: 'badKey', message: NO_KEY_MESSAGE } };
    }
    const context = askContext(options);
    const text =
      typeof prompt === 'string' && prompt.trim()
        ? prompt
        : await vscode.window.showInputBox({ title: vscode.l10n.t('Ask Grok'), prompt: vscode.l10n.t('The question goes to the Grok chat, with the context chips in it.'), ignoreFocusOut: true });
    if (!text?.trim()) return undefined;
    await openChat().catch((e: unknown) => warn(`chat: could not show the chat view: ${String(e)}`));
    return await controller.send(text, context);
  } catch (e) {
    report('grok.ask', e);
    return { error: { kind: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** The context items in grok.ask's second argument; a malformed one is refused rather than half-sent. */
function askContext(options: unknown): ContextItem[] {
  if (options === undefined) return [];
  const context = typeof options === 'object' && options !== null ? (options as { context?: unknown }).context : undefined;
  if (context === undefined) return [];
  if (!Array.isArray(context) || !context.every(isContextItem)) throw new Error('grok.ask: the context argument is not a list of context items');
  return context;
}

async function handleMessage(controller: ChatController, raw: unknown, context: vscode.ExtensionContext): Promise<void> {
  const checked = validateWebviewMessage(raw);
  if (!checked.ok) {
    warn(`chat: dropped a message from the webview: ${checked.reason}`);
    return;
  }
  const m = checked.message;
  try {
    await dispatch(controller, m, context);
  } catch (e) {
    report(`chat: ${m.type}`, e);
    controller.notice('error', vscode.l10n.t('Something went wrong ({0}): {1}', m.type, e instanceof Error ? e.message : String(e)), ['showLog']);
  }
}

/**
 * The model choice being written to the settings. Messages are handled concurrently, so a question sent
 * right after a pick would otherwise read the previous model: requests wait for the write.
 */
let savingModel: Promise<unknown> = Promise.resolve();

async function dispatch(controller: ChatController, m: WebviewMessage, context: vscode.ExtensionContext): Promise<void> {
  switch (m.type) {
    case 'ready':
      return controller.onReady();
    case 'send':
      await savingModel;
      if (m.text.trim() || m.images?.length) await controller.send(m.text, [], m.images ?? [], true);
      return;
    case 'setOptions':
      return controller.setOptions(m.options);
    case 'imagine':
      await savingModel;
      return controller.imagine(m.prompt);
    case 'saveImage':
    case 'copyImage': {
      const image = await controller.imageOf(m.messageId, m.imageId);
      if (!image) return controller.notice('warning', vscode.l10n.t('That image is no longer available.'));
      if (m.type === 'saveImage') await saveImageAs(image.part, image.bytes);
      else await copyImage(image.part, image.bytes);
      return;
    }
    case 'stop':
      return controller.stop();
    case 'regenerate':
      await savingModel;
      return controller.regenerate();
    case 'editAndResend':
      await savingModel;
      if (m.text.trim()) await controller.editAndResend(m.messageId, m.text);
      return;
    case 'newChat':
      return controller.newChat();
    case 'selectModel': {
      // The config listener posts `models` with the new choice.
      const saving = saveModel(m.model);
      savingModel = saving.catch(() => undefined);
      return saving;
    }
    case 'addContext':
      return controller.addContext(m.kind);
    case 'removeContext':
      return controller.removeContext(m.id);
    case 'mentionQuery':
      return controller.mentionQuery(m.requestId, m.query);
    case 'addMention':
      return controller.addMention(m.kind, m.ref);
    case 'openContext':
      return controller.openContext(m.messageId, m.chipId);
    case 'removeInstruction':
      return controller.removeInstruction(m.id);
    case 'copyCode':
      return copyCode(m.code);
    case 'insertCode':
      return showEditResult(controller, await insertAtCursor(controller.editors, m.code), (where) => vscode.l10n.t('Grok: inserted into {0}', where));
    case 'replaceSelection':
      // Reviewed like Edit Selection: a diff with Accept and Reject; nothing is written before Accept.
      return showEditResult(controller, await replaceSelection(controller.editors, m.code), (where) => vscode.l10n.t('Grok: review the replacement (Accept or Reject) in {0}', where));
    case 'openInNewFile':
      return openInNewFile(m.code, m.language);
    case 'openLink':
      return openLink(m.href);
    case 'action':
      return runAction(controller, m.action, context);
    case 'listHistory':
      return controller.postHistory(m.query, m.from);
    case 'openConversation':
      await controller.openConversation(m.id);
      return;
    case 'renameConversation':
      return controller.renameConversation(m.id, m.title);
    case 'deleteConversation':
      return controller.deleteConversation(m.id);
    case 'exportConversation':
      await exportConversation(controller, m.id);
      return;
    case 'approveTool':
      return controller.answerApproval(m.callId, m.approved, m.reason);
    case 'openToolDiff':
      return controller.openToolDiff(m.messageId, m.callId);
    case 'continueTask':
      return controller.continueTask(m.taskId, m.goOn);
    case 'revertTask':
      return controller.revertTask(m.messageId, m.taskId);
    case 'openTaskDiff':
      return controller.openTaskDiff(m.taskId, m.path);
    default:
      assertNever(m);
  }
}

function showEditResult(controller: ChatController, result: EditResult | ReplaceResult, done: (where: string) => string): void {
  if (result.ok) vscode.window.setStatusBarMessage(`$(check) ${done(result.where)}`, 3000);
  else controller.notice('warning', result.reason);
}

/**
 * Only http(s) links from model output are opened, and only through VS Code (which asks about unknown
 * sites). `open` is VS Code's opener; tests pass their own to see what would be opened.
 */
export async function openLink(href: string, open: (uri: vscode.Uri) => Thenable<boolean> = (uri) => vscode.env.openExternal(uri)): Promise<void> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    warn(`chat: ignored a link that is not a URL: ${href.slice(0, 200)}`);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    warn(`chat: ignored a ${url.protocol} link: only http and https links are opened`);
    return;
  }
  await open(vscode.Uri.parse(url.href, true));
}

function runAction(controller: ChatController, action: ErrorAction, context: vscode.ExtensionContext): Promise<void> {
  return runErrorAction(action, { retry: () => controller.regenerate(), compact: () => controller.compactConversation(), settingsQuery: `@ext:${context.extension.id}` });
}

/** A command handler whose failure is logged and shown once with Show Log, instead of VS Code's bare error. */
function guarded(id: string, run: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (e) {
      report(id, e);
      return undefined;
    }
  };
}

function report(where: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  logError(`${where}: ${e instanceof Error && e.stack ? e.stack : message}`);
  void vscode.window.showErrorMessage(`Grok: ${message}`, SHOW_LOG).then((pick) => {
    if (pick === SHOW_LOG) showLog();
  });
}

function assertNever(value: never): never {
  throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}

function isReady(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'ready';
}

function pageStrings(): HostMessage {
  return { type: 'strings', strings: translatePageStrings((message) => vscode.l10n.t(message)), locale: vscode.env.language };
}
