// The chat's native VS Code UI beside the webview: the history quick pick (full-text search, rename,
// export, delete), the model quick pick (the "Choose Model" action) and the Markdown export dialog.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { saveModel } from '../platform/config';
import { warn } from '../platform/log';
import { formatUsd } from '../xai/cost';
import type { ChatController } from './chatController';
import type { IndexEntry } from '../conversation/historyStore';
import { exportMarkdown } from '../conversation/markdownExport';
import { modelOptions } from '../platform/modelCatalog';

interface HistoryPick extends vscode.QuickPickItem {
  id: string;
  title: string;
}

const RENAME: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: 'Rename' };
const EXPORT: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('export'), tooltip: 'Export as Markdown' };
const DELETE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Delete' };

/** Lists conversations; typing searches titles and message text. Resolves with the id opened, if any. */
export async function showHistoryPicker(controller: ChatController, openChat: () => Promise<void>): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<HistoryPick>();
  qp.title = 'Grok: Chat History';
  qp.placeholder = 'Search conversations (titles and messages)';
  qp.matchOnDescription = true;
  let searchTimer: NodeJS.Timeout | undefined;
  let generation = 0;
  const load = async (query: string) => {
    const mine = ++generation;
    qp.busy = true;
    try {
      const entries = query.trim() ? await controller.store.search(query) : await controller.store.list();
      // Search results match on message text too: keep them visible whatever the label filter thinks.
      if (mine === generation) qp.items = entries.map((e) => historyItem(e, query.trim() !== ''));
    } finally {
      if (mine === generation) qp.busy = false;
    }
  };

  const picked = await new Promise<{ id: string; title: string; button?: vscode.QuickInputButton } | undefined>((resolve) => {
    qp.onDidChangeValue((value) => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => void load(value).catch(report), 150);
    });
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0];
      resolve(item ? { id: item.id, title: item.title } : undefined);
      qp.hide();
    });
    qp.onDidTriggerItemButton((e) => {
      resolve({ id: e.item.id, title: e.item.title, button: e.button });
      qp.hide();
    });
    qp.onDidHide(() => {
      clearTimeout(searchTimer);
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
    void load('').catch(report);
  });
  if (!picked) return undefined;

  switch (picked.button) {
    case undefined:
      await openChat();
      await controller.openConversation(picked.id);
      return picked.id;
    case RENAME: {
      const title = await vscode.window.showInputBox({ title: 'Rename conversation', value: picked.title, validateInput: (v) => (v.trim() ? undefined : 'The title cannot be empty.') });
      if (title?.trim()) await controller.renameConversation(picked.id, title.trim().slice(0, 200));
      break;
    }
    case EXPORT:
      await exportConversation(controller, picked.id);
      break;
    case DELETE: {
      const yes = await vscode.window.showWarningMessage(`Delete the conversation "${picked.title}"?`, { modal: true, detail: 'This cannot be undone.' }, 'Delete');
      if (yes === 'Delete') await controller.deleteConversation(picked.id);
      break;
    }
  }
  // Back to the list after an action on one item, as a file explorer would.
  return showHistoryPicker(controller, openChat);
}

function historyItem(e: IndexEntry, alwaysShow: boolean): HistoryPick {
  return {
    id: e.id,
    title: e.title,
    label: e.title,
    description: relativeTime(e.updatedAt),
    detail: `${e.messageCount} message${e.messageCount === 1 ? '' : 's'}`,
    buttons: [RENAME, EXPORT, DELETE],
    alwaysShow,
  };
}

export function relativeTime(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)} d ago`;
  return new Date(ms).toLocaleDateString();
}

/** The models the server lists, with context window and price; the pick is saved to grok.model. */
export async function chooseModel(controller: ChatController): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  qp.title = 'Grok: Choose Model';
  qp.placeholder = 'Model for chat and editor commands (saved to grok.model)';
  const fill = () => {
    const current = controller.shownModel();
    qp.items = modelOptions(controller.models.models, current).map((m) => ({
      id: m.id,
      label: m.id === current ? `$(check) ${m.id}` : m.id,
      description: [
        m.contextWindow ? `${Math.round(m.contextWindow / 1000)}K context` : '',
        m.promptPrice !== undefined && m.completionPrice !== undefined ? `${formatUsd(m.promptPrice)} / ${formatUsd(m.completionPrice)} per 1M tokens` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    }));
  };
  fill();
  qp.busy = true;
  controller.models
    .refresh()
    .then(fill, (e: unknown) => warn(`chat: model list unavailable: ${e instanceof Error ? e.message : String(e)}`))
    .finally(() => (qp.busy = false));
  const id = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.id);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
  if (id) await saveModel(id);
  return id;
}

/**
 * Writes a conversation as Markdown, to `target` when given (scripts, tests), else where the save
 * dialog says. Resolves with where it went.
 */
export async function exportConversation(controller: ChatController, id?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const conv = await controller.conversationById(id);
  if (!conv?.messages.length) {
    void vscode.window.showInformationMessage('Grok: there is nothing to export in this conversation yet.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export chat as Markdown',
      saveLabel: 'Export',
      defaultUri: vscode.Uri.joinPath(folder, `${fileNameFor(conv.title)}.md`),
      filters: { Markdown: ['md'] },
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(exportMarkdown(conv), 'utf8'));
  if (!target) {
    void vscode.window.showInformationMessage(`Grok: chat exported to ${vscode.workspace.asRelativePath(uri, false)}.`, 'Open').then((pick) => {
      if (pick) void vscode.window.showTextDocument(uri);
    });
  }
  return uri;
}

function fileNameFor(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'grok-chat';
}

function report(e: unknown): void {
  warn(`chat: history list failed: ${e instanceof Error ? e.message : String(e)}`);
}
