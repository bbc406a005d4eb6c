// grok.editSelection: asks for an instruction, sends the selection and the code around it, and streams
// the rewrite into a proposal shown as a diff beside the original. Nothing in the document changes
// until grok.acceptEdit (one undo step); grok.rejectEdit leaves it untouched.
// Scripted: executeCommand('grok.editSelection', { instruction }) resolves when the proposal is complete.
import * as vscode from 'vscode';
import { info } from '../platform/log';
import { getApiKey } from '../platform/secrets';
import { fileSite, insertionSite } from './codeContext';
import { streamCode } from './codeStream';
import { withEditorRequest } from './editorRequests';
import type { EditProposal, ProposalStore } from './editProposals';
import { showFailure } from './failureMessage';
import { noKey, writable } from './preconditions';
import { isProposeEditArgs, type ProposeEditResult } from '../platform/proposeEdit';
import { EDIT_AFTER_CHARS, EDIT_BEFORE_CHARS, EDIT_MAX_SELECTION_CHARS, editMessages } from './prompts';

export interface EditResult {
  status: 'ready' | 'stopped' | 'error' | 'cancelled' | 'noSelection' | 'tooLarge';
  /** The proposal's id, for grok.acceptEdit / grok.rejectEdit. */
  id?: string;
  /** The proposed replacement of the selection (with the document's line ends). */
  text?: string;
  finishReason?: string;
  error?: { kind: string; message: string };
}

export interface AcceptResult {
  status: 'accepted' | 'conflict' | 'notReady' | 'incomplete' | 'closed' | 'none';
  id?: string;
}

interface EditArgs {
  instruction?: string;
}


const RUN_AGAIN = () => vscode.l10n.t('Run Again');
const REJECT = () => vscode.l10n.t('Reject');
export async function editSelection(store: ProposalStore, args: unknown): Promise<EditResult> {
  const given = typeof args === 'object' && args !== null ? (args as EditArgs).instruction : undefined;
  const scripted = typeof given === 'string';
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Grok: select the code to edit first, then run Edit Selection.'));
    return { status: 'noSelection' };
  }
  if (!writable(editor.document)) return { status: 'noSelection' };
  const size = editor.document.offsetAt(editor.selection.end) - editor.document.offsetAt(editor.selection.start);
  if (size > EDIT_MAX_SELECTION_CHARS) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Grok: the selection is too large to rewrite ({0} characters; at most {1}). Select a smaller part.', size.toLocaleString(vscode.env.language), EDIT_MAX_SELECTION_CHARS.toLocaleString(vscode.env.language)),
    );
    return { status: 'tooLarge' };
  }
  if (!(await getApiKey())) return noKey('edit code', vscode.l10n.t('Grok: No xAI API key is set. Set one to edit code.'));

  const instruction = scripted ? given : await askInstruction();
  if (!instruction?.trim()) return { status: 'cancelled' };
  return runEdit(store, editor, editor.selection, instruction);
}

/** Proposes a rewrite of `selection`; also "Run Again" after a conflict, on the range as it is now. */
export async function runEdit(store: ProposalStore, editor: vscode.TextEditor, selection: vscode.Range, instruction: string): Promise<EditResult> {
  const doc = editor.document;
  const messages = editMessages(fileSite(doc, selection.start, selection.end, EDIT_BEFORE_CHARS, EDIT_AFTER_CHARS), doc.getText(selection).replace(/\r\n/g, '\n'), instruction);
  // The rewrite replaces the selection itself: it ends with a line break exactly when the selection did.
  const site = { ...insertionSite(editor, selection.start, selection.end), lineSuffix: '' };
  const proposal = store.create(doc, selection, instruction);
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  info(`editSelection: ${doc.languageId}, ${proposal.original.length} chars selected, instruction ${instruction.length} chars`);
  // The diff opens with the first code (an empty proposal would look like a deletion).
  let shown: Promise<void> | undefined;
  const sink = (code: string) => {
    store.append(proposal, eol === '\n' ? code : code.replace(/\n/g, eol));
    shown ??= store.showDiff(proposal);
  };

  return withEditorRequest(vscode.l10n.t('writing the edit'), async (progress) => {
    proposal.abort = () => progress.abort();
    const outcome = await streamCode('editSelection', messages, site, sink, progress).catch((e: unknown) => {
      store.settle(proposal, 'error');
      throw e;
    });
    if (outcome.status === 'done' && proposal.original.endsWith('\n') && !proposal.proposed.endsWith('\n')) store.append(proposal, eol);
    store.settle(proposal, outcome.status === 'done' ? 'ready' : outcome.status);
    if (outcome.status === 'done') await (shown ?? store.showDiff(proposal));

    const result: EditResult = { status: outcome.status === 'done' ? 'ready' : outcome.status, id: proposal.id, text: proposal.proposed };
    if (outcome.finishReason) result.finishReason = outcome.finishReason;
    if (outcome.error) result.error = { kind: outcome.error.kind, message: outcome.error.message };
    if (outcome.status === 'error' && outcome.error) {
      showFailure('editSelection', outcome.error, {
        aftermath: vscode.l10n.t('The document was not changed.'),
        retry: () => rerun(store, proposal),
      });
    } else if (outcome.status === 'stopped') {
      vscode.window.setStatusBarMessage(vscode.l10n.t('Grok: the edit was stopped; the document was not changed.'), 6000);
    } else if (outcome.finishReason === 'length') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Grok: the edit reached the token limit and may be cut short (setting grok.maxOutputTokens). Check the diff before accepting.'));
    } else {
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Grok: the edit is ready: Accept or Reject it (diff and code lens)')}`, 6000);
    }
    return result;
  }, editor);
}

export async function acceptEdit(store: ProposalStore, arg: unknown): Promise<AcceptResult> {
  const p = store.find(arg);
  if (!p) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Grok: there is no proposed edit to accept.'));
    return { status: 'none' };
  }
  const outcome = await store.accept(p);
  switch (outcome.status) {
    case 'accepted':
      info('editSelection: accepted');
      vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Grok: edit applied (one Undo reverts it)')}`, 4000);
      break;
    case 'notReady':
      void vscode.window.showInformationMessage(vscode.l10n.t('Grok is still writing this edit. Accept it when it is complete, or Reject it.'));
      break;
    case 'incomplete':
      void vscode.window.showWarningMessage(vscode.l10n.t('Grok: this edit is incomplete (it was stopped or failed), so it cannot be applied. Reject it or run it again.'), RUN_AGAIN(), REJECT()).then((pick) => {
        if (pick === RUN_AGAIN()) void rerun(store, p);
        if (pick === REJECT()) store.reject(p);
      });
      break;
    case 'conflict':
      info('editSelection: not applied, the selected code changed');
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Grok: the selected code changed since the edit was proposed, so it was not applied (it would overwrite your changes).'), RUN_AGAIN(), REJECT())
        .then((pick) => {
          if (pick === RUN_AGAIN()) void rerun(store, p);
          if (pick === REJECT()) store.reject(p);
        });
      break;
    case 'closed':
      void vscode.window.showInformationMessage(vscode.l10n.t('Grok: the document of this edit was closed; the edit was dropped.'));
      break;
  }
  return { status: outcome.status, id: p.id };
}

/** grok.proposeEdit: a replacement written elsewhere (the chat's Replace), as a proposal to accept or reject. */
export async function proposeEdit(store: ProposalStore, arg: unknown): Promise<ProposeEditResult> {
  if (!isProposeEditArgs(arg)) return { status: 'invalid', reason: 'The replacement could not be proposed (bad arguments).' };
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.uri);
  if (!doc || doc.isClosed) return { status: 'invalid', reason: 'The document to replace in is no longer open.' };
  if (!writable(doc)) return { status: 'invalid', reason: `${vscode.workspace.asRelativePath(doc.uri, false)} is read-only.` };
  const length = doc.getText().length;
  if (arg.start < 0 || arg.end < arg.start || arg.end > length) return { status: 'invalid', reason: 'The selection to replace is no longer there.' };
  const range = new vscode.Range(doc.positionAt(arg.start), doc.positionAt(arg.end));
  const p = await store.propose(doc, range, arg.text, arg.instruction ?? 'Replace from the chat');
  info(`proposeEdit: ${p.original.length} chars to replace with ${p.proposed.length}`);
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Grok: review the replacement in the diff: Accept or Reject it')}`, 6000);
  return { status: 'ready', id: p.id };
}

export interface RejectResult {
  status: 'rejected' | 'none';
  id?: string;
}

export function rejectEdit(store: ProposalStore, arg: unknown): RejectResult {
  const p = store.find(arg);
  if (!p) return { status: 'none' };
  store.reject(p);
  info('editSelection: rejected');
  vscode.window.setStatusBarMessage(vscode.l10n.t('Grok: edit rejected; the document was not changed.'), 4000);
  return { status: 'rejected', id: p.id };
}

/** The same instruction on the proposal's range as it is now; the old proposal is dropped. */
async function rerun(store: ProposalStore, p: EditProposal): Promise<EditResult> {
  const doc = p.document;
  if (doc.isClosed) return { status: 'noSelection' };
  const range = new vscode.Range(doc.positionAt(p.range.start), doc.positionAt(p.range.end));
  // The user asked for it from a button: showing the document is expected here.
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc) ?? (await vscode.window.showTextDocument(doc, { preserveFocus: true }));
  if (range.isEmpty) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Grok: the selected code is gone; select the code to edit and run Edit Selection again.'));
    store.reject(p);
    return { status: 'noSelection' };
  }
  return runEdit(store, editor, range, p.instruction);
}

function askInstruction(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Grok: Edit Selection'),
    prompt: vscode.l10n.t('How should Grok change the selected code? You review the result as a diff before anything changes.'),
    placeHolder: vscode.l10n.t('e.g. handle the empty case, add types, make it async'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Say what to change.'),
  });
}
