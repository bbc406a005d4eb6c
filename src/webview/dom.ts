// A tiny element builder. Everything the page shows is built through it (or through the sanitiser),
// so no markup string ever reaches innerHTML and no handler is ever written inline.

export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  /** Set with setAttribute; never `style` or `on*` (CSP forbids inline styles, handlers go through `on`). */
  attrs?: Record<string, string>;
  text?: string;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (name === 'style' || name.startsWith('on')) throw new Error(`refusing attribute ${name}`);
      el.setAttribute(name, value);
    }
  }
  if (props.text !== undefined) el.textContent = props.text;
  if (props.on) {
    for (const [type, listener] of Object.entries(props.on)) {
      el.addEventListener(type, listener as EventListener);
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A plain `<button type="button">`; `label` is the accessible name when the visible text is terse. */
export function button(text: string, onClick: (event: MouseEvent) => void, opts: { class?: string; label?: string; title?: string } = {}): HTMLButtonElement {
  const attrs: Record<string, string> = { type: 'button' };
  if (opts.label) attrs['aria-label'] = opts.label;
  if (opts.title ?? opts.label) attrs.title = opts.title ?? opts.label ?? '';
  return h('button', { class: opts.class ?? 'secondary', attrs, text, on: { click: onClick } });
}

export function clear(el: Element): void {
  while (el.lastChild) el.removeChild(el.lastChild);
}
