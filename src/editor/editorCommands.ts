// The editor commands: explain the selection in the chat, insert code at the cursor, edit the
// selection through a reviewed proposal. Each command handler is an error boundary: a failure is
// logged, shown once with its fix, and returned to a scripted caller instead of thrown.
import * as vscode from 'vscode';
import { PROPOSE_EDIT_COMMAND } from '../platform/proposeEdit';
import { registerEditorRequests } from './editorRequests';
import { PROPOSAL_SCHEME, ProposalStore } from './editProposals';
import { showUnexpected } from './failureMessage';
import type * as EditorActions from './editorActions';

export { stopEditorRequests } from './editorRequests';

/** The commands' code, loaded the first time one runs (see editorActions.ts). */
const actions = (): Promise<typeof EditorActions> => import('./editorActions.js');

export function registerEditorCommands(context: vscode.ExtensionContext): void {
  registerEditorRequests(context);
  const proposals = new ProposalStore();
  context.subscriptions.push(
    proposals,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.languages.registerCodeLensProvider('*', proposals),
    vscode.commands.registerCommand('grok.explainSelection', boundary('grok.explainSelection', async () => (await actions()).explainSelection())),
    vscode.commands.registerCommand('grok.insertAtCursor', boundary('grok.insertAtCursor', async (args) => (await actions()).insertAtCursor(args))),
    vscode.commands.registerCommand('grok.removeInsertedCode', boundary('grok.removeInsertedCode', async () => (await actions()).removeInsertedCode())),
    vscode.commands.registerCommand('grok.editSelection', boundary('grok.editSelection', async (args) => (await actions()).editSelection(proposals, args))),
    // Not in the palette: the chat's Replace hands its code here, so it is reviewed like Edit Selection.
    vscode.commands.registerCommand(PROPOSE_EDIT_COMMAND, boundary(PROPOSE_EDIT_COMMAND, async (arg) => (await actions()).proposeEdit(proposals, arg))),
    vscode.commands.registerCommand('grok.acceptEdit', boundary('grok.acceptEdit', async (arg) => (await actions()).acceptEdit(proposals, arg))),
    vscode.commands.registerCommand('grok.rejectEdit', boundary('grok.rejectEdit', async (arg) => (await actions()).rejectEdit(proposals, arg))),
    vscode.commands.registerCommand(
      'grok.showEditDiff',
      boundary('grok.showEditDiff', async (arg) => {
        const p = proposals.find(arg);
        if (p) await proposals.showDiff(p);
        else void vscode.window.showInformationMessage(vscode.l10n.t('Grok: there is no proposed edit to show.'));
      }),
    ),
  );
  void vscode.commands.executeCommand('setContext', 'grok.hasEditProposal', false);
  void vscode.commands.executeCommand('setContext', 'grok.canRemoveInsertedCode', false);
}

/** A command handler whose unexpected failure is logged and shown once, and resolves with an error result. */
function boundary(id: string, run: (arg: unknown) => unknown): (arg?: unknown) => Promise<unknown> {
  return async (arg?: unknown) => {
    try {
      return await run(arg);
    } catch (e) {
      const error = showUnexpected(id, e);
      return { status: 'error', error };
    }
  };
}
