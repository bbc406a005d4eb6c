// Token counts for callers that budget their prompts: POST /tokenize-text for the exact figure, cached
// (callers count the same history again on every turn), and an estimate when the server cannot be
// asked (no key, offline, a server without the endpoint). No 'vscode'.
import type { XaiClient } from '../xai/client';
import { XaiError } from '../xai/errors';

const MAX_ENTRIES = 2000;
/** After a failure, estimate for this long instead of asking again for every count. */
const BACK_OFF_MS = 60_000;
/** A count is for budgeting: a slow tokenizer must not hold the caller up. */
const TIMEOUT_MS = 5000;

export class TokenCounter {
  private readonly cache = new Map<string, number>();
  private failedAt = -Infinity;

  constructor(
    private readonly client: () => XaiClient,
    private readonly now: () => number = Date.now,
  ) {}

  async count(model: string, text: string, signal?: AbortSignal): Promise<number> {
    if (text === '') return 0;
    const key = `${model}\u0000${text}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.now() - this.failedAt < BACK_OFF_MS) return estimateTokens(text);
    let count: number;
    try {
      const timeout = AbortSignal.timeout(TIMEOUT_MS);
      const result = await this.client().tokenize(model, text, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      count = result.count;
    } catch (error) {
      if (signal?.aborted) return estimateTokens(text);
      // A bad key or a missing endpoint will not heal by asking again at once; nor will the network.
      if (!(error instanceof XaiError) || error.kind !== 'badRequest' || error.info.status === 404) this.failedAt = this.now();
      return estimateTokens(text);
    }
    this.cache.set(key, count);
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return count;
  }

  /** The key or the server changed: counts may differ, and the endpoint may work now. */
  reset(): void {
    this.cache.clear();
    this.failedAt = -Infinity;
  }
}

/** About four characters a token for English and code; never zero for non-empty text. */
export function estimateTokens(text: string): number {
  return text === '' ? 0 : Math.max(1, Math.ceil(text.length / 4));
}
