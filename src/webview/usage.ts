// Tokens and dollars as the user reads them: exact to the hundredth of a cent, never a misleading $0.00.
import type { ModelOption, UsageView } from '../protocol';
import { pageLocale, s } from './strings';

// In the user's language (VS Code's, from the host): "1,234" in English, "1.234" in German. Made once
// per locale: building a formatter on every call would dominate a long conversation.
const formats = new Map<string, Intl.NumberFormat>();
const CURRENCY: Record<'usd2' | 'usd4' | 'price' | 'priceWhole', [min: number, max: number]> = { usd2: [2, 2], usd4: [4, 4], price: [2, 3], priceWhole: [0, 0] };
function format(kind: 'integer' | 'decimal' | keyof typeof CURRENCY): Intl.NumberFormat {
  const locale = pageLocale();
  const key = `${locale ?? ''}:${kind}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.NumberFormatOptions =
      kind === 'integer' ? { maximumFractionDigits: 0 }
        : kind === 'decimal' ? { maximumFractionDigits: 1 }
          : { style: 'currency', currency: 'USD', minimumFractionDigits: CURRENCY[kind][0], maximumFractionDigits: CURRENCY[kind][1] };
    f = new Intl.NumberFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}

export function formatTokens(n: number): string {
  return format('integer').format(Math.round(n));
}

/** "$0.0129"; "<$0.0001" for a cost too small to show; two decimals from a dollar up (the user's notation). */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) return '';
  if (usd === 0) return format('usd2').format(0);
  if (usd < 0.0001) return `<${format('usd4').format(0.0001)}`;
  if (usd < 1) return format('usd4').format(usd);
  return format('usd2').format(usd);
}

/** One line for an answer: "1,234 in · 200 cached · 456 out · 120 reasoning · $0.0129". */
export function usageLine(u: UsageView): string {
  const parts = [s('usage.in', formatTokens(u.promptTokens))];
  if (u.cachedPromptTokens > 0) parts.push(s('usage.cached', formatTokens(u.cachedPromptTokens), cachedShare(u)));
  parts.push(s('usage.out', formatTokens(u.completionTokens)));
  if (u.reasoningTokens > 0) parts.push(s('usage.reasoning', formatTokens(u.reasoningTokens)));
  if (u.sourcesUsed) parts.push(u.sourcesUsed === 1 ? s('usage.sourceOne') : s('usage.sourceMany', formatTokens(u.sourcesUsed)));
  if (u.serverToolCalls) parts.push(u.serverToolCalls === 1 ? s('usage.toolCallOne') : s('usage.toolCallMany', formatTokens(u.serverToolCalls)));
  if (u.costUsd !== undefined) parts.push(formatUsd(u.costUsd));
  return parts.join(' · ');
}

/** The long form for a tooltip and screen readers. */
export function usageDetail(u: UsageView): string {
  const cost = u.costUsd === undefined ? s('usage.priceUnknown') : u.costExact ? s('usage.costBilled', formatUsd(u.costUsd)) : s('usage.cost', formatUsd(u.costUsd));
  const tools = [
    u.sourcesUsed ? s('usage.sources', formatTokens(u.sourcesUsed)) : '',
    u.serverToolCalls ? s('usage.toolCalls', formatTokens(u.serverToolCalls)) : '',
  ].filter(Boolean);
  return s('usage.detail', formatTokens(u.promptTokens), formatTokens(u.cachedPromptTokens), formatTokens(u.completionTokens), formatTokens(u.reasoningTokens), [...tools, cost].join(', '));
}

/** The share of the prompt read from xAI's cache: "92%". */
export function cachedShare(u: UsageView): string {
  if (u.promptTokens <= 0) return '0%';
  return `${Math.round((Math.min(u.cachedPromptTokens, u.promptTokens) / u.promptTokens) * 100)}%`;
}

export function totalLine(u: UsageView): string {
  const tokens = u.promptTokens + u.completionTokens + u.reasoningTokens;
  const cost = u.costUsd === undefined ? '' : ` · ${formatUsd(u.costUsd)}`;
  return `${s('usage.conversation', formatTokens(tokens))}${cost}`;
}

/** "256K", "2M", "131K": a context window at a glance. */
export function formatWindow(tokens: number): string {
  if (tokens >= 1_000_000) return `${trim(tokens / 1_000_000)}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}

/** A price per 1M tokens: "$3", "$0.20", "$0.025". */
export function formatPrice(usd: number): string {
  return format(Number.isInteger(usd) ? 'priceWhole' : 'price').format(usd);
}

export function modelLabel(m: ModelOption): string {
  const badges = [m.reasoning ? s('model.reasoning') : '', m.vision ? s('model.vision') : ''].filter(Boolean);
  const parts = [badges.length ? `${m.id} (${badges.join(', ')})` : m.id];
  if (m.contextWindow) parts.push(formatWindow(m.contextWindow));
  if (m.promptPrice !== undefined && m.completionPrice !== undefined) {
    parts.push(`${formatPrice(m.promptPrice)}/${formatPrice(m.completionPrice)}`);
  }
  return parts.join(' · ');
}

export function modelDetail(m: ModelOption): string {
  const parts = [m.id];
  if (m.contextWindow) parts.push(s('model.contextWindow', formatTokens(m.contextWindow)));
  if (m.promptPrice !== undefined && m.completionPrice !== undefined) {
    parts.push(s('model.prices', formatPrice(m.promptPrice), formatPrice(m.completionPrice)));
  }
  if (m.reasoning) parts.push(s('model.reasoning'));
  if (m.vision) parts.push(s('model.images'));
  return parts.join(' · ');
}

/** "1.2k chars" for a context chip. */
export function formatChars(n: number): string {
  return s('usage.chars', n >= 1000 ? `${trim(n / 1000)}k` : String(n));
}

/** One decimal at most, none when it is 0: "1.2", "2" ("1,2" in German). */
function trim(n: number): string {
  return format('decimal').format(n);
}
