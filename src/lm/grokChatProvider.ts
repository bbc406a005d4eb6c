// Grok in VS Code's language model API (vendor `grok`): the model picker, vscode.lm.selectChatModels
// and every agent that takes a model from there. Requests go through our client; the caller runs the
// tool loop.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../platform/modelCatalog';
import type { TokenCounter } from './tokenCounter';
import type { LmModelInformation } from './lmModels';
import type { ApiMemory, LmRequest } from './lmRequest';
import { createClient } from '../platform/clientFactory';
import { readConfig } from '../platform/config';
import { getApiKey } from '../platform/secrets';
import { warn } from '../platform/log';
import { actionLabel } from '../platform/errorActions';
import { localised } from '../platform/localise';
import { XaiError } from '../xai/errors';
import { toModelInformation } from './lmModels';
import type * as LmAnswerModule from './lmAnswer';

type LmAnswer = typeof LmAnswerModule;
/** The code that answers requests, loaded on the first one (see lmAnswer.ts). */
const loadAnswer = (): Promise<LmAnswer> => import('./lmAnswer.js');

export class GrokChatProvider implements vscode.LanguageModelChatProvider<LmModelInformation>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  /** Servers found without /responses: made with the first request. */
  private apis: ApiMemory | undefined;

  constructor(
    private readonly catalog: ModelCatalog,
    private readonly counter: TokenCounter,
  ) {}

  /** The key or the server changed: VS Code asks for the list again. */
  refresh(): void {
    this.catalog.invalidate();
    this.counter.reset();
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  async provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): Promise<LmModelInformation[]> {
    // A silent query (VS Code listing models at startup) must not prompt: no key, no models.
    if (!(await getApiKey())) {
      if (!options.silent) void offerSetKey(vscode.l10n.t('Grok needs an xAI API key before its models can be listed.'));
      return [];
    }
    let models;
    try {
      models = await this.catalog.refresh();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      warn(`language models: the model list could not be loaded: ${message}`);
      if (!options.silent && !token.isCancellationRequested) void vscode.window.showWarningMessage(vscode.l10n.t('Grok: the model list could not be loaded. {0}', error instanceof XaiError ? localised(error.info.text ?? error.info.message) : message));
      return [];
    }
    return toModelInformation(models, readConfig().maxOutputTokens);
  }

  async provideLanguageModelChatResponse(
    model: LmModelInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    if (token.isCancellationRequested) return;
    const answer = await loadAnswer();
    const { mapMessages, toLmMessages, promptCacheKey, runLmRequest, recordLmCost } = answer;
    this.apis ??= new answer.ApiMemory();
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const mapped = mapMessages(toLmMessages(messages), { imageInput: model.capabilities.imageInput });
      const request: LmRequest = {
        model: model.id,
        messages: mapped,
        tools: options.tools ?? [],
        toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
        maxOutputTokens: readConfig().maxOutputTokens,
        promptCacheKey: promptCacheKey(model.id, mapped),
      };
      const sink = {
        text: (delta: string) => progress.report(new vscode.LanguageModelTextPart(delta)),
        toolCall: (callId: string, name: string, input: object) => progress.report(new vscode.LanguageModelToolCallPart(callId, name, input)),
      };
      const outcome = await runLmRequest(createClient(), request, sink, abort.signal, this.apis);
      if (outcome.cancelled) return;
      recordLmCost('provider', `language model ${model.id} (${outcome.api === 'responses' ? 'Responses API' : 'chat completions'})`, outcome.usage, this.catalog.prices(outcome.model ?? model.id) ?? this.catalog.prices(model.id));
    } catch (error) {
      if (abort.signal.aborted) return;
      throw toCallerError(error, answer);
    } finally {
      cancel.dispose();
    }
  }

  async provideTokenCount(model: LmModelInformation, text: string | vscode.LanguageModelChatRequestMessage, token: vscode.CancellationToken): Promise<number> {
    const counted = typeof text === 'string' ? text : (await loadAnswer()).textForCount(text);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      return await this.counter.count(model.id, counted, abort.signal);
    } finally {
      cancel.dispose();
    }
  }
}

/** Readable errors with the action that fixes them, as VS Code's error types where one fits. */
function toCallerError(error: unknown, { LmInputError, LmRequestError }: LmAnswer): Error {
  if (error instanceof LmInputError) return new Error(`Grok: ${error.message}`);
  if (!(error instanceof LmRequestError)) {
    warn(`language model request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new Error(vscode.l10n.t('Grok: the request failed: {0}', error instanceof Error ? error.message : String(error)));
  }
  warn(`language model request failed (${error.kind}): ${error.message}`);
  const shown = localised(error.text ?? error.message);
  switch (error.kind) {
    case 'badKey':
    case 'noPermission':
      return vscode.LanguageModelError.NoPermissions(vscode.l10n.t('Grok: {0} Run "{1}" to set a working key.', shown, vscode.l10n.t('Grok: Set API Key')));
    case 'modelNotFound':
      return vscode.LanguageModelError.NotFound(vscode.l10n.t('Grok: {0}', shown));
    case 'outOfCredits':
      return new Error(vscode.l10n.t('Grok: {0} Add credits or raise the limit at {1}.', shown, 'console.x.ai'));
    default:
      return new Error(vscode.l10n.t('Grok: {0}', shown));
  }
}

async function offerSetKey(message: string): Promise<void> {
  const choice = await vscode.window.showInformationMessage(message, actionLabel('setApiKey'));
  if (choice === actionLabel('setApiKey')) await vscode.commands.executeCommand('grok.setApiKey');
}
