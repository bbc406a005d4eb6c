// The parts of an answer besides its text: live cards while Grok searches or runs code (updated in
// place by id), the numbered Sources list its citation markers point to, and images. Everything
// is text nodes: a query, code or output never becomes markup, and a source is a link only through the
// host's http(s) check (links.ts).
import type { ImagePart, ServerToolPart, Source } from '../protocol';
import { sourceTitle } from '../shared/messageParts';
import { button, clear, h } from './dom';
import { safeHttpUrl } from './links';
import type { Post } from './vscodeApi';
import { s } from './strings';

const SEARCH_LABELS = (): Record<string, [running: string, done: string]> => ({
  web_search: [s('tool.searchingWeb'), s('tool.searchedWeb')],
  x_search: [s('tool.searchingX'), s('tool.searchedX')],
  code_execution: [s('tool.runningCode'), s('tool.ranCode')],
});

/** The card's headline: "Searching the web: rust borrow checker" while it runs, "Searched …" once done. */
export function toolHeadline(part: ServerToolPart, streaming: boolean): string {
  const [running, done] = SEARCH_LABELS()[part.kind] ?? [s('tool.using', part.kind.replace(/_/g, ' ')), s('tool.used', part.kind.replace(/_/g, ' '))];
  const finished = part.status === 'completed' || part.status === 'failed' || !streaming;
  let label = finished ? done : running;
  if (part.status === 'failed') label = s('tool.failed', label);
  else if (!streaming && part.status !== 'completed') label = s('tool.interrupted', label);
  return part.query ? `${label}: ${part.query}` : label;
}

/** One card per server tool call; `update` redraws it in place when a later event of the call arrives. */
export class ToolCard {
  readonly el: HTMLElement;
  private part: ServerToolPart;

  constructor(part: ServerToolPart, streaming: boolean) {
    this.part = part;
    this.el = h('div', { class: 'tool-card', attrs: { 'data-tool': part.kind, 'data-part-id': part.id, role: 'status' } });
    this.render(streaming);
  }

  get id(): string {
    return this.part.id;
  }

  update(part: ServerToolPart, streaming: boolean): void {
    this.part = part;
    this.render(streaming);
  }

  render(streaming: boolean): void {
    const p = this.part;
    clear(this.el);
    const running = streaming && p.status !== 'completed' && p.status !== 'failed';
    this.el.classList.toggle('running', running);
    this.el.classList.toggle('failed', p.status === 'failed');
    const headline = h('span', { class: 'tool-card-title', text: toolHeadline(p, streaming) });
    if (p.code === undefined && p.output === undefined) {
      this.el.append(h('span', { class: running ? 'tool-card-icon codicon-spin' : 'tool-card-icon', attrs: { 'aria-hidden': 'true' }, text: running ? '◌' : p.status === 'completed' ? '✓' : '!' }), headline);
      return;
    }
    // Code execution: the code and its output, collapsed once done (the answer is what matters then).
    const details = h('details', { class: 'tool-card-details' });
    details.open = running;
    details.append(h('summary', {}, headline));
    if (p.code !== undefined) details.append(h('div', { class: 'tool-card-label', text: s('tool.code') }), h('pre', { class: 'tool-card-code' }, h('code', { text: p.code })));
    if (p.output !== undefined) details.append(h('div', { class: 'tool-card-label', text: s('tool.output') }), h('pre', { class: 'tool-card-output' }, h('code', { text: p.output })));
    this.el.append(details);
  }
}

/** "example.com", or "@handle" for a post on X. */
export function sourceLabel(source: Source): string {
  try {
    const url = new URL(source.url);
    const host = url.hostname.replace(/^www\./, '');
    if (host === 'x.com' || host === 'twitter.com') {
      const handle = url.pathname.split('/')[1];
      if (handle && handle !== 'i' && handle !== 'search') return `@${handle}`;
    }
    return host;
  } catch {
    return source.url.slice(0, 60);
  }
}

/** The numbered Sources list: [n] title · domain, each opening through the host. */
export function sourcesList(sources: readonly Source[]): HTMLElement {
  const list = h('ol', { class: 'sources-list' });
  sources.forEach((s, i) => {
    const url = safeHttpUrl(s.url);
    const label = sourceLabel(s);
    const title = sourceTitle(s) ?? label;
    const link = url
      ? h('a', { class: 'md-link source-link', attrs: { role: 'link', tabindex: '0', title: url, 'data-href': url } }, title)
      : h('span', { class: 'md-link-blocked', attrs: { title: s.url }, text: title });
    const where = sourceTitle(s) ? h('span', { class: 'source-where', text: ` · ${label}` }) : null;
    list.append(h('li', { attrs: { 'data-source': String(i + 1) } }, h('span', { class: 'source-number', text: `[${i + 1}]` }), ' ', link, where));
  });
  return h('section', { class: 'sources', attrs: { 'aria-label': s('sources.title') } }, h('div', { class: 'sources-title', text: s('sources.title') }), list);
}

/**
 * Turns the answer's links to its sources into numbered markers ([n], as in the Sources list). Inline
 * citations arrive as [[1]](url) or [1](url); a link to a source with other text keeps its text and
 * gets the marker after it.
 */
export function markCitations(body: HTMLElement, sources: readonly Source[]): number {
  if (!sources.length) return 0;
  const numberOf = new Map<string, number>();
  sources.forEach((s, i) => {
    const url = safeHttpUrl(s.url);
    if (url && !numberOf.has(url)) numberOf.set(url, i + 1);
  });
  let marked = 0;
  for (const a of body.querySelectorAll<HTMLElement>('a.md-link')) {
    const n = a.dataset.href ? numberOf.get(a.dataset.href) : undefined;
    if (n === undefined || a.classList.contains('citation-marker')) continue;
    const title = sourceTitle(sources[n - 1]) ?? sourceLabel(sources[n - 1]);
    if (/^\s*\[?\d+\]?\s*$/.test(a.textContent ?? '')) {
      a.textContent = `[${n}]`;
      a.classList.add('citation-marker');
      a.setAttribute('aria-label', s('sources.item', n, title));
    } else {
      const marker = h('a', { class: 'md-link citation-marker', attrs: { role: 'link', tabindex: '0', 'data-href': a.dataset.href ?? '', 'aria-label': s('sources.item', n, title), title } }, `[${n}]`);
      a.after(marker);
    }
    marked++;
  }
  // Plain "[[1]]" text left by a renderer that did not make it a link (no URL after it) stays as it is.
  return marked;
}

/** An image in a message: the picture (from the host's data: URL), with Save As… and Copy. */
export function imageFigure(part: ImagePart, messageId: string, post: Post, withActions: boolean): HTMLElement {
  const label = part.origin === 'generated' ? (part.prompt ? s('image.generatedWith', part.prompt) : s('image.generated')) : part.name ? s('image.attachedWith', part.name) : s('image.attached');
  const picture = part.dataUrl?.startsWith('data:image/')
    ? h('img', { class: 'message-image', attrs: { src: part.dataUrl, alt: label } })
    : h('div', { class: 'message-image missing', text: s('image.missing', label) });
  const actions = withActions && part.dataUrl
    ? h(
        'div',
        { class: 'image-actions' },
        button(s('image.saveAs'), () => post({ type: 'saveImage', messageId, imageId: part.id }), { class: 'icon-text', label: s('image.saveAsLabel') }),
        button(s('image.copy'), () => post({ type: 'copyImage', messageId, imageId: part.id }), { class: 'icon-text', label: s('image.copyLabel') }),
      )
    : null;
  return h('figure', { class: `image-part ${part.origin}`, attrs: { 'data-image-id': part.id } }, picture, actions);
}
