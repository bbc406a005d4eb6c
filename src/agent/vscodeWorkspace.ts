// The agent's file access inside VS Code. A file the user has in an editor (or with unsaved changes) is
// read as they see it and edited through WorkspaceEdit, then saved: the editor updates in place, the
// change is one Undo step, and commands that follow see it on disk. Any other file is read and written on
// disk directly. A WorkspaceEdit would make its document dirty until the save, and VS Code opens a dirty
// file that no editor shows in a tab of its own (its dirty-file tracker, 800 ms later): on a busy machine
// the agent's edits opened editors the user never asked for.
import * as vscode from 'vscode';
import type { DiagnosticEntry, FileRead, WorkspaceAccess } from './tools/toolTypes';
import { readFromDisk, startsWithBom, writeToDisk } from './nodeWorkspace';

const BOM = '\uFEFF';

export class VscodeWorkspace implements WorkspaceAccess {
  async read(absolutePath: string): Promise<FileRead> {
    const shown = userDocument(absolutePath);
    if (shown) {
      const text = shown.getText();
      return { kind: 'text', text, size: Buffer.byteLength(text) };
    }
    // VS Code keeps a UTF-8 byte order mark out of a document's text and writes it back on save: a text
    // read from disk keeps it out too, or an edit made from that text would put a second one in.
    const read = await readFromDisk(absolutePath);
    return read.kind === 'text' && read.text.startsWith(BOM) ? { ...read, text: read.text.slice(1) } : read;
  }

  async write(absolutePath: string, content: string): Promise<void> {
    const doc = userDocument(absolutePath);
    if (!doc) {
      // Put back the mark that read() kept out of the text.
      await writeToDisk(absolutePath, (await startsWithBom(absolutePath)) ? BOM + content : content);
      return;
    }
    const uri = doc.uri;
    const old = doc.getText();
    if (old === content) return;
    // Replace only the span that differs, so the rest of the document (cursor, folding, decorations)
    // is untouched and the change is one undo step.
    let start = 0;
    const max = Math.min(old.length, content.length);
    while (start < max && old.charCodeAt(start) === content.charCodeAt(start)) start++;
    let end = 0;
    while (end < max - start && old.charCodeAt(old.length - 1 - end) === content.charCodeAt(content.length - 1 - end)) end++;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(start), doc.positionAt(old.length - end)), content.slice(start, content.length - end));
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not apply the edit to ${vscode.workspace.asRelativePath(uri)}`);
    if (!(await doc.save())) throw new Error(`VS Code could not save ${vscode.workspace.asRelativePath(uri)}`);
  }

  async delete(absolutePath: string): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(vscode.Uri.file(absolutePath), { ignoreIfNotExists: true });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not delete ${absolutePath}`);
  }
}

/** The file's document if the user has it in a text editor tab or it has unsaved changes. */
function userDocument(absolutePath: string): vscode.TextDocument | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolutePath);
  if (!doc || doc.isDirty) return doc;
  // A diff tab does not count: VS Code's tracker opens a dirty file beside one too. Its side showing the
  // file reloads from disk.
  const inTab = vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString()));
  return inTab ? doc : undefined;
}

const SEVERITY: Record<vscode.DiagnosticSeverity, DiagnosticEntry['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** The Problems list, errors first. */
export function vscodeDiagnostics(absolutePath?: string): DiagnosticEntry[] {
  const pairs: Array<[vscode.Uri, readonly vscode.Diagnostic[]]> = absolutePath
    ? [[vscode.Uri.file(absolutePath), vscode.languages.getDiagnostics(vscode.Uri.file(absolutePath))]]
    : vscode.languages.getDiagnostics();
  return pairs
    .filter(([uri]) => uri.scheme === 'file')
    .flatMap(([uri, list]) =>
      list.map((d) => ({
        path: uri.fsPath,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITY[d.severity],
        message: d.message,
        source: d.source,
      })),
    )
    .sort((a, b) => order(a.severity) - order(b.severity));
}

function order(severity: DiagnosticEntry['severity']): number {
  return ['error', 'warning', 'info', 'hint'].indexOf(severity);
}
