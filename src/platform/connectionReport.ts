// What Test Connection and Set API Key say, as plain functions (no vscode), so the wording is tested:
// one statement per finding, the server's own failure said once, and nothing measured after a failure.
// The lines go to the log (English); the summary and the refusal are shown, in the user's language.
import type { XaiErrorInfo } from '../xai/types';
import { localised, t } from './localise';

export interface ConnectionFindings {
  baseUrl: string;
  reachable: boolean;
  keyStatus: 'ok' | 'missing' | 'refused' | 'blocked' | 'unknown';
  keySource?: string;
  /** What failed when the key was checked (or the server could not be reached). */
  keyError?: XaiErrorInfo;
  models?: number;
  /** Only for a check that got an answer. */
  roundTripMs?: number;
}

/** The report, one finding a line, in the order a user would check them. */
export function connectionLines(f: ConnectionFindings): string[] {
  const lines: string[] = [];
  if (!f.reachable) {
    // The failure is said once, here; the key could not be checked, and there is no round trip to speak of.
    lines.push(`Server unreachable: ${f.baseUrl}${f.keyError ? `: ${f.keyError.message}` : ''}`);
    lines.push(f.keyStatus === 'missing' ? 'No API key set' : 'API key not checked (the server did not answer)');
    return lines;
  }
  lines.push(`Server reachable: ${f.baseUrl}`);
  lines.push(keyLine(f));
  if (f.models !== undefined) lines.push(`${f.models} models available`);
  if (f.roundTripMs !== undefined && f.keyStatus !== 'missing') lines.push(`Round trip ${f.roundTripMs} ms`);
  return lines;
}

/** One line for the notification: the verdict; the lines go to the log and the details. */
export function connectionSummary(f: ConnectionFindings, ok: boolean): string {
  if (ok) return f.models !== undefined ? t('Connected to {0}: API key accepted, {1} models.', f.baseUrl, f.models) : t('Connected to {0}: API key accepted.', f.baseUrl);
  if (!f.reachable) return t('Cannot reach {0}.', f.baseUrl);
  switch (f.keyStatus) {
    case 'missing':
      return t('{0} answers, but no API key is set.', f.baseUrl);
    case 'refused':
      return t('{0} refused the API key.', f.baseUrl);
    case 'blocked':
      return t('{0} reports the API key blocked.', f.baseUrl);
    default:
      return t('{0} answers, but the API key could not be checked.', f.baseUrl);
  }
}

function keyLine(f: ConnectionFindings): string {
  const from = f.keySource === 'environment' ? ' (from XAI_API_KEY)' : '';
  switch (f.keyStatus) {
    case 'ok':
      return `API key accepted${from}`;
    case 'missing':
      return 'No API key set';
    case 'refused':
      return `API key refused${from}: ${f.keyError?.message ?? ''}`.trim();
    case 'blocked':
      return `API key blocked${from}`;
    case 'unknown':
      return `API key not checked: ${f.keyError?.message ?? 'no answer'}`;
  }
}

/**
 * A refused key, said once: the client's message already names the server (xAI only for xAI's own).
 */
export function refusedKeyMessage(err: XaiErrorInfo): string {
  return t('{0} The key was not saved.', localised(err.text ?? err.message).trim());
}
