// The live model list for the picker and for prices, cached so that sending a message never waits for
// it. No vscode: the loader is passed in (a client built from the current settings).
import type { ModelOption } from '../protocol';
import type { ModelInfo, ModelPrices } from '../xai/types';

const TTL_MS = 10 * 60_000;

export class ModelCatalog {
  private cached: ModelInfo[] | undefined;
  private loadedAt = 0;
  private inFlight: Promise<ModelInfo[]> | undefined;
  private generation = 0;

  constructor(
    private readonly load: (signal: AbortSignal) => Promise<ModelInfo[]>,
    private readonly ttlMs = TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The list as last loaded, or undefined before the first load succeeded. */
  get models(): ModelInfo[] | undefined {
    return this.cached;
  }

  /** Loads unless a fresh list is cached; concurrent calls share one request. Rejects with the client's error. */
  refresh(force = false): Promise<ModelInfo[]> {
    if (!force && this.cached && this.now() - this.loadedAt < this.ttlMs) return Promise.resolve(this.cached);
    if (this.inFlight) return this.inFlight;
    const generation = this.generation;
    const request = this.load(AbortSignal.timeout(30_000))
      .then((models) => {
        // A key or base URL change while loading makes this answer stale: keep it out of the cache.
        if (generation === this.generation) {
          this.cached = models;
          this.loadedAt = this.now();
        }
        return models;
      })
      .finally(() => {
        if (this.inFlight === request) this.inFlight = undefined;
      });
    this.inFlight = request;
    return request;
  }

  /** Forget the list: the key or the server changed. */
  invalidate(): void {
    this.generation++;
    this.cached = undefined;
    this.inFlight = undefined;
    this.loadedAt = 0;
  }

  /** Prices for a model id or one of its aliases (the server may answer as a variant of the id asked for). */
  prices(model: string | undefined): ModelPrices | undefined {
    if (!model || !this.cached) return undefined;
    const found = this.cached.find((m) => m.id === model) ?? this.cached.find((m) => m.aliases.includes(model));
    return found?.prices;
  }
}

/**
 * Picker entries: models that answer in text, with context window and $ per 1M tokens where known.
 * The configured model is always listed (first when the server does not list it), so the picker never
 * hides what is in use.
 */
export function modelOptions(models: ModelInfo[] | undefined, current: string): ModelOption[] {
  const options = (models ?? []).filter(answersInText).map(toOption);
  if (!options.some((o) => o.id === current)) options.unshift({ id: current });
  return options;
}

export function answersInText(m: ModelInfo): boolean {
  if (m.outputModalities.length) return m.outputModalities.includes('text');
  // /models (the fallback) says nothing about modalities; image and video generators are named so.
  return !/(^|[-_/])(image|imagine|video|embed|embedding)([-_]|$)/i.test(m.id);
}

function toOption(m: ModelInfo): ModelOption {
  const option: ModelOption = { id: m.id };
  if (m.contextWindow !== undefined) option.contextWindow = m.contextWindow;
  if (m.prices?.promptPerMillion !== undefined) option.promptPrice = m.prices.promptPerMillion;
  if (m.prices?.completionPerMillion !== undefined) option.completionPrice = m.prices.completionPerMillion;
  if (m.inputModalities.length) option.vision = m.inputModalities.includes('image');
  if (/(^|-)reasoning\b/.test(m.id) && !/non-reasoning/.test(m.id)) option.reasoning = true;
  return option;
}
