// When and how long to wait before trying a failed request again: bounded exponential backoff with full
// jitter (spreads retries of many clients over time) and the server's Retry-After where it sent one.
import type { XaiErrorInfo } from './types';

export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retries off. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000 };

/**
 * Retry-After is honoured up to this multiple of maxDelayMs (32 s with the defaults): longer than our own
 * backoff ceiling, because the server knows its rate window, but bounded so a bogus header cannot park a
 * request for minutes. The host still sees `retryAfter` on the final error and can tell the user.
 */
export const RETRY_AFTER_CAP_FACTOR = 4;

/**
 * Only failures a later attempt may not repeat: rate limits (not an empty credit balance), service trouble
 * and network failures. Never a 4xx other than 429, never a timeout (the limits are already generous; a
 * retry would multiply the wait), never after the caller cancelled.
 */
export function isRetryable(info: XaiErrorInfo): boolean {
  return info.kind === 'rateLimited' || info.kind === 'unavailable' || info.kind === 'network';
}

/** Delay before retry number `retry` (1 = first retry). `random` is injectable for tests. */
export function retryDelayMs(
  retry: number,
  options: RetryOptions,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== undefined) {
    return Math.min(retryAfterSeconds * 1000, options.maxDelayMs * RETRY_AFTER_CAP_FACTOR);
  }
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
