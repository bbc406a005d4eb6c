// grok_web_search and grok_x_search: Grok's server-side search as tools any agent in VS Code can call,
// whatever model drives it. Each call is one Responses request; the answer comes back with its sources.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../platform/modelCatalog';
import type { SearchKind } from './searchRequest';
import { createClient } from '../platform/clientFactory';
import { readConfig, searchNeedsConfirmation } from '../platform/config';
import { warn } from '../platform/log';
import { collectStream } from '../xai/collect';
import { answerWithSources, describeSearch, SearchInputError, searchRequest } from './searchRequest';
import { recordLmCost } from './lmCost';

export const SEARCH_TOOLS: Record<SearchKind, string> = { web: 'grok_web_search', x: 'grok_x_search' };

export function registerSearchTools(context: vscode.ExtensionContext, catalog: ModelCatalog): void {
  for (const kind of ['web', 'x'] as const) {
    context.subscriptions.push(vscode.lm.registerTool(SEARCH_TOOLS[kind], new SearchTool(kind, catalog)));
  }
}

class SearchTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly kind: SearchKind,
    private readonly catalog: ModelCatalog,
  ) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const what = describeSearch(this.kind, options.input);
    const prepared: vscode.PreparedToolInvocation = { invocationMessage: `${what}…` };
    if (searchNeedsConfirmation()) {
      // The query is model-written: shown as text, never as Markdown.
      const message = new vscode.MarkdownString()
        .appendText(`${what}. `)
        .appendText(vscode.l10n.t('The query goes to xAI with model {0}, and the search is billed to your xAI account (server-side search is about $5 per 1,000 calls, plus tokens).', readConfig().model));
      prepared.confirmationMessages = { title: this.kind === 'web' ? vscode.l10n.t('Search the web with Grok?') : vscode.l10n.t('Search X with Grok?'), message };
    }
    return prepared;
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const model = readConfig().model;
    let request;
    try {
      request = searchRequest(this.kind, options.input, model);
    } catch (error) {
      if (error instanceof SearchInputError) throw new Error(`${SEARCH_TOOLS[this.kind]}: ${error.message}`, { cause: error });
      throw error;
    }
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      const result = await collectStream(createClient().streamResponses(request, { signal: abort.signal }));
      if (result.error?.kind === 'cancelled' || abort.signal.aborted) throw new vscode.CancellationError();
      if (result.error) {
        warn(`${SEARCH_TOOLS[this.kind]} failed (${result.error.kind}): ${result.error.message}`);
        const fix = result.error.kind === 'badKey' ? ' Run "Grok: Set API Key".' : result.error.kind === 'modelNotFound' ? ' Pick another model with "Grok: Choose Model".' : '';
        throw new Error(`${SEARCH_TOOLS[this.kind]}: ${result.error.message}${fix}`);
      }
      recordLmCost('tools', `${SEARCH_TOOLS[this.kind]} with ${result.model || model}`, result.usage, this.catalog.prices(result.model) ?? this.catalog.prices(model));
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answerWithSources(result.text, result.citations))]);
    } finally {
      cancel.dispose();
    }
  }
}
