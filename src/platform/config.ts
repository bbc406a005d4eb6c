// The only file that reads workspace configuration. Every key read here is declared in package.json
// (a unit test checks both directions).
import * as vscode from 'vscode';

export const DEFAULT_BASE_URL = 'https://api.x.ai/v1';

export interface GrokConfig {
  baseUrl: string;
  /** Empty: the newest general chat model the server lists (platform/modelChoice.ts). */
  model: string;
  /** 0 means "let the server decide": nothing is sent. */
  maxOutputTokens: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
  /** grok.responses.store: let xAI keep Responses API answers (off: nothing is kept on xAI's side). */
  responsesStore: boolean;
  /** grok.chat.api: 'auto' asks /responses and falls back where the server lacks it; or one API always. */
  chatApi: 'auto' | 'responses' | 'chatCompletions';
}

/** Keys under `grok.` that this file reads; package.json must declare each of them. */
export const CONFIG_KEYS = [
  'baseUrl',
  'model',
  'maxOutputTokens',
  'timeouts.firstByteSeconds',
  'timeouts.idleSeconds',
  'retries.max',
  'responses.store',
  'chat.api',
  'agent.defaultMode',
  'agent.maxSteps',
  'agent.maxCostUsd',
  'agent.allowedCommands',
  'agent.sensitiveFiles',
  'agent.autoApproveEdits',
  'agent.askBeforeReading',
  'agent.commandTimeoutSeconds',
  'tools.confirmSearch',
  'statusBar.enabled',
  'chat.instructions',
] as const;

export function readConfig(): GrokConfig {
  const c = vscode.workspace.getConfiguration('grok');
  const seconds = (key: string, fallback: number) => Math.max(1, c.get<number>(key, fallback)) * 1000;
  return {
    baseUrl: normaliseBaseUrl(c.get<string>('baseUrl', DEFAULT_BASE_URL)),
    model: c.get<string>('model', '').trim(),
    maxOutputTokens: Math.max(0, Math.floor(c.get<number>('maxOutputTokens', 0))),
    firstByteTimeoutMs: seconds('timeouts.firstByteSeconds', 300),
    idleTimeoutMs: seconds('timeouts.idleSeconds', 120),
    maxRetries: Math.max(0, Math.min(10, Math.floor(c.get<number>('retries.max', 3)))),
    responsesStore: c.get<boolean>('responses.store', false) === true,
    chatApi: chatApiOf(c.get<string>('chat.api', 'auto')),
  };
}

function chatApiOf(value: string): GrokConfig['chatApi'] {
  return value === 'responses' || value === 'chatCompletions' ? value : 'auto';
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

/** Whether Grok's search tools ask before each search another model wants to run (each one is billed). */
export function searchNeedsConfirmation(): boolean {
  return vscode.workspace.getConfiguration('grok').get<boolean>('tools.confirmSearch', true) !== false;
}

/** grok.chat.instructions: the user's own instructions, sent with every chat request (trimmed; empty: none). */
export function readChatInstructions(): string {
  const value = vscode.workspace.getConfiguration('grok').get<string>('chat.instructions', '');
  return typeof value === 'string' ? value.trim() : '';
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

/** The agent's settings (grok.agent.*), and the files.exclude globs that are switched on. */
export interface AgentConfig {
  defaultMode: 'chat' | 'ask' | 'agent';
  maxSteps: number;
  maxCostUsd: number;
  allowedCommands: string[];
  sensitiveFiles: string[];
  autoApproveEdits: boolean;
  askBeforeReading: boolean;
  commandTimeoutSeconds: number;
  filesExclude: string[];
}

export const DEFAULT_SENSITIVE_FILES = ['.env*', '*.pem', '*.key', 'id_rsa*', '.npmrc', '*.p12'];

export function readAgentConfig(scope?: vscode.ConfigurationScope): AgentConfig {
  const c = vscode.workspace.getConfiguration('grok', scope);
  const strings = (key: string, fallback: string[]) => {
    const value = c.get<unknown>(key, fallback);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : fallback;
  };
  const mode = c.get<string>('agent.defaultMode', 'chat');
  // files.exclude is VS Code's (not ours, so not in CONFIG_KEYS): {glob: true | {when}}; only plain true applies here.
  const exclude = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude', {});
  return {
    defaultMode: mode === 'ask' || mode === 'agent' ? mode : 'chat',
    maxSteps: Math.max(1, Math.floor(c.get<number>('agent.maxSteps', 50))),
    maxCostUsd: Math.max(0, c.get<number>('agent.maxCostUsd', 1)),
    allowedCommands: strings('agent.allowedCommands', []),
    sensitiveFiles: strings('agent.sensitiveFiles', DEFAULT_SENSITIVE_FILES),
    autoApproveEdits: c.get<boolean>('agent.autoApproveEdits', false) === true,
    askBeforeReading: c.get<boolean>('agent.askBeforeReading', false) === true,
    commandTimeoutSeconds: Math.max(1, Math.floor(c.get<number>('agent.commandTimeoutSeconds', 120))),
    filesExclude: Object.entries(exclude ?? {})
      .filter(([, on]) => on === true)
      .map(([glob]) => glob),
  };
}
