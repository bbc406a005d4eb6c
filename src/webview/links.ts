// Links in model output. The page never navigates: a click (or Enter) on a checked http(s) link posts
// `openLink` and the host opens it after its own check. Nothing else is clickable.
import type { Post } from './vscodeApi';

/** The URL, normalised, when it is an absolute http(s) URL; undefined for everything else. */
export function safeHttpUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

export function installLinkHandling(root: HTMLElement, post: Post): void {
  const open = (event: Event) => {
    const target = event.target instanceof Element ? event.target.closest('a, .md-link') : null;
    if (!target || !root.contains(target)) return;
    event.preventDefault();
    const href = target instanceof HTMLElement ? target.dataset.href : undefined;
    const url = href ? safeHttpUrl(href) : undefined;
    if (url) post({ type: 'openLink', href: url });
  };
  root.addEventListener('click', open);
  // Middle click would otherwise be a second way to follow an anchor.
  root.addEventListener('auxclick', (event) => {
    if (event.target instanceof Element && event.target.closest('a')) event.preventDefault();
  });
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target instanceof Element && event.target.matches('.md-link')) open(event);
  });
}
