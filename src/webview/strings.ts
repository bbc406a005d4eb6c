// The page's fixed strings: English (shared/pageStrings.ts) until the host's `strings` message brings
// the user's language. s('key', …) fills {0}, {1}… with the values given.
import { PAGE_STRINGS, type PageStringKey } from '../shared/pageStrings';

const current: Record<string, string> = { ...PAGE_STRINGS };
/** VS Code's display language (from the host), for numbers; the browser's own until it arrives. */
let locale: string | undefined;

export function s(key: PageStringKey, ...args: Array<string | number>): string {
  return current[key].replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

/** Takes the host's table: known keys with string values only; anything else keeps its English. */
export function setPageStrings(table: Record<string, unknown>, language?: string): void {
  for (const key of Object.keys(PAGE_STRINGS)) {
    const value = table[key];
    if (typeof value === 'string' && value.trim()) current[key] = value;
  }
  if (language && isLocale(language)) locale = language;
}

/** The locale numbers are written in (undefined: the browser's). */
export function pageLocale(): string | undefined {
  return locale;
}

function isLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}
