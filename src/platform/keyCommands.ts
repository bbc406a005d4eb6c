// grok.setApiKey, grok.clearApiKey and grok.testConnection: getting a key in, out, and proven working.
import * as vscode from 'vscode';
import { readConfig } from './config';
import { createClient } from './clientFactory';
import { error, info, showLog } from './log';
import { deleteApiKey, getApiKey, storeApiKey } from './secrets';
import type { ApiKeyInfo, XaiErrorInfo } from '../xai/types';
import { XaiError } from '../xai/errors';
import { connectionLines, connectionSummary, refusedKeyMessage } from './connectionReport';
import { localised } from './localise';

export const SET_KEY = vscode.l10n.t('Set API Key');
export const SHOW_LOG = vscode.l10n.t('Show Log');

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
  if (!scripted) return setKeyInteractively();
  const key = argument.trim();
  if (!key) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Grok: the key given to {0} is empty.', 'grok.setApiKey'));
    return { stored: false, status: 'cancelled', message: vscode.l10n.t('No key was entered.') };
  }

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Grok: checking the API key…') },
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

/**
 * The input box stays open while the key is checked, and after a refusal, with the reason under the
 * key, so a mistyped key is corrected in place instead of pasted again.
 */
function setKeyInteractively(): Promise<SetKeyResult> {
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Grok: xAI API key');
  box.prompt = vscode.l10n.t('Paste your xAI API key (from {0}). It is kept in VS Code\'s secret storage only.', 'console.x.ai');
  box.placeholder = 'xai-…';
  box.password = true;
  box.ignoreFocusOut = true;
  return new Promise<SetKeyResult>((resolve) => {
    let settled = false;
    const finish = (result: SetKeyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
      box.hide();
    };
    box.onDidChangeValue(() => {
      box.validationMessage = undefined;
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (!key) {
        box.validationMessage = vscode.l10n.t('The key cannot be empty.');
        return;
      }
      if (box.busy) return;
      box.busy = true;
      box.enabled = false;
      const result = await checkKey(key);
      box.busy = false;
      box.enabled = true;
      info(`setApiKey: ${result.status}`);
      if (result.status === 'refused') {
        // Said once, under the key; the box stays open for a corrected one.
        box.validationMessage = result.message;
        return;
      }
      if (result.stored) await storeApiKey(key);
      void (result.status === 'blocked' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(`Grok: ${result.message}`);
      finish(result);
    });
    box.onDidHide(() => {
      finish({ stored: false, status: 'cancelled', message: vscode.l10n.t('No key was entered.') });
      box.dispose();
    });
    box.show();
  });
}

/** Asks /api-key about the key without spending tokens. Only a key xAI calls wrong is not stored. */
async function checkKey(key: string): Promise<SetKeyResult> {
  try {
    const keyInfo = await createClient(key).apiKeyInfo();
    if (keyInfo.blocked || keyInfo.disabled || keyInfo.teamBlocked) {
      return { stored: true, status: 'blocked', message: blockedMessage(keyInfo) };
    }
    return { stored: true, status: 'ok', message: keyInfo.name ? vscode.l10n.t('API key saved (key "{0}").', keyInfo.name) : vscode.l10n.t('API key saved.') };
  } catch (e) {
    const err = errorInfo(e);
    if (err.kind === 'badKey' || err.kind === 'noPermission') {
      return { stored: false, status: 'refused', message: refusedKeyMessage(err) };
    }
    // Offline, or a compatible server without /api-key: keep the key and say it is unchecked.
    return { stored: true, status: 'unverified', message: vscode.l10n.t('API key saved, but it could not be checked: {0}', localised(err.text ?? err.message)) };
  }
}

function blockedMessage(k: ApiKeyInfo): string {
  if (k.teamBlocked) return vscode.l10n.t('The key was saved, but xAI reports its team blocked. Unblock it at {0}.', 'console.x.ai');
  if (k.disabled) return vscode.l10n.t('The key was saved, but xAI reports it disabled. Unblock it at {0}.', 'console.x.ai');
  return vscode.l10n.t('The key was saved, but xAI reports it blocked. Unblock it at {0}.', 'console.x.ai');
}

async function clearApiKey(): Promise<void> {
  await deleteApiKey();
  const env = (await getApiKey())?.source === 'environment';
  void vscode.window.showInformationMessage(
    env
      ? vscode.l10n.t('Grok: the stored API key was removed. The {0} environment variable is still used.', 'XAI_API_KEY')
      : vscode.l10n.t('Grok: the API key was removed.'),
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
  /** The one sentence the notification shows. */
  summary: string;
}

const SHOW_REPORT = vscode.l10n.t('Show Report');

async function testConnection(): Promise<ConnectionReport> {
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Grok: testing the connection…') },
    runConnectionTest,
  );
  // The report line by line in the log (Show Report opens it); the notification says the verdict once.
  info('testConnection: report');
  for (const line of report.lines) info(`  ${line}`);
  const actions = report.keyStatus === 'missing' || report.keyStatus === 'refused' ? [SET_KEY, SHOW_REPORT] : [SHOW_REPORT];
  const show = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  void show(`Grok: ${report.summary}`, ...actions).then((pick) => {
    if (pick === SET_KEY) void vscode.commands.executeCommand('grok.setApiKey');
    if (pick === SHOW_REPORT) showLog();
  });
  return report;
}

async function runConnectionTest(): Promise<ConnectionReport> {
  const { baseUrl } = readConfig();
  const key = await getApiKey();
  const report: ConnectionReport = { ok: false, baseUrl, reachable: false, keyStatus: 'unknown', lines: [], summary: '' };
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
  // A round trip is a measurement of an answer: none after a failure to connect.
  if (report.reachable) report.roundTripMs = Date.now() - started;

  if (report.reachable && report.keyStatus !== 'missing' && report.keyStatus !== 'refused') {
    try {
      report.models = (await client.listModels()).length;
    } catch (e) {
      error(`testConnection: model list failed: ${errorInfo(e).message}`);
    }
  }

  const findings = { ...report, ...(key?.source ? { keySource: key.source } : {}), ...(keyError ? { keyError } : {}) };
  report.lines = connectionLines(findings);
  report.ok = report.reachable && report.keyStatus === 'ok';
  report.summary = connectionSummary(findings, report.ok);
  return report;
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
