// The chat's native VS Code UI beside the webview: the model quick pick (Grok: Choose Model, and the
// "Choose Model" button of an error) and the Markdown export dialog. The history is in the page only.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { saveModel } from '../platform/config';
import { warn } from '../platform/log';
import { formatUsd } from '../xai/cost';
import type { ChatController } from './chatController';
import { modelOptions } from '../platform/modelCatalog';
import type { ModelOption } from '../protocol';

/** The models the server lists, with context window and price; the pick is saved to grok.model. */
export async function chooseModel(controller: ChatController): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  qp.title = vscode.l10n.t('Grok: Choose Model');
  qp.placeholder = vscode.l10n.t('Model for chat and editor commands (saved to {0})', 'grok.model');
  const fill = () => {
    const current = controller.shownModel();
    const items: (vscode.QuickPickItem & { id: string })[] = [];
    let family: string | undefined;
    for (const m of modelOptions(controller.models.models, current)) {
      // Grouped as in the chat's picker, with the same badges; a context window only where the server gives one.
      if (m.family !== family) {
        family = m.family;
        items.push({ id: '', label: family ?? '', kind: vscode.QuickPickItemKind.Separator });
      }
      items.push(modelItem(m, current));
    }
    qp.items = items;
  };
  const modelItem = (m: ModelOption, current: string): vscode.QuickPickItem & { id: string } => ({
      id: m.id,
      label: m.id === current ? `$(check) ${m.id}` : m.id,
      description: [
        m.reasoning ? vscode.l10n.t('reasoning') : '',
        m.vision ? vscode.l10n.t('vision') : '',
        m.contextWindow ? vscode.l10n.t('{0}K context', Math.round(m.contextWindow / 1000)) : '',
        m.promptPrice !== undefined && m.completionPrice !== undefined ? vscode.l10n.t('{0} / {1} per 1M tokens', formatUsd(m.promptPrice), formatUsd(m.completionPrice)) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    });
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
    void vscode.window.showInformationMessage(vscode.l10n.t('Grok: there is nothing to export in this conversation yet.'));
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export chat as Markdown'),
      saveLabel: vscode.l10n.t('Export'),
      defaultUri: vscode.Uri.joinPath(folder, `${fileNameFor(conv.title)}.md`),
      filters: { Markdown: ['md'] },
    }));
  if (!uri) return undefined;
  // Loaded when used: exporting is rare, and start-up need not parse it.
  const { exportMarkdown } = await import('../conversation/markdownExport.js');
  await vscode.workspace.fs.writeFile(uri, Buffer.from(exportMarkdown(conv), 'utf8'));
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Grok: chat exported to {0}.', vscode.workspace.asRelativePath(uri, false)), vscode.l10n.t('Open')).then((pick) => {
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
