// Messages as VS Code's localisation takes them: an English template with {0}, {1}… placeholders and
// its arguments. Import-free, so the client (no vscode), the host and the page share it; the host
// passes vscode.l10n.t as `t`, the log and the tests use `english`.

/** vscode.l10n.t's shape: a message with {0}, {1}… placeholders, and their values. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills the placeholders of the message as written (English). */
export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

/**
 * A message kept as its template and arguments, so it can be shown translated while the log keeps the
 * English. An argument is a value (a host name, the server's own words) or a message of its own.
 */
export interface Localisable {
  message: string;
  args: Array<string | number | Localisable>;
}

export function say(message: string, ...args: Array<string | number | Localisable>): Localisable {
  return { message, args };
}

/** The message in the language `t` speaks, its message arguments translated too. */
export function render(text: Localisable, t: Translate = english): string {
  return t(text.message, ...text.args.map((a) => (typeof a === 'object' ? render(a, t) : a)));
}
