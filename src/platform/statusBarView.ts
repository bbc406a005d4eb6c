// What the status bar item shows, from the model, whether a request runs and the spend. No vscode, so
// it is tested without VS Code.
import { formatUsd } from '../xai/cost';

const SOURCE_NAMES: Record<string, string> = { chat: 'Chat', editor: 'Editor commands', provider: 'Language model provider', tools: 'Tools' };

export interface StatusBarView {
  text: string;
  tooltip: string;
  label: string;
  command: string;
}

/** What the item shows, from the model, whether a request runs, and the spend. */
export function statusBarView(model: string, busy: boolean, total: number, breakdown: Record<string, number>): StatusBarView {
  const spend = formatUsd(total);
  const lines = Object.entries(breakdown)
    .sort(([, a], [, b]) => b - a)
    .map(([source, usd]) => `${SOURCE_NAMES[source] ?? source}: ${formatUsd(usd)}`);
  const spent = `Spent in this window: ${spend}${lines.length ? `\n${lines.join('\n')}` : ''}`;
  if (busy) {
    return {
      text: `$(loading~spin) Grok: ${model} · ${spend}`,
      tooltip: `Grok is answering with ${model}. Click to stop.\n\n${spent}`,
      label: `Grok is answering with ${model}. ${spend} spent. Activate to stop.`,
      command: 'grok.stop',
    };
  }
  return {
    text: `Grok: ${model} · ${spend}`,
    tooltip: `Model: ${model}. Click to choose another.\n\n${spent}`,
    label: `Grok model ${model}, ${spend} spent in this window. Activate to choose a model.`,
    command: 'grok.chooseModel',
  };
}
