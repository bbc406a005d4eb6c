// What every request shares: the base URL, the key (resolved per request), headers, the per-attempt log
// entry and the retry decision. Knows nothing of chat or streaming.
import { say } from '../shared/localise';
import type { XaiErrorInfo, XaiLogEntry } from './types';
import type { ErrorContext } from './errors';
import type { RetryOptions } from './retry';
import type { TimeoutOptions } from './timeouts';
import { Attempt } from './attempt';
import { errorInfo, missingKeyError, serverName } from './errors';
import { redact } from './redact';
import { isRetryable, retryDelayMs } from './retry';

export interface TransportConfig {
  baseUrl: string;
  apiKey: () => Promise<string | undefined>;
  fetch: typeof fetch;
  retry: RetryOptions;
  timeouts: TimeoutOptions;
  onLog?: (entry: XaiLogEntry) => void;
  userAgent?: string;
  random: () => number;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Below the base URL, with a leading slash. */
  path: string;
  body?: unknown;
  stream?: boolean;
  /** Named in "model not found" messages. */
  model?: string;
  /** Extra request headers (e.g. x-grok-conv-id). */
  headers?: Record<string, string>;
}

export class Transport {
  readonly server: string;
  private readonly host: string;

  constructor(readonly config: TransportConfig) {
    this.server = serverName(config.baseUrl);
    this.host = hostOf(config.baseUrl);
  }

  context(spec: RequestSpec): ErrorContext {
    return { server: this.server, path: spec.path, model: spec.model };
  }

  /** The key, or the error to report without sending anything. */
  async key(): Promise<string | XaiErrorInfo> {
    let key: string | undefined;
    try {
      key = (await this.config.apiKey())?.trim();
    } catch (error) {
      return errorInfo('badKey', say('Could not read the API key: {0}', error instanceof Error ? error.message : String(error)));
    }
    return key ? key : missingKeyError();
  }

  attempt(spec: RequestSpec, signal: AbortSignal | undefined): Attempt {
    return new Attempt(signal, this.config.timeouts, this.context(spec), this.host);
  }

  send(attempt: Attempt, spec: RequestSpec, key: string): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${key}`,
      Accept: spec.stream ? 'text/event-stream' : 'application/json',
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.config.userAgent) headers['User-Agent'] = this.config.userAgent;
    if (spec.headers) Object.assign(headers, spec.headers);
    const init: RequestInit = { method: spec.method, headers };
    if (spec.body !== undefined) init.body = JSON.stringify(spec.body);
    return attempt.send(this.config.fetch, this.config.baseUrl + spec.path, init);
  }

  /** Milliseconds to wait before attempt number `attemptNo + 1`, or undefined when this failure is final. */
  retryDelay(info: XaiErrorInfo, attemptNo: number, signal: AbortSignal | undefined): number | undefined {
    if (signal?.aborted || attemptNo > this.config.retry.maxRetries || !isRetryable(info)) return undefined;
    return retryDelayMs(attemptNo, this.config.retry, info.retryAfter, this.config.random);
  }

  /** Exactly one entry per attempt. A throwing log sink must not break the request. */
  log(attempt: Attempt, spec: RequestSpec, attemptNo: number, failure?: XaiErrorInfo, retryInMs?: number): void {
    if (!this.config.onLog) return;
    const entry: XaiLogEntry = {
      method: spec.method,
      path: spec.path,
      durationMs: Math.round(performance.now() - attempt.startedAt),
      attempt: attemptNo,
      outcome: failure ? failure.kind : 'ok',
    };
    const status = attempt.status ?? failure?.status;
    if (status !== undefined) entry.status = status;
    const requestId = attempt.requestId ?? failure?.requestId;
    if (requestId !== undefined) entry.requestId = redact(requestId);
    if (failure) entry.message = redact(failure.message);
    if (retryInMs !== undefined) entry.retryInMs = retryInMs;
    try {
      this.config.onLog(entry);
    } catch {
      // The log is best effort.
    }
  }
}

/** Strips trailing slashes so paths do not double up. */
export function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
