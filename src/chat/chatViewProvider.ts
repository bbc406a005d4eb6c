// The Grok chat view in the activity bar.
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const CHAT_VIEW_ID = 'grok.chat';

export function registerChatView(context: vscode.ExtensionContext): void {
  const provider: vscode.WebviewViewProvider = {
    resolveWebviewView(view) {
      view.webview.options = webviewOptions(context.extensionUri);
      view.webview.html = webviewHtml(view.webview, context.extensionUri);
    },
  };
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    vscode.commands.registerCommand('grok.openChat', () =>
      vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`),
    ),
  );
}
