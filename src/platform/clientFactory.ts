// Builds an XaiClient from the current settings and the stored key, logging each HTTP attempt to the
// Grok channel. A fresh client per request keeps settings changes effective without a reload.
import { readConfig } from './config';
import { getApiKey } from './secrets';
import { info, warn } from './log';
import { XaiClient } from '../xai/client';

export function createClient(overrideKey?: string): XaiClient {
  const config = readConfig();
  return new XaiClient({
    baseUrl: config.baseUrl,
    apiKey: async () => overrideKey ?? (await getApiKey())?.value,
    retry: { maxRetries: config.maxRetries, baseDelayMs: 500, maxDelayMs: 8000 },
    timeouts: { firstByteMs: config.firstByteTimeoutMs, idleMs: config.idleTimeoutMs },
    onLog: (e) => {
      const line =
        `${e.method} ${e.path} ${e.status ?? '-'} ${Math.round(e.durationMs)}ms` +
        (e.attempt > 1 ? ` attempt ${e.attempt}` : '') +
        (e.requestId ? ` request-id ${e.requestId}` : '') +
        (e.outcome === 'ok' ? '' : ` ${e.outcome}: ${e.message ?? ''}`) +
        (e.retryInMs !== undefined ? ` (retrying in ${e.retryInMs} ms)` : '');
      // A stream can answer 200 and still fail later: the outcome, not the status, decides the level.
      if (e.outcome === 'ok' || e.outcome === 'cancelled') info(line);
      else warn(line);
    },
  });
}
