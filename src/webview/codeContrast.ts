// Code colours that read: every highlight class gets at least WCAG AA contrast (4.5:1) against the code
// block's background. Themes and the page's fallbacks sometimes fall short (Dark Modern's keyword blue
// on the chat's code background is 4.35:1; several light-theme colours are near 3:1), so a colour that
// does is moved toward black (light background) or white (dark background), keeping its hue, just far
// enough. Measured from the computed styles of an off-screen probe block, so it follows whatever the
// theme's variables and the host's token colours say; re-run when either changes.
const PREFIX = '--grok-token-';
const MIN_RATIO = 4.5;

/** Token keys (as in protocol.ts's TokenColorKey) and the highlight.js classes that show them. */
const PROBES: [key: string, classes: string][] = [
  ['keyword', 'hljs-keyword'], ['built-in', 'hljs-built_in'], ['type', 'hljs-type'], ['literal', 'hljs-literal'],
  ['number', 'hljs-number'], ['string', 'hljs-string'], ['regexp', 'hljs-regexp'], ['comment', 'hljs-comment'],
  ['doctag', 'hljs-doctag'], ['title', 'hljs-title'], ['title-function', 'hljs-title function_'], ['title-class', 'hljs-title class_'],
  ['attr', 'hljs-attr'], ['attribute', 'hljs-attribute'], ['variable', 'hljs-variable'], ['params', 'hljs-params'],
  ['property', 'hljs-property'], ['operator', 'hljs-operator'], ['meta', 'hljs-meta'], ['symbol', 'hljs-symbol'],
  ['bullet', 'hljs-bullet'], ['tag', 'hljs-tag'], ['name', 'hljs-name'], ['selector-tag', 'hljs-selector-tag'],
  ['selector-class', 'hljs-selector-class'], ['selector-id', 'hljs-selector-id'], ['selector-pseudo', 'hljs-selector-pseudo'],
  ['section', 'hljs-section'], ['quote', 'hljs-quote'], ['addition', 'hljs-addition'], ['deletion', 'hljs-deletion'],
];

let probe: HTMLElement | undefined;
/** Keys this module set (not the theme): cleared before measuring again. */
let adjusted = new Set<string>();
let lastSignature = '';

/**
 * Measures every class and raises the ones below 4.5:1. `themeColors` are the host's colours now set on
 * the root (they are put back before measuring, so a second run starts from the theme, not from itself).
 */
export function enforceCodeContrast(themeColors: ReadonlyMap<string, string>, root: HTMLElement = document.documentElement): void {
  for (const key of adjusted) {
    const theme = themeColors.get(key);
    if (theme) root.style.setProperty(PREFIX + key, theme);
    else root.style.removeProperty(PREFIX + key);
  }
  adjusted = new Set();
  const block = ensureProbe();
  const bg = background(block);
  if (!bg) return;
  const spans = Array.from(block.querySelectorAll<HTMLElement>('span[data-key]'));
  for (const span of spans) {
    const fg = parseColor(getComputedStyle(span).color);
    if (!fg) continue;
    const shown = over(fg, bg);
    if (ratio(shown, bg) >= MIN_RATIO) continue;
    const fixed = raise(shown, bg);
    root.style.setProperty(PREFIX + span.dataset.key, toHex(fixed));
    adjusted.add(span.dataset.key!);
  }
  lastSignature = signature(block);
}

/** Runs `enforce` again when the theme's variables change (VS Code rewrites the root's style). */
export function watchThemeForContrast(enforce: () => void): void {
  const observer = new MutationObserver(() => {
    // Our own property writes change the style attribute too: act only when the background moved.
    if (probe && signature(probe) !== lastSignature) enforce();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

function ensureProbe(): HTMLElement {
  if (probe?.isConnected) return probe;
  const block = document.createElement('div');
  block.className = 'code-block contrast-probe';
  block.setAttribute('aria-hidden', 'true');
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  code.className = 'hljs';
  for (const [key, classes] of PROBES) {
    const span = document.createElement('span');
    span.className = classes;
    span.dataset.key = key;
    span.textContent = 'x';
    code.appendChild(span);
  }
  pre.appendChild(code);
  block.appendChild(pre);
  document.body.appendChild(block);
  probe = block;
  return block;
}

function signature(block: HTMLElement): string {
  return `${getComputedStyle(document.body).backgroundColor}|${getComputedStyle(block).backgroundColor}|${getComputedStyle(block.querySelector('code')!).color}|${document.body.className}`;
}

type Rgba = [number, number, number, number];

function background(block: HTMLElement): Rgba | undefined {
  const page = parseColor(getComputedStyle(document.body).backgroundColor);
  const own = parseColor(getComputedStyle(block).backgroundColor);
  if (!page && !own) return undefined;
  const base: Rgba = page && page[3] > 0 ? [page[0], page[1], page[2], 1] : [255, 255, 255, 1];
  return own ? over(own, base) : base;
}

export function parseColor(css: string): Rgba | undefined {
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) return undefined;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  if (parts.length < 3 || parts.some((n) => Number.isNaN(n))) return undefined;
  return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
}

function over(fg: Rgba, bg: Rgba): Rgba {
  const a = fg[3];
  return [fg[0] * a + bg[0] * (1 - a), fg[1] * a + bg[1] * (1 - a), fg[2] * a + bg[2] * (1 - a), 1];
}

function luminance(c: Rgba): number {
  const f = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}

export function ratio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour moved toward black or white (whichever the background is farther from) until it reads. */
function raise(fg: Rgba, bg: Rgba): Rgba {
  const target = luminance(bg) > 0.18 ? 0 : 255;
  let best = fg;
  for (let t = 0.05; t <= 1.0001; t += 0.05) {
    best = [fg[0] + (target - fg[0]) * t, fg[1] + (target - fg[1]) * t, fg[2] + (target - fg[2]) * t, 1];
    if (ratio(best, bg) >= MIN_RATIO + 0.05) break;
  }
  return best;
}

function toHex(c: Rgba): string {
  return `#${c
    .slice(0, 3)
    .map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0'))
    .join('')}`;
}
