// This session's spend, in USD, by where it was spent (the chat, the editor commands, the language
// model provider, tools). Kept in memory for the window's life: the status bar shows the total and the
// breakdown. Type-only vscode import, so plain-Node code (the chat's run, tested without VS Code) can
// record spend too.
import type * as vscode from 'vscode';

export type SpendSource = 'chat' | 'editor' | 'provider' | 'tools';

const spent: Record<string, number> = {};
const listeners = new Set<() => void>();

/** Adds what one request cost. Unknown, negative or non-finite amounts are ignored. */
export function recordSpend(source: SpendSource, usd: number): void {
  if (!Number.isFinite(usd) || usd <= 0) return;
  spent[source] = (spent[source] ?? 0) + usd;
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch {
      // A listener's failure must not lose the spend or starve the other listeners.
    }
  }
}

/** Fires after every recorded amount. */
export const onDidChangeSpend: vscode.Event<void> = (listener, thisArgs, disposables) => {
  const bound = () => listener.call(thisArgs, undefined);
  listeners.add(bound);
  const disposable = { dispose: () => void listeners.delete(bound) };
  disposables?.push(disposable);
  return disposable;
};

/** USD per source, only the sources that spent anything. */
export function spendBreakdown(): Record<string, number> {
  return { ...spent };
}

export function totalSpend(): number {
  return Object.values(spent).reduce((a, b) => a + b, 0);
}
