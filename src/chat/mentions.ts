// # and @ mentions in the composer, on the host: what the picker offers for the typed text (workspace
// files and folders, symbols from the workspace symbol providers, the Problems list, the git diff), the
// context item a pick becomes (captured once: the chip shows exactly what is sent), and opening what a
// chip of the transcript refers to. Only the workspace's own files can be attached.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContextChip, MentionItem, MentionKind } from '../protocol';
import { newId, previewOf, type ContextItem } from '../conversation/conversation';
import { CONTEXT_MAX_CHARS } from '../platform/editorContext';
import { folderListing, foldersOf, formatBytes, gitDiff, isInside, looksBinary, outsideWorkspacePath, problemsText, rankPaths, type ProblemLike, type WorkspacePath } from './mentionSearch';

export const CONTEXT_SCHEME = 'grok-context';
const FILE_LIMIT = 5000;
const CACHE_MS = 10_000;
/**
 * How long the picker waits for the symbol providers. Files are listed before, so a slow language server
 * (TypeScript's can take seconds on a busy machine) delays only the symbols, never the list.
 */
const SYMBOL_TIMEOUT_MS = 10_000;
/** How long the picker waits for the file list before it shows what it has. */
const FILES_PATIENCE_MS = 300;

export type MentionResult = ContextItem | { error: string };

export class Mentions implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private files: { at: number; list: Promise<WorkspacePath[]> } | undefined;
  /** Captured diffs and listings shown by a transcript chip, by the virtual document's path. */
  private readonly shown = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  /** `findFiles` is the workspace's search, replaceable so a test can make it slow or fail. */
  constructor(private readonly findFiles: (limit: number) => Thenable<vscode.Uri[]> = (limit) => vscode.workspace.findFiles('**/*', undefined, limit)) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const drop = () => (this.files = undefined);
    this.disposables.push(watcher, watcher.onDidCreate(drop), watcher.onDidDelete(drop), vscode.workspace.registerTextDocumentContentProvider(CONTEXT_SCHEME, this));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.shown.get(uri.path) ?? '';
  }

  // ---- The picker ----

  /**
   * What the picker offers for `query`: posted at once (files, folders, Problems, git diff), and again
   * with symbols when the symbol providers answer (they may be slow to start). When the file list is not
   * ready within a moment (the search service starting on a busy machine, a huge folder), Problems and the
   * git diff are posted first with a note, so the picker never sits on "Searching…".
   */
  async search(query: string, post: (items: MentionItem[], note?: string) => void): Promise<void> {
    const q = query.trim();
    if (outsideWorkspacePath(q)) {
      post([], `Only files inside the workspace can be attached; ${q} is outside it.`);
      return;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.length) {
      post(this.fixedItems(q), 'Open a folder to mention its files, folders and symbols.');
      return;
    }
    const listing = this.fileList();
    let files = await withTimeout(listing, FILES_PATIENCE_MS).catch(() => undefined);
    if (!files) {
      post(this.fixedItems(q), 'Listing the workspace\'s files…');
      files = await listing.catch((e: unknown) => {
        if (this.files?.list === listing) this.files = undefined; // the next query tries again
        post(this.fixedItems(q), `The workspace's files could not be listed (${e instanceof Error ? e.message : String(e)}).`);
        return undefined;
      });
      if (!files) return;
    }
    const first = [...this.fixedItems(q), ...this.fileItems(files, q)];
    post(first);
    if (q.length < 2) return;
    const symbols = await withTimeout(this.symbolItems(q), SYMBOL_TIMEOUT_MS).catch(() => undefined);
    if (symbols?.length) post([...first, ...symbols]);
  }

  private fixedItems(q: string): MentionItem[] {
    const items: MentionItem[] = [];
    const lower = q.toLowerCase();
    if (!lower || 'problems'.startsWith(lower) || lower.startsWith('problem') || 'errors'.startsWith(lower)) {
      const all = vscode.languages.getDiagnostics().reduce((n, [, d]) => n + d.length, 0);
      items.push({ kind: 'problems', label: vscode.l10n.t('Problems'), detail: all ? vscode.l10n.t('{0} in the Problems list', all) : vscode.l10n.t('the Problems list (empty now)'), ref: 'problems' });
    }
    if (!lower || 'git diff'.startsWith(lower) || 'diff'.startsWith(lower) || 'changes'.startsWith(lower)) {
      items.push({ kind: 'diff', label: vscode.l10n.t('Git diff'), detail: vscode.l10n.t('uncommitted changes ({0})', 'git diff HEAD'), ref: 'diff' });
    }
    return items;
  }

  private fileItems(files: WorkspacePath[], q: string): MentionItem[] {
    const folders = foldersOf(files.map((f) => f.rel)).map((rel) => ({ rel }));
    const folderItems = rankPaths(folders, q, q ? 6 : 3).map((f): MentionItem => ({ kind: 'folder', label: `${path.posix.basename(f.rel)}/`, detail: f.rel, ref: this.folderRef(f.rel) }));
    const fileItems = rankPaths(files, q, 20).map((f): MentionItem => ({ kind: 'file', label: path.posix.basename(f.rel), detail: f.rel, ref: f.uri }));
    return [...fileItems, ...folderItems];
  }

  private folderRef(rel: string): string {
    const root = vscode.workspace.workspaceFolders?.[0];
    return root ? vscode.Uri.joinPath(root.uri, rel).toString() : rel;
  }

  private async symbolItems(q: string): Promise<MentionItem[]> {
    const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', q)) ?? [];
    const lower = q.toLowerCase();
    return found
      .filter((s) => s?.location?.uri && vscode.workspace.getWorkspaceFolder(s.location.uri))
      .sort((a, b) => Number(!a.name.toLowerCase().startsWith(lower)) - Number(!b.name.toLowerCase().startsWith(lower)) || a.name.length - b.name.length)
      .slice(0, 15)
      .map((s) => ({
        kind: 'symbol',
        label: s.name,
        detail: `${symbolKindName(s.kind)} · ${vscode.workspace.asRelativePath(s.location.uri, false)}:${s.location.range.start.line + 1}`,
        ref: JSON.stringify({ uri: s.location.uri.toString(), line: s.location.range.start.line, character: s.location.range.start.character, name: s.name, kind: s.kind }),
      }));
  }

  private fileList(): Promise<WorkspacePath[]> {
    if (!this.files || Date.now() - this.files.at > CACHE_MS) {
      const list = this.findFiles(FILE_LIMIT).then((uris) =>
        uris.map((u) => ({ rel: vscode.workspace.asRelativePath(u, vscode.workspace.workspaceFolders!.length > 1).replace(/\\/g, '/'), uri: u.toString() })),
      );
      this.files = { at: Date.now(), list: Promise.resolve(list) };
    }
    return this.files.list;
  }

  // ---- A pick becomes a context item ----

  async resolve(kind: MentionKind, ref: string): Promise<MentionResult> {
    switch (kind) {
      case 'file':
        return this.file(ref);
      case 'folder':
        return this.folder(ref);
      case 'symbol':
        return this.symbol(ref);
      case 'problems':
        return this.problems();
      case 'diff':
        return this.diff();
      default:
        return assertNever(kind);
    }
  }

  private async file(ref: string): Promise<MentionResult> {
    const uri = inWorkspace(ref);
    if ('error' in uri) return uri;
    const rel = vscode.workspace.asRelativePath(uri, false);
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return { error: vscode.l10n.t('{0} no longer exists.', rel) };
    }
    if (stat.type & vscode.FileType.Directory) return this.folder(ref);
    const tooBig = `${rel} is too big to attach (${formatBytes(stat.size)}; at most ${CONTEXT_MAX_CHARS.toLocaleString('en')} characters). Open it and add the part you need with Selection.`;
    if (stat.size > CONTEXT_MAX_CHARS * 4) return { error: tooBig };
    // An open document's text is what the user sees (unsaved changes included).
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (looksBinary(bytes)) return { error: vscode.l10n.t('{0} looks like a binary file; only text files can be attached.', rel) };
      text = new TextDecoder().decode(bytes);
    }
    if (text.length > CONTEXT_MAX_CHARS) return { error: tooBig };
    return item('file', text, rel, rel, { uri: uri.toString(), language: fenceLanguage(rel) });
  }

  private async folder(ref: string): Promise<MentionResult> {
    const uri = inWorkspace(ref);
    if ('error' in uri) return uri;
    const rel = vscode.workspace.asRelativePath(uri, false);
    const files = (await this.fileList()).map((f) => f.rel);
    const { text, total } = folderListing(rel === uri.fsPath ? '' : rel, files);
    if (!total) return { error: vscode.l10n.t('{0} holds no files the workspace lists (files.exclude may hide them).', rel) };
    return item('folder', text, rel, `${rel}/`, { uri: uri.toString() });
  }

  private async symbol(ref: string): Promise<MentionResult> {
    let parsed: { uri: string; line: number; character: number; name: string; kind: number };
    try {
      parsed = JSON.parse(ref) as typeof parsed;
    } catch {
      return { error: vscode.l10n.t('That symbol could not be read.') };
    }
    if (typeof parsed?.uri !== 'string' || !Number.isInteger(parsed.line) || !Number.isInteger(parsed.character) || typeof parsed.name !== 'string') {
      return { error: vscode.l10n.t('That symbol could not be read.') };
    }
    const uri = inWorkspace(parsed.uri);
    if ('error' in uri) return uri;
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = new vscode.Position(parsed.line, parsed.character);
    const range = (await symbolRange(uri, parsed.name, at)) ?? doc.lineAt(Math.min(parsed.line, doc.lineCount - 1)).range;
    const text = doc.getText(range);
    if (text.length > CONTEXT_MAX_CHARS) return { error: vscode.l10n.t('{0} is too big to attach ({1} characters; at most {2}). Select the part you need and add it with Selection.', parsed.name, text.length.toLocaleString('en'), CONTEXT_MAX_CHARS.toLocaleString('en')) };
    const rel = vscode.workspace.asRelativePath(uri, false);
    const startLine = range.start.line + 1;
    const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
    return item('symbol', text, rel, `${parsed.name} (${rel}:${startLine})`, {
      uri: uri.toString(),
      language: doc.languageId,
      startLine,
      endLine,
      symbol: { name: parsed.name, kind: symbolKindName(parsed.kind) },
    });
  }

  private problems(): MentionResult {
    const problems: ProblemLike[] = [];
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (!vscode.workspace.getWorkspaceFolder(uri)) continue;
      const file = vscode.workspace.asRelativePath(uri, false);
      for (const d of diagnostics) {
        problems.push({ file, line: d.range.start.line + 1, column: d.range.start.character + 1, severity: severityName(d.severity), message: d.message, ...(d.source ? { source: d.source } : {}) });
      }
    }
    if (!problems.length) return { error: vscode.l10n.t('The Problems list is empty: there is nothing to attach.') };
    const { text, errors, warnings } = problemsText(problems);
    return item('problems', text, 'Problems', `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${problems.length > errors + warnings ? `, ${problems.length - errors - warnings} more` : ''}`, { language: 'text' });
  }

  private async diff(): Promise<MentionResult> {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    if (!folder) return { error: vscode.l10n.t('Open a folder to attach its git diff.') };
    const result = await gitDiff(folder.uri.fsPath);
    if ('error' in result) return result;
    if (!result.text.trim()) return { error: vscode.l10n.t('There are no uncommitted changes in {0} (git diff HEAD is empty).', folder.name) };
    const truncated = result.text.length > CONTEXT_MAX_CHARS;
    const text = truncated ? result.text.slice(0, CONTEXT_MAX_CHARS) : result.text;
    const files = (text.match(/^diff --git /gm) ?? []).length;
    const made = item('diff', text, folder.name, truncated ? vscode.l10n.t('{0} file(s) changed (first {1} characters)', files, CONTEXT_MAX_CHARS.toLocaleString('en')) : vscode.l10n.t('{0} file(s) changed', files), { language: 'diff', uri: folder.uri.toString() });
    if (truncated) made.truncated = true;
    return made;
  }

  // ---- Opening what a chip of the transcript refers to ----

  async open(context: ContextItem, messageId: string): Promise<string | undefined> {
    const kind = context.chip.kind;
    if (kind === 'problems') {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    if (kind === 'diff') {
      // What was sent, as it was: the diff at the time of the message.
      const docPath = `/${messageId}/${context.chip.id}/changes.diff`;
      this.shown.set(docPath, context.content);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: CONTEXT_SCHEME, path: docPath }));
      await vscode.window.showTextDocument(doc, { preview: true });
      return undefined;
    }
    const uri = context.uri ? vscode.Uri.parse(context.uri, true) : pathInWorkspace(context.path);
    if (!uri) return `${context.path} is not in this workspace.`;
    if (kind === 'folder') {
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return undefined;
    }
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return `${context.path} no longer exists.`;
    }
    // The caret at the first line of the selection or symbol, shown in the middle of the editor.
    const selection = context.startLine !== undefined ? new vscode.Range(context.startLine - 1, 0, context.startLine - 1, 0) : undefined;
    await vscode.window.showTextDocument(uri, { preview: true, ...(selection ? { selection } : {}) });
    return undefined;
  }
}

function item(kind: ContextChip['kind'], content: string, itemPath: string, label: string, extra: Partial<ContextItem> & { language?: string } = {}): ContextItem {
  const { language, ...rest } = extra;
  const chip: ContextChip = { id: newId(), kind, label, chars: content.length, preview: previewOf(content) };
  if (language) chip.language = language;
  return { chip, content, path: itemPath, ...rest };
}

/** A URI string from the page, if it is a file of an open workspace folder; else why not. */
function inWorkspace(ref: string): vscode.Uri | { error: string } {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(ref, true);
  } catch {
    return { error: vscode.l10n.t('That entry could not be read.') };
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || (uri.scheme === 'file' && !isInside(folder.uri.fsPath, uri.fsPath))) {
    return { error: vscode.l10n.t('Only files inside the workspace can be attached; {0} is outside it.', uri.scheme === 'file' ? uri.fsPath : uri.toString()) };
  }
  return uri;
}

function pathInWorkspace(rel: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, rel) : undefined;
}

/** The full range of the symbol named `name` at `at`, from the document's symbol provider (the workspace provider may give only its name). */
async function symbolRange(uri: vscode.Uri, name: string, at: vscode.Position): Promise<vscode.Range | undefined> {
  const symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>('vscode.executeDocumentSymbolProvider', uri).then(
    (s) => s ?? [],
    () => [],
  );
  // Providers name the same symbol differently in the two lists (TypeScript: "greet()" in the workspace
  // list, "greet" in the document's), and place it at its name or at its whole declaration.
  const plain = (n: string) => n.replace(/\(.*\)$/, '').trim();
  const wanted = plain(name);
  let best: vscode.Range | undefined;
  const visit = (list: Array<vscode.DocumentSymbol | vscode.SymbolInformation>) => {
    for (const s of list) {
      const range = 'range' in s ? s.range : s.location.range;
      const at_ = 'selectionRange' in s ? s.selectionRange.contains(at) || range.contains(at) : range.contains(at);
      if (plain(s.name) === wanted && at_ && (!best || best.contains(range))) best = range;
      if ('children' in s && s.children?.length) visit(s.children);
    }
  };
  visit(symbols);
  return best;
}

function severityName(s: vscode.DiagnosticSeverity): ProblemLike['severity'] {
  switch (s) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'info';
    default:
      return 'hint';
  }
}

function symbolKindName(kind: number): string {
  return (vscode.SymbolKind[kind] ?? 'symbol').toLowerCase();
}

/** A fence tag from the file's extension ("ts", "py"); none for files without one. */
function fenceLanguage(rel: string): string | undefined {
  const ext = path.posix.extname(rel).slice(1);
  return ext && /^[\w+#.-]+$/.test(ext) ? ext : undefined;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled mention kind: ${String(value)}`);
}
