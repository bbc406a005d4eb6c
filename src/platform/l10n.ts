// Hands the host's pure modules (errorView, the client's messages) VS Code's translator.
import * as vscode from 'vscode';
import { useTranslator } from './localise';

export function registerLocalisation(_context: vscode.ExtensionContext): void {
  useTranslator((message, ...args) => vscode.l10n.t(message, ...args));
}
