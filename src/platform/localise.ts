// The host's translator for code that must not import vscode (so it is unit-tested under Node): English
// until activation hands it vscode.l10n.t (registerLocalisation). Log lines never go through it.
import { english, render, type Localisable, type Translate } from '../shared/localise';

let current: Translate = english;

/** vscode.l10n.t once the extension is active, English before (and in unit tests). */
export const t: Translate = (message, ...args) => current(message, ...args);

/** A client message (or plain text, which has no template to translate) in the user's language. */
export function localised(text: Localisable | string): string {
  return typeof text === 'string' ? text : render(text, t);
}

export function useTranslator(translate: Translate): void {
  current = translate;
}
