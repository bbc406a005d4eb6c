// What the status bar item shows, from the model, whether a request runs and the spend. No vscode, so
// it is tested without VS Code: the caller passes vscode.l10n.t as `t` (English by default).
import { formatUsd } from '../xai/cost';

/** vscode.l10n.t's shape: a message with {0}, {1}… placeholders, and their values. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

export interface StatusBarView {
  text: string;
  tooltip: string;
  label: string;
  command: string;
}

/** What the item shows, from the model, whether a request runs, and the spend. */
export function statusBarView(model: string, busy: boolean, total: number, breakdown: Record<string, number>, t: Translate = english): StatusBarView {
  const names: Record<string, string> = { chat: t('Chat'), editor: t('Editor commands'), provider: t('Language model provider'), tools: t('Tools') };
  const spend = formatUsd(total);
  const lines = Object.entries(breakdown)
    .sort(([, a], [, b]) => b - a)
    .map(([source, usd]) => `${names[source] ?? source}: ${formatUsd(usd)}`);
  const spent = `${t('Spent in this window: {0}', spend)}${lines.length ? `\n${lines.join('\n')}` : ''}`;
  if (busy) {
    return {
      text: `$(loading~spin) Grok: ${model} · ${spend}`,
      tooltip: `${t('Grok is answering with {0}. Click to stop.', model)}\n\n${spent}`,
      label: t('Grok is answering with {0}. {1} spent. Activate to stop.', model, spend),
      command: 'grok.stop',
    };
  }
  return {
    text: `Grok: ${model} · ${spend}`,
    tooltip: `${t('Model: {0}. Click to choose another.', model)}\n\n${spent}`,
    label: t('Grok model {0}, {1} spent in this window. Activate to choose a model.', model, spend),
    command: 'grok.chooseModel',
  };
}
