// The sanitiser: a strict allow-list that REBUILDS the page's nodes rather than filtering parsed ones.
// markdown-it (html: false) only ever emits a small, known set of tags, so the allow-list is short and
// easy to audit, and the same walk does what the page needs anyway: images become links (remote images
// are a data-exfiltration channel and are never fetched), links lose their href (clicks go to the host),
// table alignment is a class (see markdown.ts). DOMPurify would add ~30 KB and
// still need this walk, so it does not earn its bytes here.
//
// Parsing uses one document made by createHTMLDocument: like DOMParser's, it has no browsing context, so
// it is inert (no script runs, no resource is fetched), and it parses in the same body context. It is made
// once: a new DOMParser document per call cost about 0.2 ms, paid every frame a streamed block changes.
// No parsed node is ever inserted; only fresh elements created here, with checked attributes, reach the page.
import { safeHttpUrl } from './links';
import { s } from './strings';

// Elements copied as themselves (attributes handled per tag below). Anything else is shown as its text.
const ALLOWED = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'span',
  'em', 'strong', 's', 'del', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
]);
// Elements whose content is not text a reader should see.
const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'meta', 'link', 'base', 'frame', 'frameset']);

const HTML_NS = 'http://www.w3.org/1999/xhtml';

let inert: Document | undefined;

export function sanitizeHtml(html: string): DocumentFragment {
  inert ??= document.implementation.createHTMLDocument('');
  const body = inert.body;
  body.innerHTML = html;
  const out = document.createDocumentFragment();
  copyChildren(body, out);
  body.textContent = '';
  return out;
}

function copyChildren(from: Node, to: Node): void {
  for (let child = from.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode((child as Text).data));
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      copyElement(child as Element, to);
    }
    // Comments, processing instructions and the rest: dropped.
  }
}

function copyElement(el: Element, to: Node): void {
  const tag = el.namespaceURI === HTML_NS ? el.localName : '';
  if (tag === 'a') return void to.appendChild(link(el));
  if (tag === 'img') return void to.appendChild(imageAsLink(el.getAttribute('src') ?? '', el.getAttribute('alt') ?? ''));
  if (DROPPED.has(tag) || !tag) return;
  if (!ALLOWED.has(tag)) {
    to.appendChild(document.createTextNode(el.textContent ?? ''));
    return;
  }
  const copy = document.createElement(tag);
  switch (tag) {
    case 'ol': {
      const start = el.getAttribute('start');
      if (start && /^\d{1,9}$/.test(start)) copy.setAttribute('start', start);
      break;
    }
    case 'code':
      setClasses(copy, el, /^(language-[\w+#.-]{1,40}|hljs)$/);
      break;
    case 'span':
      // highlight.js scopes: "hljs-title function_", "hljs-meta prompt_", ...
      setClasses(copy, el, /^(hljs-[\w-]{1,40}|[a-z]{1,20}_+)$/);
      break;
    case 'th':
    case 'td':
      setClasses(copy, el, /^align-(left|right|center)$/);
      break;
  }
  copyChildren(el, copy);
  to.appendChild(copy);
}

function setClasses(copy: Element, el: Element, allowed: RegExp): void {
  const classes = Array.from(el.classList).filter((c) => allowed.test(c));
  if (classes.length) copy.className = classes.join(' ');
}

/**
 * A link the page never navigates: no href (so neither the page nor VS Code's webview shell follows it);
 * the checked http(s) URL rides in data-href and a click asks the host to open it. Anything else
 * (javascript:, data:, vbscript:, file:, relative) is shown as inert text with the target in a tooltip.
 */
function link(el: Element): HTMLElement {
  const raw = el.getAttribute('href') ?? '';
  const url = safeHttpUrl(raw);
  const out = url ? clickable(url, el.getAttribute('title')) : blocked(raw);
  copyChildren(el, out);
  return out;
}

function imageAsLink(src: string, alt: string): HTMLElement {
  const url = safeHttpUrl(src);
  const out = url ? clickable(url, null) : blocked(src);
  out.classList.add('md-image');
  const label = document.createElement('span');
  label.className = 'md-image-alt';
  label.textContent = s('image.markdown', alt.trim() || s('image.noDescription'));
  const where = document.createElement('span');
  where.className = 'md-image-url';
  where.textContent = ` (${shorten(url ?? src, 120)})`;
  out.append(label, where);
  return out;
}

function clickable(url: string, title: string | null): HTMLElement {
  const a = document.createElement('a');
  a.className = 'md-link';
  a.dataset.href = url;
  a.setAttribute('role', 'link');
  a.tabIndex = 0;
  a.title = title ? `${title}\n${url}` : url;
  return a;
}

function blocked(raw: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'md-link-blocked';
  span.title = s('link.notOpened', shorten(raw, 200));
  return span;
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
