// A realistic GET /v1/language-models answer, in xAI's shape (key `models`, field order as xAI's
// docs show it). Prices are USD cents per 100 million tokens (divide by 10,000 for $ per 1M).
// Sources: grok-4-1-fast-non-reasoning 2000/500/5000 as specified for this project; grok-4,
// grok-4-fast, grok-code-fast-1, grok-3-mini from published list prices; grok-4.3's prices are
// placeholders (not published in our sources): tests must not treat them as real.

export interface LanguageModel {
  id: string;
  fingerprint: string;
  created: number;
  object: 'model';
  owned_by: 'xai';
  version: string;
  input_modalities: string[];
  output_modalities: string[];
  prompt_text_token_price: number;
  cached_prompt_text_token_price: number;
  prompt_image_token_price: number;
  completion_text_token_price: number;
  search_price: number;
  aliases: string[];
}

const SEARCH_PRICE = 250000000;

function model(
  id: string,
  created: number,
  fingerprint: string,
  prices: [prompt: number, cached: number, completion: number],
  options: { image?: boolean; aliases?: string[]; version?: string } = {},
): LanguageModel {
  const [prompt, cached, completion] = prices;
  return {
    id,
    fingerprint,
    created,
    object: 'model',
    owned_by: 'xai',
    version: options.version ?? '1.0',
    input_modalities: options.image ? ['text', 'image'] : ['text'],
    output_modalities: ['text'],
    prompt_text_token_price: prompt,
    cached_prompt_text_token_price: cached,
    prompt_image_token_price: options.image ? prompt : 0,
    completion_text_token_price: completion,
    search_price: SEARCH_PRICE,
    aliases: options.aliases ?? [],
  };
}

export const LANGUAGE_MODELS: readonly LanguageModel[] = [
  model('grok-4.3', 1780000000, 'fp_eb3c003fc66c14ed', [12500, 3125, 25000], {
    image: true,
    aliases: ['grok-4.3-latest'],
  }),
  model('grok-4-1-fast-non-reasoning', 1763510400, 'fp_2338d85ee7', [2000, 500, 5000], {
    image: true,
    aliases: ['grok-4-1-fast-non-reasoning-latest'],
  }),
  model('grok-4-1-fast-reasoning', 1763510400, 'fp_2338d85ee7', [2000, 500, 5000], {
    image: true,
    aliases: ['grok-4-1-fast', 'grok-4-1-fast-reasoning-latest'],
  }),
  model('grok-4-fast-reasoning', 1756944000, 'fp_9362061f30', [2000, 500, 5000], {
    image: true,
    aliases: ['grok-4-fast', 'grok-4-fast-reasoning-latest'],
  }),
  model('grok-4-fast-non-reasoning', 1756944000, 'fp_9362061f30', [2000, 500, 5000], {
    image: true,
    aliases: ['grok-4-fast-non-reasoning-latest'],
  }),
  model('grok-4-0709', 1752019200, 'fp_156d35dcaa', [30000, 7500, 150000], {
    image: true,
    aliases: ['grok-4', 'grok-4-latest'],
    version: '1.0.0',
  }),
  model('grok-code-fast-1', 1755993600, 'fp_10f00c862d', [2000, 200, 15000], {
    aliases: ['grok-code-fast', 'grok-code-fast-1-0825'],
  }),
  model('grok-3', 1743724800, 'fp_898ae9f31c', [30000, 7500, 150000], {
    aliases: ['grok-3-latest', 'grok-3-beta'],
  }),
  model('grok-3-mini', 1743724800, 'fp_22a854233b', [3000, 750, 5000], {
    aliases: ['grok-3-mini-latest', 'grok-3-mini-beta'],
  }),
  model('grok-2-vision-1212', 1733961600, 'fp_daba7546e5', [20000, 0, 100000], {
    image: true,
    aliases: ['grok-2-vision', 'grok-2-vision-latest'],
    version: '0.1.0',
  }),
];

/** A model by id or alias. */
export function findLanguageModel(idOrAlias: string): LanguageModel | undefined {
  return LANGUAGE_MODELS.find((m) => m.id === idOrAlias || m.aliases.includes(idOrAlias));
}
