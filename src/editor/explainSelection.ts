// grok.explainSelection: the selection (with its path, language and a few lines around it) goes to the
// chat as a new turn of the current conversation, and the answer streams there. The chat owns the
// conversation; this only builds the turn and hands it over through grok.ask.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { contextFromEditor } from '../platform/editorContext';
import { previewOf, type ContextItem } from '../conversation/conversation';
import { info } from '../platform/log';
import { documentPath } from './codeContext';
import { EXPLAIN_SURROUNDING_LINES, explainQuestion, surroundingText } from './prompts';

/** What grok.ask resolves with (the chat's AskResult), or why nothing was asked. */
export type ExplainResult = { status: 'noSelection' } | { text?: string; status?: string; error?: { kind: string; message: string } };

export async function explainSelection(): Promise<ExplainResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage(
      editor ? vscode.l10n.t('Grok: select the code to explain first, then run Explain Selection.') : vscode.l10n.t('Grok: open a file and select the code to explain, then run Explain Selection.'),
    );
    return { status: 'noSelection' };
  }
  const selection = contextFromEditor(editor, 'selection');
  if ('error' in selection) {
    void vscode.window.showInformationMessage(`Grok: ${selection.error}`);
    return { status: 'noSelection' };
  }
  // One chip for what the user selected; the lines around it travel inside it (its preview shows them).
  const items = [withSurroundings(editor, selection)];
  const question = explainQuestion(selection.path, selection.startLine ?? 1, selection.endLine ?? selection.startLine ?? 1);
  info(`explainSelection: ${editor.document.languageId}, ${selection.content.length} chars`);
  // The chat shows the question with the selection and its surroundings as chips: exactly what is sent.
  return vscode.commands.executeCommand<ExplainResult | undefined>('grok.ask', question, { context: items });
}

/**
 * The selection with a few lines before and after it, as one context item: the selection exactly as
 * selected, then the lines around it with the selection's place marked. One chip, labelled with the
 * selected lines, whose size and preview are what is sent.
 */
function withSurroundings(editor: vscode.TextEditor, selection: ContextItem): ContextItem {
  const doc = editor.document;
  const first = (selection.startLine ?? 1) - 1;
  const last = (selection.endLine ?? selection.startLine ?? 1) - 1;
  const from = Math.max(0, first - EXPLAIN_SURROUNDING_LINES);
  const to = Math.min(doc.lineCount - 1, last + EXPLAIN_SURROUNDING_LINES);
  if (from === first && to === last) return selection;
  const lines = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => doc.lineAt(a + i).text);
  const selected = first === last ? `line ${first + 1}` : `lines ${first + 1}-${last + 1}`;
  const around = surroundingText(lines(from, first - 1), lines(last + 1, to), selected);
  const content = `${selection.content}\n\n⋯ around it, lines ${from + 1}-${to + 1}: ⋯\n${around}`;
  return {
    ...selection,
    chip: { ...selection.chip, id: randomUUID(), chars: content.length, preview: previewOf(content), label: `${selection.chip.label} (+ lines around)` },
    content,
    path: selection.path ?? documentPath(doc),
  };
}

