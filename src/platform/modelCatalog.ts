// The live model list for the picker and for prices, cached so that sending a message never waits for
// it. No vscode: the loader is passed in (a client built from the current settings).
import type { ModelOption } from '../protocol';
import type { ModelInfo, ModelPrices } from '../xai/types';

const TTL_MS = 10 * 60_000;

/** The efforts xAI's reasoning models take (docs: low / medium / high; the model's default sends nothing). */
export const REASONING_EFFORTS = ['low', 'medium', 'high'] as const;

export class ModelCatalog {
  private cached: ModelInfo[] | undefined;
  private loadedAt = 0;
  private inFlight: Promise<ModelInfo[]> | undefined;
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly load: (signal: AbortSignal) => Promise<ModelInfo[]>,
    private readonly ttlMs = TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** `listener` runs whenever `models` changes (a list loaded, or forgotten); returns how to stop it. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

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
          this.changed();
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
    this.changed();
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
  if (current && !options.some((o) => o.id === current)) options.unshift({ id: current, family: modelFamily(current) });
  return options;
}

/** The picker's group: "Grok 4.1" for grok-4-1-fast-reasoning, "Grok 4" for grok-4-0709, "Grok Code" for grok-code-fast-1. */
export function modelFamily(id: string): string {
  const version = /^grok-(\d+)(?:[.-](\d)(?!\d))?/i.exec(id);
  if (version) return version[2] ? `Grok ${version[1]}.${version[2]}` : `Grok ${version[1]}`;
  const named = /^grok-([a-z]+)/i.exec(id);
  if (named) return `Grok ${named[1][0].toUpperCase()}${named[1].slice(1).toLowerCase()}`;
  return 'Other models';
}

export function answersInText(m: ModelInfo): boolean {
  if (m.outputModalities.length) return m.outputModalities.includes('text');
  // /models (the fallback) says nothing about modalities; image and video generators are named so.
  return !/(^|[-_/])(image|imagine|video|embed|embedding)([-_]|$)/i.test(m.id);
}

function toOption(m: ModelInfo): ModelOption {
  const option: ModelOption = { id: m.id, family: modelFamily(m.id) };
  if (m.contextWindow !== undefined) option.contextWindow = m.contextWindow;
  if (m.prices?.promptPerMillion !== undefined) option.promptPrice = m.prices.promptPerMillion;
  if (m.prices?.completionPerMillion !== undefined) option.completionPrice = m.prices.completionPerMillion;
  if (m.inputModalities.length) option.vision = m.inputModalities.includes('image');
  if (/(^|-)reasoning\b/.test(m.id) && !/non-reasoning/.test(m.id)) option.reasoning = true;
  // The list says nothing about efforts here: offered unless the id says the model does not reason; a
  // model that refuses one (400) is remembered and loses the picker (the chat's ApiMemory).
  if (!/non-reasoning/.test(m.id)) option.reasoningEfforts = [...REASONING_EFFORTS];
  return option;
}

/** "grok-4.7" -> [4, 7]; "grok-4-1-fast-non-reasoning" -> [4, 1]: the version a name carries. */
function versionOf(id: string): number[] {
  const match = /^grok-(\d+(?:[.-]\d+)*)/i.exec(id);
  return match ? match[1].split(/[.-]/).map(Number) : [];
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** A Grok model that chats in text (not an image, video, embedding or code-only model). */
function isGeneralChatModel(m: ModelInfo): boolean {
  if (!/^grok-/i.test(m.id) || !answersInText(m)) return false;
  if (m.outputModalities.length && !m.outputModalities.every((o) => o === 'text')) return false;
  return !/(image|imagine|video|embed|code|vision|tts|audio)/i.test(m.id);
}

/** The newest general chat model in the list (by `created`, then by the version in its name), or undefined. */
export function newestChatModel(models: readonly ModelInfo[] | undefined): string | undefined {
  const candidates = (models ?? []).filter(isGeneralChatModel);
  candidates.sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || compareVersions(versionOf(b.id), versionOf(a.id)) || a.id.length - b.id.length);
  return candidates[0]?.id;
}

