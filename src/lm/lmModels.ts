// The server's live model list as VS Code's model picker entries. No 'vscode': the shape below is
// LanguageModelChatInformation's, checked against it where the provider returns it.
import type { ModelInfo } from '../xai/types';
import { answersInText } from '../platform/modelCatalog';

/**
 * Used where the server reports no context window (xAI's /language-models has none today; OpenAI-style
 * /models rarely does). One fixed figure for every model, not a guess per id: 131,072 tokens, the
 * smallest window of the text models xAI lists, so a caller that budgets by it never sends more than
 * such a model takes. A longer prompt than a model takes still gets the server's clear "too long" error.
 */
export const UNKNOWN_CONTEXT_TOKENS = 131_072;
/** The output limit shown when neither the server nor grok.maxOutputTokens sets one. */
export const UNKNOWN_OUTPUT_TOKENS = 32_768;
/** xAI takes up to 128 function tools per request. */
export const MAX_TOOLS = 128;

export interface LmModelInformation {
  id: string;
  name: string;
  family: string;
  version: string;
  tooltip: string;
  detail?: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { imageInput: boolean; toolCalling: number };
}

/** Models that answer in text (image and video generators are not offered), in the server's order. */
export function toModelInformation(models: readonly ModelInfo[], maxOutputSetting: number): LmModelInformation[] {
  return models.filter(answersInText).map((m) => {
    const imageInput = m.inputModalities.includes('image');
    const context = m.contextWindow;
    const info: LmModelInformation = {
      id: m.id,
      name: displayName(m.id),
      family: m.id,
      version: m.id,
      tooltip: [
        m.id,
        context !== undefined ? `context window ${context.toLocaleString('en-US')} tokens` : `context window not reported (budgeted as ${UNKNOWN_CONTEXT_TOKENS.toLocaleString('en-US')} tokens)`,
        imageInput ? 'takes images' : 'text only',
      ].join(' · '),
      maxInputTokens: context ?? UNKNOWN_CONTEXT_TOKENS,
      maxOutputTokens: maxOutputSetting > 0 ? maxOutputSetting : UNKNOWN_OUTPUT_TOKENS,
      capabilities: { imageInput, toolCalling: MAX_TOOLS },
    };
    const prices = m.prices;
    if (prices?.promptPerMillion !== undefined && prices.completionPerMillion !== undefined) {
      info.detail = `$${trim(prices.promptPerMillion)} / $${trim(prices.completionPerMillion)} per 1M`;
    }
    return info;
  });
}

/** "grok-4-1-fast-reasoning" -> "Grok 4.1 Fast Reasoning"; ids the pattern does not fit are shown as they are. */
export function displayName(id: string): string {
  const match = /^grok-(\d+)(?:[-.](\d+))?(?=-|$)(.*)$/i.exec(id);
  if (!match) return id;
  const version = match[2] !== undefined && match[2].length <= 2 ? `${match[1]}.${match[2]}` : match[2] !== undefined ? `${match[1]} ${match[2]}` : match[1];
  const rest = match[3]
    .split('-')
    .filter(Boolean)
    .map((w) => (/^\d/.test(w) ? w : w[0].toUpperCase() + w.slice(1)))
    .join(' ');
  return `Grok ${version}${rest ? ` ${rest}` : ''}`;
}

function trim(n: number): string {
  return Number(n.toFixed(4)).toString();
}
