// Code-block actions from the chat: copy, insert at cursor, replace selection, open in a new file.
// Clicking in the webview takes focus from the editor and clears window.activeTextEditor, so the last
// text editor the user was in is tracked. Edits go through that editor's own edit(): one undo step,
// and focus stays where the user is (showTextDocument would move it).
import * as vscode from 'vscode';
import { indentForInsert } from './indent';
import { PROPOSE_EDIT_COMMAND, type ProposeEditArgs, type ProposeEditResult } from '../platform/proposeEdit';

/** Schemes of editors that show text but are not the user's documents. */
const NOT_DOCUMENTS = new Set(['output', 'debug', 'vscode-scm', 'comment']);

export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor((e) => this.remember(e));
  }

  /** The editor the user was last in, if it is still open; else the active or only visible one. */
  target(): vscode.TextEditor | undefined {
    const visible = vscode.window.visibleTextEditors.filter(isDocumentEditor);
    const last = this.last;
    if (last && !last.document.isClosed) {
      if (visible.includes(last)) return last;
      // The same document shown again gets a new TextEditor object.
      const again = visible.find((e) => e.document === last.document);
      if (again) return again;
    }
    const active = vscode.window.activeTextEditor;
    if (active && isDocumentEditor(active)) return active;
    return visible.length === 1 ? visible[0] : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (editor && isDocumentEditor(editor)) this.last = editor;
  }
}

function isDocumentEditor(editor: vscode.TextEditor): boolean {
  return !NOT_DOCUMENTS.has(editor.document.uri.scheme);
}

/** `range`: where the code landed (offsets in the document after the edit), highlighted for a moment. */
export type EditResult = { ok: true; where: string; range: { start: number; end: number } } | { ok: false; reason: string };

/** How long the landed code stays highlighted. */
const LANDED_HIGHLIGHT_MS = 1500;
let landedDecoration: vscode.TextEditorDecorationType | undefined;

/** Shows where an insertion landed: the theme's range highlight, briefly (decorations take no focus and no undo step). */
function highlightLanded(editor: vscode.TextEditor, range: vscode.Range): void {
  landedDecoration ??= vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  const decoration = landedDecoration;
  editor.setDecorations(decoration, [range]);
  setTimeout(() => editor.setDecorations(decoration, []), LANDED_HIGHLIGHT_MS);
}

const NO_EDITOR = 'Open a file and put the cursor where the code should go, then try again.';

/** Inserts at the cursor of the last active editor, indented to match the cursor's line. */
export async function insertAtCursor(tracker: EditorTracker, code: string): Promise<EditResult> {
  const editor = tracker.target();
  if (!editor) return { ok: false, reason: NO_EDITOR };
  const at = editor.selection.active;
  return applyEdit(editor, new vscode.Range(at, at), code);
}

export type ReplaceResult = { ok: true; where: string; proposalId: string } | { ok: false; reason: string };

/**
 * Proposes replacing the last active editor's selection (an empty one: inserting at the cursor) with
 * the code, indented to the line: the editor shows it as a diff with Accept and Reject, exactly like
 * Edit Selection, and nothing is written until Accept.
 */
export async function replaceSelection(tracker: EditorTracker, code: string): Promise<ReplaceResult> {
  const editor = tracker.target();
  if (!editor) return { ok: false, reason: NO_EDITOR };
  const doc = editor.document;
  const range = new vscode.Range(editor.selection.start, editor.selection.end);
  const linePrefix = doc.lineAt(range.start.line).text.slice(0, range.start.character);
  const text = indentForInsert(code, linePrefix, doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  const args: ProposeEditArgs = { uri: doc.uri.toString(), start: doc.offsetAt(range.start), end: doc.offsetAt(range.end), text, instruction: 'Replace the selection with code from the chat' };
  const result = await vscode.commands.executeCommand<ProposeEditResult | { status: 'error'; error?: { message?: string } } | undefined>(PROPOSE_EDIT_COMMAND, args);
  const where = vscode.workspace.asRelativePath(doc.uri, false);
  if (result?.status === 'ready') return { ok: true, where, proposalId: result.id };
  const reason = result?.status === 'invalid' ? result.reason : (result?.error?.message ?? 'the edit could not be proposed');
  return { ok: false, reason: vscode.l10n.t('{0}: {1}', where, reason) };
}

async function applyEdit(editor: vscode.TextEditor, range: vscode.Range, code: string): Promise<EditResult> {
  const doc = editor.document;
  const linePrefix = doc.lineAt(range.start.line).text.slice(0, range.start.character);
  const text = indentForInsert(code, linePrefix, doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  const start = doc.offsetAt(range.start);
  // One edit() call with the default undo stops is one undo step.
  const applied = await editor.edit((b) => b.replace(range, text));
  if (!applied) return { ok: false, reason: vscode.l10n.t('{0} could not be edited (it may be read-only).', vscode.workspace.asRelativePath(doc.uri, false)) };
  // indentForInsert wrote the document's own line ends, so the code spans text.length characters.
  const landedEnd = start + text.length;
  highlightLanded(editor, new vscode.Range(doc.positionAt(start), doc.positionAt(landedEnd)));
  return { ok: true, where: vscode.workspace.asRelativePath(doc.uri, false), range: { start, end: landedEnd } };
}

export async function copyCode(code: string): Promise<void> {
  await vscode.env.clipboard.writeText(code);
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Grok: code copied')}`, 2000);
}

/** Opens the code in a new untitled editor with the block's language (plain text when VS Code does not know it). */
export async function openInNewFile(code: string, language?: string): Promise<void> {
  const languageId = await languageIdFor(language);
  const doc = await vscode.workspace.openTextDocument({ content: code, language: languageId });
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** Fence tags models write that are not VS Code language ids. */
const ALIASES: Record<string, string> = {
  ts: 'typescript',
  js: 'javascript',
  jsx: 'javascriptreact',
  tsx: 'typescriptreact',
  py: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  yml: 'yaml',
  md: 'markdown',
  'c++': 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  rb: 'ruby',
  rs: 'rust',
  golang: 'go',
  kt: 'kotlin',
  ps1: 'powershell',
  text: 'plaintext',
  txt: 'plaintext',
};

async function languageIdFor(language: string | undefined): Promise<string> {
  if (!language) return 'plaintext';
  const wanted = language.toLowerCase();
  const known = await vscode.languages.getLanguages();
  if (known.includes(wanted)) return wanted;
  const alias = ALIASES[wanted];
  return alias && known.includes(alias) ? alias : 'plaintext';
}
