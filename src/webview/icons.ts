// Small line icons for the page's compact buttons. VS Code's codicon font is not loaded in webviews, and
// the CSP forbids inline styles, so each icon is an <svg> built through the DOM with presentation
// attributes only (stroke/fill in currentColor follow the button's text colour in every theme).
// The button that holds an icon always carries the accessible name (aria-label) and a tooltip.

const SVG = 'http://www.w3.org/2000/svg';

/** 16x16 path data; drawn with a 1.3 px stroke unless listed in FILLED. */
const PATHS = {
  copy: 'M5.5 5.5h7.5v8.5h-7.5z M3 10.5v-8h7.5',
  insert: 'M8 1.5v8 M4.8 6.5l3.2 3.2 3.2-3.2 M2.5 13.5h11',
  replace: 'M2.5 5h10 M9.8 2.2l2.8 2.8-2.8 2.8 M13.5 11h-10 M6.2 8.2l-2.8 2.8 2.8 2.8',
  newFile: 'M3.5 1.5h5.5l3.5 3.5v9.5h-9z M9 1.5v3.5h3.5 M8 7.5v5 M5.5 10h5',
  check: 'M2.5 8.5l3.5 3.5 7.5-8',
  edit: 'M10.5 2.5l3 3-8 8h-3v-3z M9 4l3 3',
  export: 'M8 10.5v-9 M4.8 4.7l3.2-3.2 3.2 3.2 M2.5 9v5h11v-5',
  trash: 'M2.5 4h11 M6 4v-2h4v2 M4 4l.8 10h6.4l.8-10 M6.6 6.5v5 M9.4 6.5v5',
  back: 'M13 8h-10 M7 4l-4 4 4 4',
  send: 'M1.8 2.2l12.4 5.8-12.4 5.8 2.2-5.8z M4 8h6',
  stop: 'M4 4h8v8h-8z',
  selection: 'M2 3h12 M2 6.5h7 M2 10h10 M2 13.5h5 M11.5 11.5h3.5 M13.25 9.75v3.5',
  file: 'M3.5 1.5h5.5l3.5 3.5v4 M9 1.5v3.5h3.5 M3.5 1.5v13h5 M11.5 11.5h3.5 M13.25 9.75v3.5',
  mention: 'M10.5 8a2.5 2.5 0 1 1-5 0 2.5 2.5 0 1 1 5 0 M10.5 6v3a1.8 1.8 0 0 0 3.5 0v-1a6 6 0 1 0-2.5 4.9',
  chevron: 'M4 6l4 4 4-4',
  close: 'M4 4l8 8 M12 4l-8 8',
  globe: 'M8 1.5a6.5 6.5 0 1 0 0.01 0 M1.5 8h13 M8 1.5c-2.3 2.4-2.3 10.6 0 13 M8 1.5c2.3 2.4 2.3 10.6 0 13',
  xLogo: 'M2.5 2.5h3.2l7.8 11h-3.2z M13.2 2.5l-4.6 5 M2.8 13.5l4.6-5',
  code: 'M5 4.5l-3.5 3.5 3.5 3.5 M11 4.5l3.5 3.5-3.5 3.5 M9.3 2.5l-2.6 11',
  image: 'M1.5 3h13v10h-13z M1.5 11l3.8-3.8 3 3 2.2-2.2 4 4 M10.8 5.2a1 1 0 1 0 0.01 0',
  sparkle: 'M7 1.5l1.4 4.1 4.1 1.4-4.1 1.4-1.4 4.1-1.4-4.1-4.1-1.4 4.1-1.4z M12.5 10.5l.6 1.9 1.9.6-1.9.6-.6 1.9-.6-1.9-1.9-.6 1.9-.6z',
} as const;

const FILLED: ReadonlySet<IconName> = new Set(['stop']);

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon-svg icon-${name}`);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  if (FILLED.has(name)) {
    path.setAttribute('fill', 'currentColor');
  } else {
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '1.3');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
  }
  svg.appendChild(path);
  return svg;
}

/**
 * A compact button: an icon, an optional visible text (which narrow layouts may hide with CSS), and the
 * accessible name and tooltip `label`.
 */
export function iconButton(name: IconName, label: string, onClick: (event: MouseEvent) => void, opts: { class?: string; text?: string } = {}): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `icon-button ${opts.class ?? ''}`.trim();
  b.setAttribute('aria-label', label);
  b.title = label;
  b.appendChild(icon(name));
  if (opts.text) {
    const span = document.createElement('span');
    span.className = 'icon-button-text';
    span.textContent = opts.text;
    b.appendChild(span);
  }
  b.addEventListener('click', onClick);
  return b;
}

/** Swaps a button's icon (Copy shows a tick for a moment). */
export function setIcon(b: Element, name: IconName): void {
  const old = b.querySelector(':scope > svg.icon-svg');
  const next = icon(name);
  if (old) old.replaceWith(next);
  else b.prepend(next);
}
