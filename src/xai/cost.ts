// What a request cost. The server's own figure (cost_in_usd_ticks) wins; else it is estimated from the
// model's prices, billing reasoning at the completion price as xAI does.
import type { ModelPrices, Usage } from './types';

/** xAI counts money in ticks: 1e10 ticks = $1. */
export const TICKS_PER_USD = 1e10;

/**
 * USD, or undefined when neither the server's figure nor the prompt and completion prices are known.
 * Search sources are counted only where the model has a search price.
 */
export function costUsd(usage: Usage, prices?: ModelPrices): number | undefined {
  if (usage.costInUsdTicks !== undefined) return usage.costInUsdTicks / TICKS_PER_USD;
  if (prices?.promptPerMillion === undefined || prices.completionPerMillion === undefined) return undefined;
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  // Image tokens are part of the prompt; they get their own price only where the model has one.
  const image = prices.imagePerMillion !== undefined ? Math.min(usage.imageTokens, usage.promptTokens - cached) : 0;
  const text = Math.max(0, usage.promptTokens - cached - image);
  const perToken = (perMillion: number) => perMillion / 1e6;
  let cost =
    text * perToken(prices.promptPerMillion) +
    cached * perToken(prices.cachedPromptPerMillion ?? prices.promptPerMillion) +
    (usage.completionTokens + usage.reasoningTokens) * perToken(prices.completionPerMillion);
  if (prices.imagePerMillion !== undefined) cost += image * perToken(prices.imagePerMillion);
  if (prices.searchPerSource !== undefined) cost += usage.numSourcesUsed * prices.searchPerSource;
  return cost;
}

/** "$1.23" from a dollar up, "$0.0129" below (four places show hundredths of a cent), "<$0.0001" for dust. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '–';
  if (usd < 0) return `-${formatUsd(-usd)}`;
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '<$0.0001';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  const fixed = usd.toFixed(4).replace(/0{1,2}$/, '');
  return fixed === '1.00' ? '$1.00' : `$${fixed}`;
}
