// The editor commands' running requests: each shows a cancellable notification and a status bar item,
// and each is stopped at once (its HTTP request aborted) by the notification's Cancel button, Esc in
// the editor, the status bar item, or grok.stop (through stopEditorRequests).
import * as vscode from 'vscode';
import { onStopAll } from '../platform/stopAll';
import { setBusy } from '../platform/activity';

/** Context key: true while an editor request streams (Esc is bound to stop it then). */
export const RUNNING_CONTEXT = 'grok.editorRequestRunning';
/**
 * Context key: a running request started from a selection (Edit Selection's). Esc then stops it at the
 * first press instead of first clearing that selection; without one, Esc with a selection keeps VS
 * Code's meaning (clear it) and a second Esc stops. Set for the request's whole run, not from selection
 * events: a key that followed the user's selection changes would race the Esc that comes right after.
 */
export const SELECTION_CONTEXT = 'grok.editorRequestSelection';

export interface RequestProgress {
  /** Aborted by every way of stopping the request. */
  readonly signal: AbortSignal;
  /** A short status shown in the notification and the status bar, e.g. "thinking…", "12 lines". */
  report(message: string): void;
  /** Stops the request from inside (e.g. the user undid the insertion). */
  abort(): void;
}

interface Running {
  title: string;
  controller: AbortController;
  message: string;
  /** Started from a selection: Esc stops it even while a selection is showing. */
  fromSelection: boolean;
}

const running = new Set<Running>();
let statusItem: vscode.StatusBarItem | undefined;

export function registerEditorRequests(context: vscode.ExtensionContext): void {
  statusItem = vscode.window.createStatusBarItem('grok.editorRequest', vscode.StatusBarAlignment.Left, 1000);
  statusItem.name = vscode.l10n.t('Grok editor request');
  statusItem.command = 'grok.stopEditorRequest';
  context.subscriptions.push(
    statusItem,
    vscode.commands.registerCommand('grok.stopEditorRequest', () => stopEditorRequests()),
    onStopAll(() => stopEditorRequests()),
    { dispose: () => void stopEditorRequests() },
  );
}

/**
 * Stops every running editor request (insert, edit, explain's wait): aborts its HTTP request; what was
 * already inserted stays, one Undo away. Returns true when something was running. grok.stop calls this.
 */
export function stopEditorRequests(): boolean {
  const any = running.size > 0;
  for (const r of running) r.controller.abort();
  return any;
}

export function isEditorRequestRunning(): boolean {
  return running.size > 0;
}

/**
 * Runs `work` with a cancellable notification and a status bar item; both go when it settles. `editor`
 * is the one the request started in: if it had a selection, Esc stops the request at the first press.
 */
export async function withEditorRequest<T>(title: string, work: (progress: RequestProgress) => Promise<T>, editor?: vscode.TextEditor): Promise<T> {
  const entry: Running = { title, controller: new AbortController(), message: '', fromSelection: !!editor && !editor.selection.isEmpty };
  running.add(entry);
  updateStatus();
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Grok: ${title}`, cancellable: true },
      (progress, token) => {
        const cancel = token.onCancellationRequested(() => entry.controller.abort());
        const reporter: RequestProgress = {
          signal: entry.controller.signal,
          abort: () => entry.controller.abort(),
          report(message) {
            if (message === entry.message) return;
            entry.message = message;
            progress.report({ message });
            updateStatus();
          },
        };
        return work(reporter).finally(() => cancel.dispose());
      },
    );
  } finally {
    running.delete(entry);
    updateStatus();
  }
}

function updateStatus(): void {
  void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, running.size > 0);
  setBusy('editor', running.size > 0); // the status bar's progress
  void vscode.commands.executeCommand('setContext', SELECTION_CONTEXT, [...running].some((r) => r.fromSelection));
  if (!statusItem) return;
  const latest = [...running].pop();
  if (!latest) {
    statusItem.hide();
    return;
  }
  const more = running.size > 1 ? ` (+${running.size - 1})` : '';
  statusItem.text = `$(loading~spin) Grok: ${latest.title}${latest.message ? ` · ${latest.message}` : '…'}${more}`;
  statusItem.tooltip = vscode.l10n.t('Click or press Esc in the editor to stop (what was inserted stays; Undo removes it)');
  statusItem.show();
}
