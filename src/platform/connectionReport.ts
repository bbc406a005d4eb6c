// What Test Connection and Set API Key say, as plain functions (no vscode), so the wording is tested:
// one statement per finding, the server's own failure said once, and nothing measured after a failure.
import type { XaiErrorInfo } from '../xai/types';

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
  if (ok) return `Connected to ${f.baseUrl}: API key accepted${f.models !== undefined ? `, ${f.models} models` : ''}.`;
  if (!f.reachable) return `Cannot reach ${f.baseUrl}.`;
  switch (f.keyStatus) {
    case 'missing':
      return `${f.baseUrl} answers, but no API key is set.`;
    case 'refused':
      return `${f.baseUrl} refused the API key.`;
    case 'blocked':
      return `${f.baseUrl} reports the API key blocked.`;
    default:
      return `${f.baseUrl} answers, but the API key could not be checked.`;
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
  return `${err.message.trim()} The key was not saved.`;
}
