// The agent's file access inside VS Code. Reads see what the user sees (an open document's text, saved
// or not). Writes go through WorkspaceEdit and are saved, so commands that follow see them, an editor
// showing the file updates in place with each change one Undo step, and no editor is opened or focused.
import * as vscode from 'vscode';
import type { DiagnosticEntry, FileRead, WorkspaceAccess } from './tools/toolTypes';
import { readFromDisk } from './nodeWorkspace';

export class VscodeWorkspace implements WorkspaceAccess {
  async read(absolutePath: string): Promise<FileRead> {
    const open = openDocument(absolutePath);
    if (open) {
      const text = open.getText();
      return { kind: 'text', text, size: Buffer.byteLength(text) };
    }
    // VS Code keeps a UTF-8 byte order mark out of a document's text and writes it back on save: a text
    // read from disk keeps it out too, or an edit made from that text would put a second one in.
    const read = await readFromDisk(absolutePath);
    return read.kind === 'text' && read.text.startsWith('\uFEFF') ? { ...read, text: read.text.slice(1) } : read;
  }

  async write(absolutePath: string, content: string): Promise<void> {
    const uri = vscode.Uri.file(absolutePath);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const create = new vscode.WorkspaceEdit();
      create.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(content) });
      if (!(await vscode.workspace.applyEdit(create))) throw new Error(`VS Code did not create ${vscode.workspace.asRelativePath(uri)}`);
      const created = openDocument(absolutePath);
      if (created?.isDirty) await created.save();
      return;
    }
    // openTextDocument loads the document model only: no editor is shown.
    const doc = await vscode.workspace.openTextDocument(uri);
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

function openDocument(absolutePath: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolutePath);
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
