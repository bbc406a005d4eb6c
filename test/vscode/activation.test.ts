// The packaged extension is installed, activates, and registers what its manifest promises.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, grokExtension } from './support';

describe('activation', () => {
  it('the extension is installed and activates', async () => {
    const ext = await grokExtension();
    assert.equal(ext.isActive, true);
    assert.equal(ext.id, EXTENSION_ID);
  });

  it('registers every command declared in package.json', async () => {
    const ext = await grokExtension();
    const declared: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(declared.length >= 5, `package.json declares only ${declared.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), [], 'declared but not registered');
  });

  it('contributes the Grok chat view', async () => {
    const ext = await grokExtension();
    const views = ext.packageJSON.contributes?.views?.grok ?? [];
    assert.ok(views.some((v: { id: string }) => v.id === 'grok.chat'), 'no grok.chat view in the grok container');
    // Focusing the view resolves the webview provider the extension registered; an unknown view throws.
    await vscode.commands.executeCommand('grok.chat.focus');
  });
});
