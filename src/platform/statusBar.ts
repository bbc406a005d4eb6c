// The status bar item: "Grok: <model> · $0.12", the model in use and what this window has spent. A click
// opens the model picker; while the chat or an editor command waits on the model it spins and a click
// stops it. The tooltip breaks the spend down by feature. grok.statusBar.enabled hides it.
import * as vscode from 'vscode';
import { onConfigChange, readConfig, readStatusBarEnabled } from './config';
import { isBusy, onDidChangeBusy } from './activity';
import { onDidChangeSpend, spendBreakdown, totalSpend } from './spend';
import { statusBarView } from './statusBarView';

export const STATUS_BAR_ID = 'grok.status';

export function registerStatusBar(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 100);
  item.name = 'Grok';
  const update = () => {
    if (!readStatusBarEnabled()) {
      item.hide();
      return;
    }
    const view = statusBarView(readConfig().model, isBusy(), totalSpend(), spendBreakdown(), vscode.l10n.t);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.command = view.command;
    item.accessibilityInformation = { label: view.label, role: 'button' };
    item.show();
  };
  update();
  context.subscriptions.push(item, onConfigChange(update), onDidChangeSpend(update), onDidChangeBusy(update));
}
