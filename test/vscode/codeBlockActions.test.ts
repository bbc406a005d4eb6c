// Code-block actions in a real extension host: insert at the cursor of the last editor the user was in,
// indented to the cursor's line, as one undo step, without moving focus; replace the selection through
// the edit proposal (a diff to Accept or Reject, as Edit Selection).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EditorTracker, insertAtCursor, replaceSelection } from '../../src/chat/codeBlockActions';
import { grokExtension, undo } from './support';

describe('code-block actions', () => {
  let tracker: EditorTracker;
  let editor: vscode.TextEditor;

  let made = 0;

  beforeEach(async () => {
    tracker = new EditorTracker();
    // A name of its own each time. An unnamed document reuses "Untitled-1" once the last one closed: on a
    // loaded machine the second test's document opened holding the first test's insertion (undone since),
    // most likely VS Code's backup of the earlier Untitled-1, still being written when it was reverted.
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `code-block-${process.pid}-${++made}.js` });
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'javascript');
    const content = new vscode.WorkspaceEdit();
    content.insert(uri, new vscode.Position(0, 0), 'function f() {\n    \n}\n');
    assert.ok(await vscode.workspace.applyEdit(content), 'the new document took its text');
    editor = await vscode.window.showTextDocument(doc);
    assert.equal(editor.document.getText(), 'function f() {\n    \n}\n', 'the new document does not start as created');
  });

  afterEach(async () => {
    tracker.dispose();
    // This test's own document, whichever editor is active now (a proposal's diff may be).
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('inserts at the cursor with the line\'s indentation, in one undo step, and focus stays', async () => {
    editor.selection = new vscode.Selection(1, 4, 1, 4);
    const result = await insertAtCursor(tracker, 'if (a) {\n  b();\n}\n');
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(editor.document.getText(), 'function f() {\n    if (a) {\n      b();\n    }\n}\n');
    // Where it landed (highlighted for a moment): exactly the inserted code.
    assert.ok(result.ok);
    const landed = new vscode.Range(editor.document.positionAt(result.range.start), editor.document.positionAt(result.range.end));
    assert.equal(editor.document.getText(landed), 'if (a) {\n      b();\n    }');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the editor the user was in is still active');
    await undo();
    assert.equal(editor.document.getText(), 'function f() {\n    \n}\n', 'one undo removes the whole insertion');
  });

  it('proposes replacing the selection as an edit to review: Reject leaves the document, Accept replaces it', async () => {
    // The proposal is the editor feature's command: the extension is active in a real session (the chat is part of it).
    await grokExtension();
    editor.selection = new vscode.Selection(0, 9, 0, 10);
    const rejected = await replaceSelection(tracker, 'g');
    assert.ok(rejected.ok, rejected.ok ? '' : rejected.reason);
    assert.equal(editor.document.lineAt(0).text, 'function f() {', 'Replace wrote before Accept');
    assert.deepEqual(await vscode.commands.executeCommand('grok.rejectEdit', rejected.proposalId), { status: 'rejected', id: rejected.proposalId });
    assert.equal(editor.document.getText(), 'function f() {\n    \n}\n', 'Reject changed the document');

    const accepted = await replaceSelection(tracker, 'g');
    assert.ok(accepted.ok, accepted.ok ? '' : accepted.reason);
    assert.equal(editor.document.lineAt(0).text, 'function f() {');
    assert.deepEqual(await vscode.commands.executeCommand('grok.acceptEdit', accepted.proposalId), { status: 'accepted', id: accepted.proposalId });
    assert.equal(editor.document.lineAt(0).text, 'function g() {');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'Accept left the editor the user was in, so Undo goes elsewhere');
    await undo();
    assert.equal(editor.document.lineAt(0).text, 'function f() {', 'one Undo takes the replacement out');
  });
});
