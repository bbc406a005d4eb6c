// The Get Started walkthrough's "set the key" step completes on the context key grok.hasKey: true
// while a key is available (stored, or XAI_API_KEY), kept current as the key is set or cleared.
import * as vscode from 'vscode';
import { getApiKey, onDidChangeApiKey } from './secrets';

export const HAS_KEY_CONTEXT = 'grok.hasKey';

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  const update = () =>
    void getApiKey().then(
      (key) => vscode.commands.executeCommand('setContext', HAS_KEY_CONTEXT, key !== undefined),
      () => undefined,
    );
  update();
  context.subscriptions.push(onDidChangeApiKey(update));
}
