// Tokens and dollars as the user reads them: exact to the hundredth of a cent, never a misleading $0.00.
import type { ModelOption, UsageView } from '../protocol';

const integer = new Intl.NumberFormat('en-US');

export function formatTokens(n: number): string {
  return integer.format(Math.round(n));
}

/** "$0.0129"; "<$0.0001" for a cost too small to show; two decimals from a dollar up. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) return '';
  if (usd === 0) return '$0.00';
  if (usd < 0.0001) return '<$0.0001';
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** One line for an answer: "1,234 in · 200 cached · 456 out · 120 reasoning · $0.0129". */
export function usageLine(u: UsageView): string {
  const parts = [`${formatTokens(u.promptTokens)} in`];
  if (u.cachedPromptTokens > 0) parts.push(`${formatTokens(u.cachedPromptTokens)} cached (${cachedShare(u)})`);
  parts.push(`${formatTokens(u.completionTokens)} out`);
  if (u.reasoningTokens > 0) parts.push(`${formatTokens(u.reasoningTokens)} reasoning`);
  if (u.sourcesUsed) parts.push(`${formatTokens(u.sourcesUsed)} source${u.sourcesUsed === 1 ? '' : 's'}`);
  if (u.serverToolCalls) parts.push(`${formatTokens(u.serverToolCalls)} tool call${u.serverToolCalls === 1 ? '' : 's'}`);
  if (u.costUsd !== undefined) parts.push(formatUsd(u.costUsd));
  return parts.join(' · ');
}

/** The long form for a tooltip and screen readers. */
export function usageDetail(u: UsageView): string {
  const cost = u.costUsd === undefined ? 'price unknown' : `cost ${formatUsd(u.costUsd)}${u.costExact ? ' (billed by xAI)' : ''}`;
  const tools = [
    u.sourcesUsed ? `${formatTokens(u.sourcesUsed)} search sources` : '',
    u.serverToolCalls ? `${formatTokens(u.serverToolCalls)} server tool calls` : '',
  ].filter(Boolean);
  return (
    `Prompt ${formatTokens(u.promptTokens)} tokens (${formatTokens(u.cachedPromptTokens)} cached), ` +
    `completion ${formatTokens(u.completionTokens)} tokens, reasoning ${formatTokens(u.reasoningTokens)} tokens, ${tools.length ? `${tools.join(', ')}, ` : ''}${cost}`
  );
}

/** The share of the prompt read from xAI's cache: "92%". */
export function cachedShare(u: UsageView): string {
  if (u.promptTokens <= 0) return '0%';
  return `${Math.round((Math.min(u.cachedPromptTokens, u.promptTokens) / u.promptTokens) * 100)}%`;
}

export function totalLine(u: UsageView): string {
  const tokens = u.promptTokens + u.completionTokens + u.reasoningTokens;
  const cost = u.costUsd === undefined ? '' : ` · ${formatUsd(u.costUsd)}`;
  return `Conversation: ${formatTokens(tokens)} tokens${cost}`;
}

/** "256K", "2M", "131K": a context window at a glance. */
export function formatWindow(tokens: number): string {
  if (tokens >= 1_000_000) return `${trim(tokens / 1_000_000)}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}

/** A price per 1M tokens: "$3", "$0.20", "$0.025". */
export function formatPrice(usd: number): string {
  if (Number.isInteger(usd)) return `$${usd}`;
  return `$${usd.toFixed(3).replace(/(\.\d\d)0$/, '$1')}`;
}

export function modelLabel(m: ModelOption): string {
  const badges = [m.reasoning ? 'reasoning' : '', m.vision ? 'vision' : ''].filter(Boolean);
  const parts = [badges.length ? `${m.id} (${badges.join(', ')})` : m.id];
  if (m.contextWindow) parts.push(formatWindow(m.contextWindow));
  if (m.promptPrice !== undefined && m.completionPrice !== undefined) {
    parts.push(`${formatPrice(m.promptPrice)}/${formatPrice(m.completionPrice)}`);
  }
  return parts.join(' · ');
}

export function modelDetail(m: ModelOption): string {
  const parts = [m.id];
  if (m.contextWindow) parts.push(`context window ${formatTokens(m.contextWindow)} tokens`);
  if (m.promptPrice !== undefined && m.completionPrice !== undefined) {
    parts.push(`${formatPrice(m.promptPrice)} in / ${formatPrice(m.completionPrice)} out per 1M tokens`);
  }
  if (m.reasoning) parts.push('reasoning');
  if (m.vision) parts.push('images');
  return parts.join(' · ');
}

/** "1.2k chars" for a context chip. */
export function formatChars(n: number): string {
  if (n >= 1000) return `${trim(n / 1000)}k chars`;
  return `${n} chars`;
}

function trim(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '');
}
