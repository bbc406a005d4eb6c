// Model lists and key info from their wire shapes. Model ids are open strings: whatever the server lists.
import type { ApiKeyInfo, ModelInfo, ModelPrices } from './types';
import { isRecord } from '../shared/isRecord';

/**
 * /language-models prices are USD cents per 100M tokens: / 100 for dollars, * 1e6 / 1e8 for a million
 * tokens, i.e. divide by 10,000 for $ per 1M. search_price uses the same scale per source (cents per
 * 100M sources), so dollars per source is search_price / 1e10.
 */
export const CENTS_PER_100M_TO_USD_PER_1M = 1 / 10_000;
export const SEARCH_PRICE_TO_USD_PER_SOURCE = 1 / 1e10;

/** GET /language-models; undefined when the body has no `models` list (a compatible server's other answer). */
export function modelsFromLanguageModels(json: unknown): ModelInfo[] | undefined {
  if (!isRecord(json) || !Array.isArray(json.models)) return undefined;
  return json.models.flatMap((raw): ModelInfo[] => {
    if (!isRecord(raw) || typeof raw.id !== 'string') return [];
    const model: ModelInfo = {
      id: raw.id,
      aliases: strings(raw.aliases),
      inputModalities: strings(raw.input_modalities),
      outputModalities: strings(raw.output_modalities),
    };
    const prices = pricesFrom(raw);
    if (prices) model.prices = prices;
    const context = raw.max_prompt_length ?? raw.context_length ?? raw.context_window;
    if (typeof context === 'number' && context > 0) model.contextWindow = context;
    if (typeof raw.owned_by === 'string') model.ownedBy = raw.owned_by;
    if (typeof raw.created === 'number') model.created = raw.created;
    return [model];
  });
}

/** GET /models, the OpenAI-compatible list: `{data: [{id, created, object, owned_by}]}`. */
export function modelsFromModelList(json: unknown): ModelInfo[] | undefined {
  if (!isRecord(json) || !Array.isArray(json.data)) return undefined;
  return json.data.flatMap((raw): ModelInfo[] => {
    if (!isRecord(raw) || typeof raw.id !== 'string') return [];
    const model: ModelInfo = { id: raw.id, aliases: [], inputModalities: [], outputModalities: [] };
    if (typeof raw.owned_by === 'string') model.ownedBy = raw.owned_by;
    if (typeof raw.created === 'number') model.created = raw.created;
    const context = raw.context_length ?? raw.context_window;
    if (typeof context === 'number' && context > 0) model.contextWindow = context;
    return [model];
  });
}

export function pricesFrom(raw: Record<string, unknown>): ModelPrices | undefined {
  const prices: ModelPrices = {};
  const perMillion = (value: unknown) => (typeof value === 'number' && value >= 0 ? value * CENTS_PER_100M_TO_USD_PER_1M : undefined);
  const assign = (key: keyof ModelPrices, value: number | undefined) => {
    if (value !== undefined) prices[key] = value;
  };
  assign('promptPerMillion', perMillion(raw.prompt_text_token_price));
  assign('cachedPromptPerMillion', perMillion(raw.cached_prompt_text_token_price ?? raw.cached_prompt_token_price));
  assign('completionPerMillion', perMillion(raw.completion_text_token_price));
  assign('imagePerMillion', perMillion(raw.prompt_image_token_price));
  if (typeof raw.search_price === 'number' && raw.search_price >= 0) {
    assign('searchPerSource', raw.search_price * SEARCH_PRICE_TO_USD_PER_SOURCE);
  }
  return Object.keys(prices).length > 0 ? prices : undefined;
}

/** GET /api-key: who the key is and whether it can be used, without spending tokens. */
export function apiKeyInfoFrom(json: unknown): ApiKeyInfo {
  const raw = isRecord(json) ? json : {};
  const info: ApiKeyInfo = {
    acls: strings(raw.acls),
    blocked: raw.api_key_blocked === true,
    disabled: raw.api_key_disabled === true,
    teamBlocked: raw.team_blocked === true,
  };
  if (typeof raw.name === 'string') info.name = raw.name;
  if (typeof raw.redacted_api_key === 'string') info.redactedKey = raw.redacted_api_key;
  if (typeof raw.team_id === 'string') info.teamId = raw.team_id;
  if (typeof raw.user_id === 'string') info.userId = raw.user_id;
  return info;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
