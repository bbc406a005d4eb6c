// Grok in VS Code's own AI: the language model provider (vendor `grok`) and the search tools.
import * as vscode from 'vscode';
import { createClient } from '../platform/clientFactory';
import { onConfigChange } from '../platform/config';
import { ModelCatalog } from '../platform/modelCatalog';
import { onDidChangeApiKey } from '../platform/secrets';
import { GrokChatProvider } from './grokChatProvider';
import { registerSearchTools } from './searchTools';
import { TokenCounter } from './tokenCounter';

export const LM_VENDOR = 'grok';

export function registerLanguageModels(context: vscode.ExtensionContext): void {
  const catalog = new ModelCatalog((signal) => createClient().listModels({ signal }));
  const provider = new GrokChatProvider(catalog, new TokenCounter(() => createClient()));
  context.subscriptions.push(
    provider,
    vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider),
    onDidChangeApiKey(() => provider.refresh()),
    onConfigChange(() => provider.refresh()),
  );
  registerSearchTools(context, catalog);
}
