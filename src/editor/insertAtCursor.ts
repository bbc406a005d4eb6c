// grok.insertAtCursor: asks for an instruction (empty: continue the code), then streams the generated
// code into the document at the cursor as it arrives. Focus stays where the user is; the insertion is
// one undo step (see streamingInsertion.ts for what holds when the user edits the file meanwhile).
// Scripted: executeCommand('grok.insertAtCursor', { prompt }) skips the input box and resolves when
// the insertion has finished, failed or been stopped.
import * as vscode from 'vscode';
import { actionLabel } from '../platform/errorActions';
import { info } from '../platform/log';
import { getApiKey } from '../platform/secrets';
import { fileSite, insertionSite } from './codeContext';
import { streamCode, type CodeStreamOutcome } from './codeStream';
import { withEditorRequest } from './editorRequests';
import { showFailure } from './failureMessage';
import { noKey, writable } from './preconditions';
import { INSERT_AFTER_CHARS, INSERT_BEFORE_CHARS, insertMessages } from './prompts';
import { StreamingInsertion, type InsertionOutcome, type Interruption } from './streamingInsertion';

export interface InsertResult {
  status: 'done' | 'stopped' | 'error' | 'cancelled' | 'noEditor';
  /** The inserted text as the document holds it (with its line ends). */
  text?: string;
  /** Offsets of the insertion in the document when it settled. */
  range?: { start: number; end: number };
  /** 1 unless the user edited the document while the code streamed in. */
  undoSteps?: number;
  /** Where writing waited (ms): for its own change events, a pause in typing, saves (also in the log when long). */
  waited?: InsertionOutcome['waited'];
  interrupted?: Interruption;
  finishReason?: string;
  error?: { kind: string; message: string };
  /** The message shown when the insertion settled (for scripts and tests). */
  notice?: string;
}

/** The last insertion that Undo alone cannot take out in one step: grok.removeInsertedCode removes it. */
let removable: { document: vscode.TextDocument; range: { start: number; end: number }; text: string } | undefined;
const REMOVE = vscode.l10n.t('Remove Inserted Code');

function setRemovable(next: typeof removable): void {
  removable = next;
  void vscode.commands.executeCommand('setContext', 'grok.canRemoveInsertedCode', next !== undefined);
}

/** grok.removeInsertedCode: takes the last insertion that needs it out in one step, keeping other edits. */
export async function removeInsertedCode(): Promise<boolean> {
  const target = removable;
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Grok: there is no inserted code to remove (after a one-step insertion, Undo removes it).'));
    return false;
  }
  const removed = await removeInserted(target.document, target.range, target.text);
  if (removed) setRemovable(undefined);
  return removed;
}

export async function insertAtCursor(args: unknown): Promise<InsertResult> {
  const scripted = typeof args === 'object' && args !== null && typeof (args as { prompt?: unknown }).prompt === 'string';
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Grok: open a file and put the cursor where the code should go, then run Insert Code at Cursor.'));
    return { status: 'noEditor' };
  }
  if (!writable(editor.document)) return { status: 'noEditor' };
  if (!(await getApiKey())) return noKey('insert code', vscode.l10n.t('Grok: No xAI API key is set. Set one to insert code.'));

  const instruction = scripted ? (args as { prompt: string }).prompt : await askInstruction();
  if (instruction === undefined) return { status: 'cancelled' };
  // The cursor as it is now: the input box may have taken a moment.
  const at = editor.selection.active;
  const messages = insertMessages(fileSite(editor.document, at, at, INSERT_BEFORE_CHARS, INSERT_AFTER_CHARS), instruction);
  const site = insertionSite(editor, at);
  info(`insertAtCursor: ${editor.document.languageId} at ${at.line + 1}:${at.character + 1}, instruction ${instruction.trim() ? `${instruction.length} chars` : '(continue)'}`);

  return withEditorRequest(vscode.l10n.t('writing code at the cursor'), async (progress) => {
    const insertion = new StreamingInsertion(editor, at, () => progress.abort());
    let outcome: CodeStreamOutcome;
    try {
      outcome = await streamCode('insertAtCursor', messages, site, (code) => insertion.append(code), progress);
    } catch (e) {
      // Whatever happened, what was written stays in one piece and tracking stops.
      await insertion.finish().catch(() => undefined);
      throw e;
    }
    const inserted = await insertion.finish();

    const result: InsertResult = { status: outcome.status, text: inserted.text, range: inserted.range, undoSteps: inserted.undoSteps, waited: inserted.waited };
    // A new insertion replaces the one Remove Inserted Code would have taken out (its range is no longer tracked).
    setRemovable(inserted.text && inserted.undoSteps > 1 ? { document: insertion.document, range: inserted.range, text: inserted.text } : undefined);
    if (inserted.interrupted) result.interrupted = inserted.interrupted;
    if (outcome.finishReason) result.finishReason = outcome.finishReason;
    if (outcome.error) result.error = { kind: outcome.error.kind, message: outcome.error.message };
    info(`insertAtCursor: inserted ${inserted.text.length} chars in ${inserted.undoSteps} undo step(s)${inserted.interrupted ? `, interrupted (${inserted.interrupted})` : ''}${waitedNote(inserted.waited)}`);

    const retry = () => vscode.commands.executeCommand('grok.insertAtCursor', { prompt: instruction });
    const kept = inserted.text ? keptNote(inserted.undoSteps, inserted.splitBy) : undefined;
    // The button goes only where Undo alone would take several steps (otherwise "one Undo removes it").
    const remove = inserted.text && inserted.undoSteps > 1 ? [{ label: REMOVE, run: () => removeInsertedCode() }] : [];
    if (outcome.status === 'error' && outcome.error) {
      showFailure('insertAtCursor', outcome.error, { aftermath: kept, retry, extra: remove });
    } else if (outcome.status === 'stopped') {
      const why = stoppedWhy(inserted.interrupted);
      result.notice = kept ? vscode.l10n.t('{0} {1}', why, kept) : why;
      if (remove.length) {
        // Several Undo steps: the way out is a button, not a status-bar message that scrolls away.
        void vscode.window.showInformationMessage(result.notice, REMOVE).then((choice) => {
          if (choice === REMOVE) void removeInsertedCode();
        });
      } else {
        vscode.window.setStatusBarMessage(result.notice, 6000);
      }
    } else if (!inserted.text) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Grok: the model returned no code to insert.'), actionLabel('retry')).then((pick) => pick && retry());
    } else if (outcome.finishReason === 'length') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Grok: the code reached the token limit and may be cut short (setting {0}). One Undo removes it.', 'grok.maxOutputTokens'));
    } else if (inserted.undoSteps > 1) {
      // The file was edited or saved while the code streamed in: Undo alone would take several steps.
      result.notice = vscode.l10n.t('{0} {1}', insertedLines(lineCount(inserted.text)), kept ?? '');
      void vscode.window.showInformationMessage(result.notice, REMOVE).then((choice) => {
        if (choice === REMOVE) void removeInsertedCode();
      });
    } else {
      vscode.window.setStatusBarMessage(`$(check) ${insertedLines(lineCount(inserted.text))}`, 4000);
    }
    return result;
  }, editor);
}

/** Where writing waited, for the log, when it waited long enough to be felt (a slow insertion says why). */
function waitedNote(w: InsertionOutcome['waited']): string {
  if (w.events + w.typing + w.saves < 250) return '';
  return `; writing waited ${w.events} ms for its own change events${w.eventTimeouts ? ` (gave up ${w.eventTimeouts}×)` : ''}, ${w.typing} ms for a pause in typing, ${w.saves} ms for saves`;
}

function insertedLines(lines: number): string {
  return lines === 1 ? vscode.l10n.t('Grok: inserted 1 line.') : vscode.l10n.t('Grok: inserted {0} lines.', lines);
}

function stoppedWhy(interrupted: Interruption | undefined): string {
  switch (interrupted) {
    case 'undone':
      return vscode.l10n.t('Grok: stopped because the insertion was undone.');
    case 'deleted':
      return vscode.l10n.t('Grok: stopped: the inserted code was deleted.');
    case 'closed':
      return vscode.l10n.t('Grok: stopped: the document was closed.');
    case 'failed':
      return vscode.l10n.t('Grok: stopped: the document did not accept the code.');
    default:
      return vscode.l10n.t('Grok: stopped.');
  }
}

function askInstruction(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Grok: Insert Code at Cursor'),
    prompt: vscode.l10n.t('What should Grok write at the cursor? Leave empty to continue the code.'),
    placeHolder: vscode.l10n.t('e.g. a function that parses ISO dates'),
    ignoreFocusOut: true,
  });
}

/**
 * What stays and how to take it out. Says why Undo takes several steps only with the true cause: an
 * auto save between writes ends VS Code's undo step too, and is not the user's edit.
 */
export function keptNote(undoSteps: number, splitBy: { edits: number; saves: number; moves: number }): string {
  if (undoSteps <= 1) return vscode.l10n.t('The code was kept: one Undo removes it.');
  const tail = vscode.l10n.t('"{0}" takes it out at once and keeps everything else.', REMOVE);
  if (splitBy.edits > 0 && splitBy.saves > 0) return vscode.l10n.t('The code was kept; the file was edited and saved while it streamed in, so Undo takes the code out in {0} steps; {1}', undoSteps, tail);
  if (splitBy.edits > 0) return vscode.l10n.t('The code was kept; the file was edited while it streamed in, so Undo takes the code out in {0} steps; {1}', undoSteps, tail);
  if (splitBy.saves === 1) return vscode.l10n.t('The code was kept; the file was saved (auto save) once while it streamed in, and each save ends an undo step, so Undo takes the code out in {0} steps; {1}', undoSteps, tail);
  if (splitBy.saves > 1) return vscode.l10n.t('The code was kept; the file was saved (auto save) {0} times while it streamed in, and each save ends an undo step, so Undo takes the code out in {1} steps; {2}', splitBy.saves, undoSteps, tail);
  if (splitBy.moves > 0) return vscode.l10n.t('The code was kept; the cursor moved in the file while it streamed in, and VS Code ends an undo step there, so Undo takes the code out in {0} steps; {1}', undoSteps, tail);
  return vscode.l10n.t('The code was kept; it was written in several parts, so Undo takes the code out in {0} steps; {1}', undoSteps, tail);
}

/** Removes exactly the inserted text, if it is still there unchanged (one undo step). */
async function removeInserted(doc: vscode.TextDocument, range: { start: number; end: number }, text: string): Promise<boolean> {
  const r = new vscode.Range(doc.positionAt(range.start), doc.positionAt(range.end));
  if (doc.isClosed || doc.getText(r) !== text) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Grok: the inserted code has changed since, so it was not removed. Use Undo instead.'));
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.delete(doc.uri, r);
  return vscode.workspace.applyEdit(edit);
}

function lineCount(text: string): number {
  return text.split('\n').length;
}
