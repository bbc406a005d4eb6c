// What the editor commands read from the editor: the file around the cursor or selection (bounded
// before it reaches the prompt builder), the indentation style, and where generated code lands.
import * as vscode from 'vscode';
import type { FileSite } from './prompts';
import { targetIndentation, type IndentStyle, type InsertionSite } from './reindent';

/** Workspace-relative path, or the untitled document's name. */
export function documentPath(doc: vscode.TextDocument): string {
  if (doc.isUntitled) return doc.uri.path;
  return vscode.workspace.asRelativePath(doc.uri, false);
}

/** The file around [start, end): up to `beforeChars` before and `afterChars` after (a little more, cut later at line boundaries). */
export function fileSite(doc: vscode.TextDocument, start: vscode.Position, end: vscode.Position, beforeChars: number, afterChars: number): FileSite {
  const startOffset = doc.offsetAt(start);
  const endOffset = doc.offsetAt(end);
  const from = doc.positionAt(Math.max(0, startOffset - beforeChars - 1));
  const to = doc.positionAt(endOffset + afterChars + 1);
  return {
    path: documentPath(doc),
    language: doc.languageId,
    before: normaliseEol(doc.getText(new vscode.Range(from, start))),
    after: normaliseEol(doc.getText(new vscode.Range(end, to))),
  };
}

export function indentStyle(editor: vscode.TextEditor): IndentStyle {
  const { tabSize, insertSpaces } = editor.options;
  return {
    tabSize: typeof tabSize === 'number' && tabSize > 0 ? tabSize : 4,
    insertSpaces: typeof insertSpaces === 'boolean' ? insertSpaces : true,
  };
}

/** Where generated code lands: the text around `at` on its line and the indentation it belongs at. */
export function insertionSite(editor: vscode.TextEditor, at: vscode.Position, end: vscode.Position = at): InsertionSite {
  const doc = editor.document;
  const style = indentStyle(editor);
  const line = doc.lineAt(at.line).text;
  let previous: string | undefined;
  for (let l = at.line - 1; l >= 0; l--) {
    const text = doc.lineAt(l).text;
    if (text.trim()) {
      previous = text;
      break;
    }
  }
  return {
    ...style,
    linePrefix: line.slice(0, at.character),
    lineSuffix: doc.lineAt(end.line).text.slice(end.character),
    targetIndent: targetIndentation(line, at.character, previous, style),
  };
}

/** The model sees \n line ends whatever the document uses. */
export function normaliseEol(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
