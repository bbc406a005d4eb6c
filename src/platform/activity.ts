// Which features are waiting on the model right now (the chat's answer, an editor command), so that the
// status bar can show progress and stop them. Features report; nothing here stops anything.
import type * as vscode from 'vscode';

const busy = new Set<string>();
const listeners = new Set<() => void>();

export function setBusy(source: string, isBusy: boolean): void {
  if (busy.has(source) === isBusy) return;
  if (isBusy) busy.add(source);
  else busy.delete(source);
  for (const listener of [...listeners]) listener();
}

export function isBusy(): boolean {
  return busy.size > 0;
}

export const onDidChangeBusy: vscode.Event<void> = (listener, thisArgs, disposables) => {
  const bound = () => listener.call(thisArgs, undefined);
  listeners.add(bound);
  const disposable = { dispose: () => void listeners.delete(bound) };
  disposables?.push(disposable);
  return disposable;
};
