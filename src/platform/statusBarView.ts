// What the status bar item shows, from the model, whether a request runs and the spend. No vscode, so
// it is tested without VS Code: the caller passes vscode.l10n.t as `t` (English by default).
import { english, type Translate } from '../shared/localise';
import { formatUsd } from '../xai/cost';

export { english, type Translate };

export interface StatusBarView {
  text: string;
  tooltip: string;
  label: string;
  command: string;
}

/**
 * The model requests go to: `id` is grok.model, or with `newest` the newest chat model the server lists
 * (grok.model empty); an empty id while that list has not loaded (no key yet, or the server is down).
 */
export interface ModelInUse {
  id: string;
  newest: boolean;
}

/** What the item shows, from the model, whether a request runs, and the spend. */
export function statusBarView(model: ModelInUse, busy: boolean, total: number, breakdown: Record<string, number>, t: Translate = english): StatusBarView {
  const names: Record<string, string> = { chat: t('Chat'), editor: t('Editor commands'), provider: t('Language model provider'), tools: t('Tools') };
  const spend = formatUsd(total);
  const lines = Object.entries(breakdown)
    .sort(([, a], [, b]) => b - a)
    .map(([source, usd]) => `${names[source] ?? source}: ${formatUsd(usd)}`);
  const spent = `${t('Spent in this window: {0}', spend)}${lines.length ? `\n${lines.join('\n')}` : ''}`;
  // "Grok: grok-4.3 · $0.12"; without a known model, no empty slot: "Grok · $0.12".
  const head = model.id ? `Grok: ${model.id}` : 'Grok';
  if (busy) {
    return {
      text: `$(loading~spin) ${head} · ${spend}`,
      tooltip: `${model.id ? t('Grok is answering with {0}. Click to stop.', model.id) : t('Grok is answering. Click to stop.')}\n\n${spent}`,
      label: model.id ? t('Grok is answering with {0}. {1} spent. Activate to stop.', model.id, spend) : t('Grok is answering. {0} spent. Activate to stop.', spend),
      command: 'grok.stop',
    };
  }
  const which = !model.id
    ? t('Model: the newest chat model the server lists, once its list has loaded. Click to choose one.')
    : model.newest
      ? t('Model: {0}, the newest chat model the server lists. Click to choose another.', model.id)
      : t('Model: {0}. Click to choose another.', model.id);
  return {
    text: `${head} · ${spend}`,
    tooltip: `${which}\n\n${spent}`,
    label: model.id ? t('Grok model {0}, {1} spent in this window. Activate to choose a model.', model.id, spend) : t('Grok, {0} spent in this window. Activate to choose a model.', spend),
    command: 'grok.chooseModel',
  };
}
