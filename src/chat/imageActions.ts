// Save As… and Copy for an image shown in the chat (attached or generated).
import * as vscode from 'vscode';
import type { ImagePart } from '../protocol';

/** Asks where to save (in the workspace by default) and writes the bytes there. Returns the file, if saved. */
export async function saveImageAs(part: ImagePart, bytes: Uint8Array, ask = vscode.window.showSaveDialog): Promise<vscode.Uri | undefined> {
  const extension = part.mimeType === 'image/png' ? 'png' : 'jpg';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${safeName(part.name ?? part.prompt ?? 'grok-image')}.${extension}`;
  const target = await ask({
    title: vscode.l10n.t('Save Image As'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { [extension.toUpperCase()]: [extension] },
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, bytes);
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Grok: saved {0}', vscode.workspace.asRelativePath(target))}`, 3000);
  return target;
}

/** VS Code's clipboard takes text only: the image goes there as a data: URL, which editors and browsers paste. */
export async function copyImage(part: ImagePart, bytes: Uint8Array): Promise<void> {
  await vscode.env.clipboard.writeText(`data:${part.mimeType};base64,${Buffer.from(bytes).toString('base64')}`);
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Grok: image copied (as a data: URL)')}`, 3000);
}

function safeName(text: string): string {
  const base = text.replace(/\.(png|jpe?g)$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return base || 'grok-image';
}
