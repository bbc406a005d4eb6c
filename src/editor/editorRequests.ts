// The editor commands' running requests: each shows a cancellable notification and a status bar item,
// and each is stopped at once (its HTTP request aborted) by the notification's Cancel button, Esc in
// the editor, the status bar item, or grok.stop (through stopEditorRequests).
import * as vscode from 'vscode';

/** Context key: true while an editor request streams (Esc is bound to stop it then). */
export const RUNNING_CONTEXT = 'grok.editorRequestRunning';
/**
 * Context key: the active editor's selection is the one a running request started with (Edit
 * Selection's). Esc then stops the request instead of first clearing that selection; a selection the
 * user makes meanwhile is theirs, and Esc clears it first as usual.
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
  /** The editor the request started in, while its selection is still the one it started with. */
  selectionOf?: vscode.TextEditor;
}

const running = new Set<Running>();
let statusItem: vscode.StatusBarItem | undefined;

export function registerEditorRequests(context: vscode.ExtensionContext): void {
  statusItem = vscode.window.createStatusBarItem('grok.editorRequest', vscode.StatusBarAlignment.Left, 1000);
  statusItem.name = 'Grok editor request';
  statusItem.command = 'grok.stopEditorRequest';
  context.subscriptions.push(
    statusItem,
    vscode.commands.registerCommand('grok.stopEditorRequest', () => stopEditorRequests()),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      // The user moved or changed the selection (keyboard, mouse, a command); edits to the document
      // move it too, with no kind, and leave it the request's.
      if (e.kind === undefined) return;
      for (const r of running) if (r.selectionOf === e.textEditor) r.selectionOf = undefined;
      updateSelectionContext();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => updateSelectionContext()),
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
 * is the one the request started in: while its selection stays as it was, Esc there stops the request.
 */
export async function withEditorRequest<T>(title: string, work: (progress: RequestProgress) => Promise<T>, editor?: vscode.TextEditor): Promise<T> {
  const entry: Running = { title, controller: new AbortController(), message: '' };
  if (editor && !editor.selection.isEmpty) entry.selectionOf = editor;
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

function updateSelectionContext(): void {
  const active = vscode.window.activeTextEditor;
  const owned = active !== undefined && [...running].some((r) => r.selectionOf === active);
  void vscode.commands.executeCommand('setContext', SELECTION_CONTEXT, owned);
}

function updateStatus(): void {
  void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, running.size > 0);
  updateSelectionContext();
  if (!statusItem) return;
  const latest = [...running].pop();
  if (!latest) {
    statusItem.hide();
    return;
  }
  const more = running.size > 1 ? ` (+${running.size - 1})` : '';
  statusItem.text = `$(loading~spin) Grok: ${latest.title}${latest.message ? ` · ${latest.message}` : '…'}${more}`;
  statusItem.tooltip = 'Click or press Esc in the editor to stop (what was inserted stays; Undo removes it)';
  statusItem.show();
}
