// grok.setApiKey, grok.clearApiKey and grok.testConnection: getting a key in, out, and proven working.
import * as vscode from 'vscode';
import { readConfig } from './config';
import { createClient } from './clientFactory';
import { error, info, showLog } from './log';
import { deleteApiKey, getApiKey, storeApiKey } from './secrets';
import type { ApiKeyInfo, XaiErrorInfo } from '../xai/types';
import { XaiError } from '../xai/errors';

export const SET_KEY = 'Set API Key';
export const SHOW_LOG = 'Show Log';

/** What a key check found; returned by the command so tests and keybindings can read it. */
export interface SetKeyResult {
  stored: boolean;
  /** 'ok': xAI accepted it; 'unverified': stored but could not be checked (offline, no /api-key). */
  status: 'ok' | 'unverified' | 'refused' | 'blocked' | 'cancelled';
  message: string;
}

export function registerKeyCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('grok.setApiKey', (key?: unknown) =>
      setApiKey(typeof key === 'string' ? key : undefined),
    ),
    vscode.commands.registerCommand('grok.clearApiKey', clearApiKey),
    vscode.commands.registerCommand('grok.testConnection', testConnection),
    vscode.commands.registerCommand('grok.showLog', showLog),
  );
}

async function setApiKey(argument?: string): Promise<SetKeyResult> {
  const scripted = argument !== undefined;
  const key = argument?.trim() || (scripted ? undefined : await askForKey());
  if (!key) {
    const result: SetKeyResult = { stored: false, status: 'cancelled', message: 'No key was entered.' };
    if (scripted) void vscode.window.showWarningMessage('Grok: the key given to grok.setApiKey is empty.');
    return result;
  }

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Grok: checking the API key…' },
    () => checkKey(key),
  );
  if (result.stored) await storeApiKey(key);
  info(`setApiKey: ${result.status}`);

  if (result.status === 'ok' || result.status === 'unverified') {
    void vscode.window.showInformationMessage(`Grok: ${result.message}`);
  } else {
    void vscode.window.showErrorMessage(`Grok: ${result.message}`, SET_KEY).then((pick) => {
      if (pick === SET_KEY) void vscode.commands.executeCommand('grok.setApiKey');
    });
  }
  return result;
}

function askForKey(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Grok: xAI API key',
    prompt: 'Paste your xAI API key (from console.x.ai). It is kept in VS Code\'s secret storage only.',
    placeHolder: 'xai-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'The key cannot be empty.'),
  });
}

/** Asks /api-key about the key without spending tokens. Only a key xAI calls wrong is not stored. */
async function checkKey(key: string): Promise<SetKeyResult> {
  try {
    const keyInfo = await createClient(key).apiKeyInfo();
    if (keyInfo.blocked || keyInfo.disabled || keyInfo.teamBlocked) {
      return { stored: true, status: 'blocked', message: `The key was saved, but xAI reports it ${blockedWhy(keyInfo)}. Unblock it at console.x.ai.` };
    }
    return { stored: true, status: 'ok', message: `API key saved${keyInfo.name ? ` (key "${keyInfo.name}")` : ''}.` };
  } catch (e) {
    const err = errorInfo(e);
    if (err.kind === 'badKey' || err.kind === 'noPermission') {
      return { stored: false, status: 'refused', message: `xAI refused this key: ${err.message} It was not saved.` };
    }
    // Offline, or a compatible server without /api-key: keep the key and say it is unchecked.
    return { stored: true, status: 'unverified', message: `API key saved, but it could not be checked: ${err.message}` };
  }
}

function blockedWhy(k: ApiKeyInfo): string {
  if (k.teamBlocked) return 'its team blocked';
  if (k.disabled) return 'it disabled';
  return 'it blocked';
}

async function clearApiKey(): Promise<void> {
  await deleteApiKey();
  const env = (await getApiKey())?.source === 'environment';
  void vscode.window.showInformationMessage(
    env
      ? 'Grok: the stored API key was removed. The XAI_API_KEY environment variable is still used.'
      : 'Grok: the API key was removed.',
  );
}

export interface ConnectionReport {
  ok: boolean;
  baseUrl: string;
  reachable: boolean;
  keyStatus: 'ok' | 'missing' | 'refused' | 'blocked' | 'unknown';
  models?: number;
  roundTripMs?: number;
  lines: string[];
}

async function testConnection(): Promise<ConnectionReport> {
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Grok: testing the connection…' },
    runConnectionTest,
  );
  for (const line of report.lines) info(`testConnection: ${line}`);
  const summary = report.lines.join(' · ');
  const actions = report.keyStatus === 'missing' || report.keyStatus === 'refused' ? [SET_KEY, SHOW_LOG] : [SHOW_LOG];
  const show = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  void show(`Grok: ${summary}`, ...actions).then((pick) => {
    if (pick === SET_KEY) void vscode.commands.executeCommand('grok.setApiKey');
    if (pick === SHOW_LOG) showLog();
  });
  return report;
}

async function runConnectionTest(): Promise<ConnectionReport> {
  const { baseUrl } = readConfig();
  const key = await getApiKey();
  const report: ConnectionReport = { ok: false, baseUrl, reachable: false, keyStatus: 'unknown', lines: [] };
  const client = createClient();

  const started = Date.now();
  let keyError: XaiErrorInfo | undefined;
  if (key) {
    try {
      const k = await client.apiKeyInfo();
      report.keyStatus = k.blocked || k.disabled || k.teamBlocked ? 'blocked' : 'ok';
      report.reachable = true;
    } catch (e) {
      keyError = errorInfo(e);
      report.reachable = keyError.status !== undefined;
      if (keyError.kind === 'badKey' || keyError.kind === 'noPermission') report.keyStatus = 'refused';
    }
  } else {
    report.keyStatus = 'missing';
    report.reachable = await reachable(baseUrl);
  }
  report.roundTripMs = Date.now() - started;

  if (report.reachable && report.keyStatus !== 'missing' && report.keyStatus !== 'refused') {
    try {
      report.models = (await client.listModels()).length;
    } catch (e) {
      error(`testConnection: model list failed: ${errorInfo(e).message}`);
    }
  }

  report.lines.push(`Server ${report.reachable ? 'reachable' : 'unreachable'}: ${baseUrl}${keyError && !report.reachable ? ` (${keyError.message})` : ''}`);
  report.lines.push(keyLine(report.keyStatus, key?.source, keyError));
  if (report.models !== undefined) report.lines.push(`${report.models} models available`);
  report.lines.push(`Round trip ${report.roundTripMs} ms`);
  report.ok = report.reachable && report.keyStatus === 'ok';
  return report;
}

function keyLine(status: ConnectionReport['keyStatus'], source: string | undefined, err?: XaiErrorInfo): string {
  const from = source === 'environment' ? ' (from XAI_API_KEY)' : '';
  switch (status) {
    case 'ok':
      return `API key accepted${from}`;
    case 'missing':
      return 'No API key set';
    case 'refused':
      return `API key refused${from}: ${err?.message ?? ''}`.trim();
    case 'blocked':
      return `API key blocked${from}`;
    case 'unknown':
      return `API key not checked: ${err?.message ?? 'no answer'}`;
  }
}

/** Without a key, any HTTP answer at all proves the server is there. */
async function reachable(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl}/models`, { signal: AbortSignal.timeout(10_000) });
    return true;
  } catch {
    return false;
  }
}

function errorInfo(e: unknown): XaiErrorInfo {
  if (e instanceof XaiError) return e.info;
  return { kind: 'network', message: e instanceof Error ? e.message : String(e) };
}
