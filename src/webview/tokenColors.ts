// The theme's code colours, applied as CSS custom properties on the root element through the CSSOM (the
// CSP forbids style attributes in markup and <style> elements, not this). media/chat.css reads them as
// `var(--grok-token-<key>, <fallback>)`, so a class the host did not send keeps its fallback colour.
// Only hex colours under known-shaped keys get through: the value lands in a stylesheet, so nothing
// else (url(), var(), expressions) may.
const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const KEY = /^[a-z][a-z-]{0,30}$/;
const MAX_KEYS = 64;
const PREFIX = '--grok-token-';

import { enforceCodeContrast, watchThemeForContrast } from './codeContrast';

let applied = new Map<string, string>();
let watching = false;

/** Replaces the colours set before: a class missing from `colors` goes back to its fallback. */
export function applyTokenColors(colors: Record<string, unknown>, root: HTMLElement = document.documentElement): void {
  const next = new Map<string, string>();
  for (const [key, value] of Object.entries(colors).slice(0, MAX_KEYS)) {
    if (!KEY.test(key) || typeof value !== 'string' || !HEX_COLOR.test(value)) continue;
    root.style.setProperty(PREFIX + key, value);
    next.set(key, value);
  }
  for (const key of applied.keys()) if (!next.has(key)) root.style.removeProperty(PREFIX + key);
  applied = next;
  ensureReadableCode();
}

/** Every code colour at 4.5:1 or more on the code background (codeContrast.ts), now and on theme changes. */
export function ensureReadableCode(): void {
  enforceCodeContrast(applied);
  if (!watching) {
    watching = true;
    watchThemeForContrast(() => enforceCodeContrast(applied));
  }
}
