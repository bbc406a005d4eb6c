// The only file that reads workspace configuration. Every key read here is declared in package.json
// (a unit test checks both directions).
import * as vscode from 'vscode';

export const DEFAULT_BASE_URL = 'https://api.x.ai/v1';
export const DEFAULT_MODEL = 'grok-4-1-fast-non-reasoning';

export interface GrokConfig {
  baseUrl: string;
  model: string;
  /** 0 means "let the server decide": nothing is sent. */
  maxOutputTokens: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
}

/** Keys under `grok.` that this file reads; package.json must declare each of them. */
export const CONFIG_KEYS = [
  'baseUrl',
  'model',
  'maxOutputTokens',
  'timeouts.firstByteSeconds',
  'timeouts.idleSeconds',
  'retries.max',
  'statusBar.enabled',
] as const;

export function readConfig(): GrokConfig {
  const c = vscode.workspace.getConfiguration('grok');
  const seconds = (key: string, fallback: number) => Math.max(1, c.get<number>(key, fallback)) * 1000;
  return {
    baseUrl: normaliseBaseUrl(c.get<string>('baseUrl', DEFAULT_BASE_URL)),
    model: c.get<string>('model', DEFAULT_MODEL).trim() || DEFAULT_MODEL,
    maxOutputTokens: Math.max(0, Math.floor(c.get<number>('maxOutputTokens', 0))),
    firstByteTimeoutMs: seconds('timeouts.firstByteSeconds', 300),
    idleTimeoutMs: seconds('timeouts.idleSeconds', 120),
    maxRetries: Math.max(0, Math.min(10, Math.floor(c.get<number>('retries.max', 3)))),
  };
}

/**
 * Saves the user's model choice (the pickers call this) where it takes effect: in the workspace's
 * settings when the workspace sets grok.model (a user-level value would be hidden by it), else in
 * the user's. grok.model is window-scoped, so a folder's own value never applies and is not used.
 */
export async function saveModel(model: string): Promise<void> {
  const c = vscode.workspace.getConfiguration('grok');
  const inWorkspace = c.inspect<string>('model')?.workspaceValue !== undefined;
  await c.update('model', model, inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}

/** Whether the status bar item (model, spend, progress) shows. */
export function readStatusBarEnabled(): boolean {
  return vscode.workspace.getConfiguration('grok').get<boolean>('statusBar.enabled', true);
}

export function onConfigChange(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('grok')) listener();
  });
}

/** Trailing slashes would double up with the request paths. An empty value falls back to xAI. */
export function normaliseBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed || DEFAULT_BASE_URL;
}

/**
 * VS Code's own colour theme settings (not ours, so not in CONFIG_KEYS), for the chat's code colours:
 * the chosen theme, then the preferred ones that window.autoDetectColorScheme / autoDetectHighContrast
 * switch to. Names as the settings hold them: a theme's id, else its label.
 */
export function colorThemeNames(): string[] {
  const workbench = vscode.workspace.getConfiguration('workbench');
  return ['colorTheme', 'preferredDarkColorTheme', 'preferredLightColorTheme', 'preferredHighContrastColorTheme', 'preferredHighContrastLightColorTheme']
    .map((key) => workbench.get<unknown>(key))
    .filter((name): name is string => typeof name === 'string' && name !== '');
}
