// The only file that touches context.secrets. The key lives in SecretStorage; without one there,
// the XAI_API_KEY environment variable is used. The key is never logged, shown, or sent to the webview.
import * as vscode from 'vscode';

const SECRET_ID = 'grok.apiKey';

export type KeySource = 'secretStorage' | 'environment';

export interface ApiKey {
  value: string;
  source: KeySource;
}

let secrets: vscode.SecretStorage | undefined;
const changed = new vscode.EventEmitter<void>();

/** Fires when the stored key is set or removed (also from another window). */
export const onDidChangeApiKey = changed.event;

export function registerSecrets(context: vscode.ExtensionContext): void {
  secrets = context.secrets;
  context.subscriptions.push(
    changed,
    context.secrets.onDidChange((e) => {
      if (e.key === SECRET_ID) changed.fire();
    }),
  );
}

export async function getApiKey(): Promise<ApiKey | undefined> {
  const stored = (await store().get(SECRET_ID))?.trim();
  if (stored) return { value: stored, source: 'secretStorage' };
  const env = process.env.XAI_API_KEY?.trim();
  if (env) return { value: env, source: 'environment' };
  return undefined;
}

export async function storeApiKey(key: string): Promise<void> {
  await store().store(SECRET_ID, key.trim());
}

export async function deleteApiKey(): Promise<void> {
  await store().delete(SECRET_ID);
}

function store(): vscode.SecretStorage {
  if (!secrets) throw new Error('registerSecrets() must run before the key is used');
  return secrets;
}
