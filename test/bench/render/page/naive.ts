// The baseline renderer for the render benchmarks: what a chat page without incremental rendering does,
// re-rendering the whole answer on every delta with the page's own Markdown setup (markdown-it with the
// same options and rules, the same sanitiser and code-block decoration: src/webview/markdown.ts). Built
// into its own bundle and evaluated in the page for baseline runs only; never part of the product.
import { htmlToNodes, renderHtml } from '../../../../src/webview/markdown';

interface Naive {
  /** Renders every `delta` message for `id` by re-rendering the whole text so far. */
  install(id: string): void;
  /** One naive render of `text` (what the naive renderer does on a delta at that point); its script ms. */
  renderOnce(text: string): number;
  clear(): void;
}

declare global {
  interface Window {
    __naive: Naive;
  }
}

let body: HTMLElement | undefined;

function container(): HTMLElement {
  if (body?.isConnected) return body;
  const list = document.querySelector('.messages') ?? document.body;
  const article = document.createElement('article');
  article.className = 'message assistant';
  body = document.createElement('div');
  body.className = 'markdown-body';
  article.appendChild(body);
  list.appendChild(article);
  return body;
}

function render(text: string): void {
  container().replaceChildren(...htmlToNodes(renderHtml(text)));
}

window.__naive = {
  install(id) {
    let text = '';
    window.addEventListener('message', (e: MessageEvent) => {
      const d = e.data as { type?: string; messageId?: string; text?: string } | null;
      if (d?.type !== 'delta' || d.messageId !== id || !d.text) return;
      text += d.text;
      render(text);
    });
  },
  renderOnce(text) {
    const s = performance.now();
    render(text);
    return performance.now() - s;
  },
  clear() {
    body?.closest('article')?.remove();
    body = undefined;
  },
};
