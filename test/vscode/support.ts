// Helpers shared by the suites that run inside a real extension host (code-server through the harness,
// or VS Code desktop through @vscode/test-electron). Each suite is bundled on its own, so nothing here
// may keep state.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionReport, SetKeyResult } from '../../src/platform/keyCommands';

export type { ConnectionReport, SetKeyResult };

export const EXTENSION_ID = 'grok-vscode.grok-vscode';

/** Stored by reload.before.test.ts, expected by reload.after.test.ts in the next extension host. */
export const RELOAD_KEY = 'xai-survives-reload-0003';

/** The question of the conversation reload.before.test.ts leaves open, for chatHistory.after.test.ts. */
export const LEFT_OPEN_QUESTION = 'Write a very long story about a fox';

/** The fake xAI server the runner started (its /v1 base URL): every key is accepted. */
export function fakeUrl(): string {
  return requiredEnv('GROK_FAKE_URL');
}

/** A second fake that answers every key with 400 "Incorrect API key". */
export function badKeyFakeUrl(): string {
  return requiredEnv('GROK_FAKE_BADKEY_URL');
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these suites through npm test or npm run test:desktop`);
  return value;
}

export async function grokExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
  await ext.activate();
  return ext;
}

export function run<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

/** Points the extension at a server, and waits until this extension host's configuration shows it. */
export async function useBaseUrl(url: string): Promise<void> {
  await vscode.workspace.getConfiguration('grok').update('baseUrl', url, vscode.ConfigurationTarget.Global);
  await waitFor(() => vscode.workspace.getConfiguration('grok').get<string>('baseUrl') === url, `grok.baseUrl to become ${url}`);
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface SeenRequest {
  route: string;
  headers: Record<string, string>;
  status?: number;
}

/** What a fake received, through its control endpoint (beside /v1). */
export async function requestsSeenBy(baseUrl: string): Promise<SeenRequest[]> {
  const origin = new URL(baseUrl).origin;
  const res = await fetch(`${origin}/__control/requests`);
  assert.equal(res.status, 200, `GET ${origin}/__control/requests answered ${res.status}`);
  return ((await res.json()) as { requests: SeenRequest[] }).requests;
}

export async function resetFake(baseUrl: string): Promise<void> {
  const origin = new URL(baseUrl).origin;
  const res = await fetch(`${origin}/__control/reset`, { method: 'POST' });
  assert.equal(res.status, 200, `POST ${origin}/__control/reset answered ${res.status}`);
}

/** The bearer token of the last request the fake got on a route, e.g. `GET /v1/api-key`. */
export async function lastKeySent(baseUrl: string, route: string): Promise<string | undefined> {
  const seen = (await requestsSeenBy(baseUrl)).filter((r) => r.route === route);
  assert.ok(seen.length > 0, `the fake at ${baseUrl} got no ${route}`);
  return /^Bearer (.*)$/i.exec(seen[seen.length - 1].headers.authorization ?? '')?.[1];
}

/**
 * Marks the running test pending with a reason the runner prints (mocha's skip() records none).
 * Use only for a feature that does not exist yet, never to hide a failure.
 */
export function pendingBecause(ctx: Mocha.Context, reason: string): never {
  if (ctx.test) (ctx.test as Mocha.Test & { pendingReason?: string }).pendingReason = reason;
  ctx.skip();
}

/** The key must come from SecretStorage in these suites, never from the environment. */
export function assertNoEnvironmentKey(): void {
  assert.equal(process.env.XAI_API_KEY, undefined, 'XAI_API_KEY is set in the extension host: the runner must remove it');
}

/**
 * A line for the running test's report (the runner prints it under the test, passed or failed): for what
 * a harness accommodation did, so it stays visible. Kept on the global object because each suite is
 * bundled on its own, with its own copy of this module.
 */
export function note(text: string): void {
  const g = globalThis as { grokTestNotes?: string[] };
  (g.grokTestNotes ??= []).push(text);
  console.log(`[test note] ${text}`);
}

/** Suite teardown: nothing a suite set up stays for the next one (suites run in any order). */
export async function leaveNoKey(): Promise<void> {
  await useBaseUrl(fakeUrl());
  await run('grok.clearApiKey');
}

/** Suite setup for tests that need a stored key: the extension pointed at the fake server, the key set and checked. */
export async function withStoredKey(key: string): Promise<void> {
  assertNoEnvironmentKey();
  await grokExtension();
  await useBaseUrl(fakeUrl());
  const set = await run<SetKeyResult>('grok.setApiKey', key);
  assert.equal(set.stored, true, set.message);
}

/**
 * Closes every editor without a "Save changes?" dialog (one would wait for ever in a test run): a changed
 * file gets its disk text back and is saved, without any UI; an untitled document is reverted in its
 * editor once that is active. The workbench's own view of what is unsaved (a tab's dirty mark) can lag
 * behind the document's, so Close All waits for the tabs too. Fails naming what stayed unsaved, or the
 * tabs Close All left after 15 s.
 */
export async function closeAllEditors(): Promise<void> {
  const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  const describeTabs = () => tabs().map((t) => `${t.label}${t.isDirty ? ' (unsaved)' : ''}`).join(', ');
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isClosed)) {
    if (doc.uri.scheme === 'file') {
      const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      const edit = new vscode.WorkspaceEdit();
      const disk = Buffer.from(await vscode.workspace.fs.readFile(doc.uri)).toString('utf8');
      edit.replace(doc.uri, all, disk);
      await vscode.workspace.applyEdit(edit);
      if (!(await doc.save())) note(`closeAllEditors: saving ${doc.uri.fsPath} failed`);
    } else {
      // An untitled document stays unsaved even when empty: revert it in its editor, once that is active.
      await revertInItsEditor(doc.uri);
    }
  }
  // Only a tab can ask "Save changes?": a document still reported unsaved without a tab (the extension
  // host can hear of a reverted untitled document's end late) is noted, not failed on.
  await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.isDirty && !d.isClosed), 'the documents to drop their changes', 3000).catch(() => undefined);
  const left = vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isClosed).map((d) => d.uri.toString());
  if (left.length) note(`closeAllEditors: still reported unsaved after dropping their changes: ${left.join(', ')}`);
  await waitFor(() => !tabs().some((t) => t.isDirty), 'the tabs to drop their unsaved marks', 3000).catch(() => undefined);
  for (const tab of tabs().filter((t) => t.isDirty)) {
    note(`closeAllEditors: the tab ${tab.label} was still marked unsaved; reverting it in its editor`);
    const input = tab.input as { uri?: vscode.Uri; modified?: vscode.Uri } | undefined;
    const uri = input?.uri ?? input?.modified;
    if (uri) await revertInItsEditor(uri);
  }
  assert.deepEqual(tabs().filter((t) => t.isDirty).map((t) => t.label), [], 'tabs still unsaved after reverting them');
  await withinMs(15_000, Promise.resolve(vscode.commands.executeCommand('workbench.action.closeAllEditors')), () => `Close All Editors did not finish in 15 s (open: ${describeTabs()})`);
}

/** Shows the document and, once its editor is the active one, reverts and closes it (no dialog). */
async function revertInItsEditor(uri: vscode.Uri): Promise<void> {
  const isActive = () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString();
  for (let attempt = 1; attempt <= 2 && !isActive(); attempt++) {
    await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: false });
    await waitFor(isActive, `${uri.toString()} to be the active editor`, 5000).catch(() => undefined);
  }
  if (isActive()) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  else note(`closeAllEditors: ${uri.toString()} did not become the active editor; not reverted`);
}

/** `work`, or a failure saying `what()` once `ms` have passed without it settling. */
export async function withinMs<T>(ms: number, work: Promise<T>, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * One Undo in the active editor, waiting for its change to reach this extension host: the command can
 * resolve before the document's change event arrives (seen under load), and a test reading the text too
 * early would see nothing undone, or count one Undo as two. Every caller expects a change, so the wait is
 * long, and an Undo that changed nothing in it fails here, saying where focus was as far as the extension
 * host can tell (an Undo goes to the focused part of the window: a webview or an input box takes it).
 */
export function undo(): Promise<void> {
  return changingCommand('undo');
}

/** One Redo in the active editor, waiting for its change as undo() does. */
export function redo(): Promise<void> {
  return changingCommand('redo');
}

async function changingCommand(command: 'undo' | 'redo'): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  let sub: vscode.Disposable | undefined;
  const changed = new Promise<boolean>((resolve) => {
    sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && e.contentChanges.length > 0) resolve(true);
    });
    setTimeout(() => resolve(false), 10_000);
  });
  await vscode.commands.executeCommand(command);
  const ok = await changed;
  sub?.dispose();
  if (!ok) {
    const active = vscode.window.activeTextEditor?.document;
    const where = !active ? 'no active editor' : active === doc ? 'the same editor still active' : `another editor active (${active.uri.toString()})`;
    throw new Error(`${command} changed nothing in 10 s (${where}; the window ${vscode.window.state.focused ? 'has' : 'does not have'} focus)`);
  }
}
