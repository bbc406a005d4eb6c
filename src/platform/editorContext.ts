// Context chips from the editor: the selection or the whole file, captured when the chip is added, so
// the chip shows exactly what will be sent (and a file edited afterwards does not change it silently).
import * as vscode from 'vscode';
import type { ContextChip } from '../protocol';
import { newId, previewOf, type ContextItem } from '../conversation/conversation';

/** A file is cut to this many characters: enough for most source files, bounded for the prompt's cost. */
export const CONTEXT_MAX_CHARS = 100_000;

export function contextFromEditor(editor: vscode.TextEditor, kind: 'selection' | 'file'): ContextItem | { error: string } {
  const doc = editor.document;
  const path = vscode.workspace.asRelativePath(doc.uri, false);
  if (kind === 'selection') {
    const sel = editor.selection;
    if (sel.isEmpty) return { error: vscode.l10n.t('Select some code in the editor first, then add it.') };
    const startLine = sel.start.line + 1;
    // A selection ending at column 0 does not include that line.
    const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
    return item('selection', doc.getText(sel), path, doc.languageId, `${path}:${startLine === endLine ? startLine : `${startLine}-${endLine}`}`, startLine, endLine);
  }
  return item('file', doc.getText(), path, doc.languageId, path);
}

function item(kind: ContextChip['kind'], text: string, path: string, language: string, label: string, startLine?: number, endLine?: number): ContextItem {
  const truncated = text.length > CONTEXT_MAX_CHARS;
  const content = truncated ? text.slice(0, CONTEXT_MAX_CHARS) : text;
  const chip: ContextChip = {
    id: newId(),
    kind,
    label: truncated ? vscode.l10n.t('{0} (first {1} KB)', label, Math.round(CONTEXT_MAX_CHARS / 1000)) : label,
    language,
    chars: content.length,
    preview: previewOf(content),
  };
  const result: ContextItem = { chip, content, path };
  if (startLine !== undefined) result.startLine = startLine;
  if (endLine !== undefined) result.endLine = endLine;
  if (truncated) result.truncated = true;
  return result;
}

/** Adds a chip, replacing one for the same file or range (adding it twice would send it twice). */
export function withChip(pending: ContextItem[], added: ContextItem): ContextItem[] {
  const sameAs = (c: ContextItem) => c.chip.kind === added.chip.kind && c.path === added.path && c.startLine === added.startLine && c.endLine === added.endLine;
  return [...pending.filter((c) => !sameAs(c)), added];
}
