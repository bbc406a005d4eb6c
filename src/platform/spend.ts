// What this window's session spent, by where the requests came from. Module-level so that every
// feature records into one ledger without importing another; the status bar item reads it.
import * as vscode from 'vscode';

export type SpendSource = 'chat' | 'editor' | 'provider' | 'tools';

const ledger: Record<SpendSource, number> = { chat: 0, editor: 0, provider: 0, tools: 0 };
const changed = new vscode.EventEmitter<void>();

/** Fires after every recorded amount. */
export const onDidChangeSpend = changed.event;

/** Adds a request's billed cost in USD. Non-finite or negative amounts are ignored. */
export function recordSpend(source: SpendSource, usd: number): void {
  if (!Number.isFinite(usd) || usd <= 0) return;
  ledger[source] += usd;
  changed.fire();
}

/** USD per source since the window started. */
export function spendBreakdown(): Record<SpendSource, number> {
  return { ...ledger };
}
