// One code-writing request: streams the model's reply, keeps only the code (fenceStripper), fits it to
// where it lands (reindent), and hands it to a sink as it arrives. Shared by insert-at-cursor and
// edit-selection. A stopped or failed reply hands over only the code that was certain: a half-received
// fence or unfenced text that might be prose stays out of the document.
import * as vscode from 'vscode';
import { readConfig } from '../platform/config';
import { createClient } from '../platform/clientFactory';
import { info } from '../platform/log';
import { effectiveModel, noModelMessage } from '../platform/modelChoice';
import { recordSpend } from '../platform/spend';
import { costUsd } from '../xai/cost';
import type { ChatMessage, ChatRequest, Usage, XaiErrorInfo } from '../xai/types';
import type { RequestProgress } from './editorRequests';
import { FenceStripper } from './fenceStripper';
import { Reindenter, type InsertionSite } from './reindent';

export interface CodeStreamOutcome {
  status: 'done' | 'stopped' | 'error';
  error?: XaiErrorInfo;
  usage?: Usage;
  finishReason?: string;
  model?: string;
}

export async function streamCode(
  where: string,
  messages: ChatMessage[],
  site: InsertionSite,
  sink: (code: string) => void,
  progress: RequestProgress,
): Promise<CodeStreamOutcome> {
  const config = readConfig();
  const model = await effectiveModel(config.model);
  if (!model) return { status: 'error', error: { kind: 'modelNotFound', message: noModelMessage() } };
  const request: ChatRequest = { model, messages };
  if (config.maxOutputTokens > 0) request.maxCompletionTokens = config.maxOutputTokens;

  const stripper = new FenceStripper();
  const reindenter = new Reindenter(site);
  const outcome: CodeStreamOutcome = { status: 'done', model };
  let lines = 0;
  const emit = (code: string) => {
    if (!code) return;
    sink(code);
    lines += code.split('\n').length - 1;
    progress.report(lines > 0 ? vscode.l10n.t('{0} lines', lines + 1) : vscode.l10n.t('writing…'));
  };

  const started = Date.now();
  progress.report(vscode.l10n.t('waiting for the model…'));
  try {
    for await (const event of createClient().streamChat(request, { signal: progress.signal })) {
      switch (event.type) {
        case 'start':
          outcome.model = event.model;
          break;
        case 'text':
          emit(reindenter.push(stripper.push(event.delta)));
          if (stripper.state === 'before' || stripper.state === 'ambiguous') progress.report(vscode.l10n.t('writing…'));
          break;
        case 'reasoning':
        case 'thinking':
          progress.report(vscode.l10n.t('thinking…'));
          break;
        case 'usage':
          outcome.usage = event.usage;
          recordSpend('editor', costUsd(event.usage) ?? 0); // the session's spend (status bar): the server's own figure
          break;
        case 'finish':
          outcome.finishReason = event.reason;
          break;
        case 'error':
          outcome.status = event.error.kind === 'cancelled' ? 'stopped' : 'error';
          if (outcome.status === 'error') outcome.error = event.error;
          break;
        default:
          break;
      }
    }
  } catch (e) {
    // The client reports failures as events; an exception here is the sink's (the document refused).
    if (progress.signal.aborted) outcome.status = 'stopped';
    else throw e;
  }
  if (outcome.status === 'done' && progress.signal.aborted) outcome.status = 'stopped';
  emit(outcome.status === 'done' ? reindenter.push(stripper.end()) + reindenter.end() : reindenter.end());
  info(`${where}: ${outcome.status}${outcome.finishReason ? ` (${outcome.finishReason})` : ''} in ${Date.now() - started} ms, model ${outcome.model}`);
  return outcome;
}
