// The status bar item: "Grok: <model> · $0.12", the model in use and what this window has spent. A click
// opens the model picker; while the chat or an editor command waits on the model it spins and a click
// stops it. The tooltip breaks the spend down by feature. grok.statusBar.enabled hides it.
import * as vscode from 'vscode';
import { onConfigChange, readConfig, readStatusBarEnabled } from './config';
import { isBusy, onDidChangeBusy } from './activity';
import { warn } from './log';
import { modelInUse, sharedModels } from './modelChoice';
import { getApiKey, onDidChangeApiKey } from './secrets';
import { onDidChangeSpend, spendBreakdown, totalSpend } from './spend';
import { statusBarView } from './statusBarView';

export const STATUS_BAR_ID = 'grok.status';

export function registerStatusBar(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 100);
  item.name = 'Grok';
  const models = sharedModels();
  const update = () => {
    if (!readStatusBarEnabled()) {
      item.hide();
      return;
    }
    // grok.model empty: the item names the model requests really go to, the newest the server lists.
    const view = statusBarView(modelInUse(), isBusy(), totalSpend(), spendBreakdown(), vscode.l10n.t);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.command = view.command;
    item.accessibilityInformation = { label: view.label, role: 'button' };
    item.show();
  };
  // That needs the model list, which otherwise loads only when the chat or a request asks for it. Nothing
  // is asked without a key; a list already loaded is reused (the chat reloads it when the key or server changes).
  const loadList = () => {
    if (readConfig().model || !readStatusBarEnabled()) return;
    void (async () => {
      if (!(await getApiKey())) return;
      await models.refresh().catch((e: unknown) => warn(`status bar: model list unavailable: ${e instanceof Error ? e.message : String(e)}`));
    })();
  };
  update();
  loadList();
  const changes = models.onDidChange(update);
  context.subscriptions.push(
    item,
    { dispose: () => changes.dispose() },
    onConfigChange(() => {
      update();
      loadList();
    }),
    onDidChangeApiKey(loadList),
    onDidChangeSpend(update),
    onDidChangeBusy(update),
  );
}
