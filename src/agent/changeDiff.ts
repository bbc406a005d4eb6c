// Open Diff for an agent's file change: VS Code's diff editor with the text before on the left and the
// change on the right, opened beside the user's editor without taking focus (peers lost keystrokes to
// diffs that grabbed it).
// The texts come from a content provider, so nothing is written to disk to show a proposal.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { FileChange } from './tools/toolTypes';

const SCHEME = 'grok-agent-change';
const MAX_KEPT = 200;
const texts = new Map<string, string>();

export function registerAgentDiff(context: { subscriptions: vscode.Disposable[] }): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      provideTextDocumentContent: (uri) => texts.get(uri.query) ?? '',
    }),
  );
}

function virtualUri(relative: string, text: string): vscode.Uri {
  const key = randomBytes(6).toString('hex');
  texts.set(key, text);
  while (texts.size > MAX_KEPT) texts.delete(texts.keys().next().value as string);
  return vscode.Uri.from({ scheme: SCHEME, path: `/${relative}`, query: key });
}

/**
 * `applied`: the change is on disk, so the right side is the file itself (editable, live); otherwise
 * (a proposal awaiting approval, or a deletion) it is the proposed text.
 */
export async function openChangeDiff(change: FileChange, applied: boolean): Promise<void> {
  const left = virtualUri(change.relative, change.before ?? '');
  const right = applied && change.after !== null ? vscode.Uri.file(change.path) : virtualUri(change.relative, change.after ?? '');
  const title =
    change.before === null
      ? vscode.l10n.t('{0} (new file)', change.relative)
      : change.after === null
        ? vscode.l10n.t('{0} (deleted)', change.relative)
        : applied
          ? vscode.l10n.t('{0} (changed by Grok)', change.relative)
          : vscode.l10n.t('{0} (proposed by Grok)', change.relative);
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preserveFocus: true, preview: true, viewColumn: vscode.ViewColumn.Beside });
}
