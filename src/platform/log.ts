// One LogOutputChannel, "Grok", for the whole extension. Lines never contain the API key:
// redact() runs on every message as a last guard, in case a server echoes a key back.
import * as vscode from 'vscode';
import { redact } from '../xai/redact';

let channel: vscode.LogOutputChannel | undefined;

export function registerLog(context: vscode.ExtensionContext): void {
  channel = vscode.window.createOutputChannel('Grok', { log: true });
  context.subscriptions.push(channel);
}

export function log(): vscode.LogOutputChannel {
  if (!channel) throw new Error('registerLog() must run first');
  return channel;
}

export function showLog(): void {
  channel?.show(true);
}

/** Logs with the key masked, whatever the message holds. */
export function info(message: string): void {
  log().info(redact(message));
}

export function warn(message: string): void {
  log().warn(redact(message));
}

export function error(message: string): void {
  log().error(redact(message));
}
