// Every provider and tool request is logged with what it cost and counted in the session's spend.
import type { ModelPrices, Usage } from '../xai/types';
import { costUsd, formatUsd } from '../xai/cost';
import { info } from '../platform/log';
import { recordSpend } from '../platform/spend';

export function recordLmCost(source: 'provider' | 'tools', what: string, usage: Usage | undefined, prices: ModelPrices | undefined): void {
  if (!usage) {
    info(`${what}: no usage reported, cost unknown`);
    return;
  }
  const usd = costUsd(usage, prices);
  const tokens =
    `${usage.promptTokens} prompt (${usage.cachedPromptTokens} cached) + ${usage.completionTokens} completion + ${usage.reasoningTokens} reasoning tokens` +
    (usage.numSourcesUsed ? `, ${usage.numSourcesUsed} sources` : '') +
    (usage.serverSideToolsUsed ? `, ${usage.serverSideToolsUsed} server tool calls` : '');
  const billed = usd === undefined ? 'cost unknown (the server sent no cost and lists no prices)' : `${formatUsd(usd)}${usage.costInUsdTicks !== undefined ? ' billed' : ' at list prices'}`;
  info(`${what}: ${tokens}, ${billed}`);
  if (usd !== undefined) recordSpend(source, usd);
}
