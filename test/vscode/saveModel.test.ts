// Where a model choice is saved: the user's settings, unless the workspace sets grok.model, in which
// case the workspace's settings (a user-level value would be hidden by the workspace's, so the choice
// would silently not apply).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readConfig, saveModel } from '../../src/platform/config';
import { waitFor } from './support';

describe('saving the model choice', () => {
  const inspect = () => vscode.workspace.getConfiguration('grok').inspect<string>('model');
  let userValue: string | undefined;

  before(() => {
    assert.ok(vscode.workspace.workspaceFolders?.length, 'these tests need the folder the runner opens');
    userValue = inspect()?.globalValue;
  });

  afterEach(async () => {
    const c = vscode.workspace.getConfiguration('grok');
    await c.update('model', undefined, vscode.ConfigurationTarget.Workspace);
    await c.update('model', userValue, vscode.ConfigurationTarget.Global);
    await waitFor(() => inspect()?.workspaceValue === undefined && inspect()?.globalValue === userValue, 'grok.model to be as it was');
  });

  it('goes to the user settings when the workspace does not set grok.model', async () => {
    assert.equal(inspect()?.workspaceValue, undefined);
    await saveModel('grok-code-fast-1');
    await waitFor(() => readConfig().model === 'grok-code-fast-1', 'the choice to take effect');
    assert.equal(inspect()?.globalValue, 'grok-code-fast-1');
    assert.equal(inspect()?.workspaceValue, undefined, 'the workspace settings were written');
  });

  it('goes to the workspace settings when the workspace sets grok.model, so the choice takes effect', async () => {
    await vscode.workspace.getConfiguration('grok').update('model', 'grok-3-mini', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => readConfig().model === 'grok-3-mini', 'the workspace value to apply');
    await saveModel('grok-4-0709');
    await waitFor(() => readConfig().model === 'grok-4-0709', `the choice to take effect (grok.model is ${readConfig().model})`);
    assert.equal(inspect()?.workspaceValue, 'grok-4-0709');
    assert.equal(inspect()?.globalValue, userValue, 'the user settings were written');
  });
});
