// Code blocks get a toolbar: Copy, Insert at cursor, Replace selection, Open in new file. The toolbar is
// added while a rendered block is turned into nodes, so a streamed answer and a one-shot render build
// the same DOM. The code sent is the fence's text exactly (read back from the DOM, which holds it
// unescaped), minus the line break before the closing fence.
import type { WebviewMessage } from '../protocol';
import { vscodeLanguageId } from './highlight';
import { icon, setIcon, type IconName } from './icons';
import type { Post } from './vscodeApi';
import { s } from './strings';

type CodeAction = Extract<WebviewMessage['type'], 'copyCode' | 'insertCode' | 'replaceSelection' | 'openInNewFile'>;

// Icon buttons (one row at any width): the accessible name and the tooltip say what each does.
const ACTIONS = (): { action: CodeAction; icon: IconName; label: string }[] => ([
  { action: 'copyCode', icon: 'copy', label: s('code.copy') },
  { action: 'insertCode', icon: 'insert', label: s('code.insert') },
  { action: 'replaceSelection', icon: 'replace', label: s('code.replace') },
  { action: 'openInNewFile', icon: 'newFile', label: s('code.newFile') },
]);

export function decorateCodeBlocks(root: DocumentFragment): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.firstElementChild;
    if (!code || code.localName !== 'code') continue;
    const lang = fenceLanguage(code);
    const wrapper = document.createElement('div');
    wrapper.className = 'code-block';
    const toolbar = document.createElement('div');
    toolbar.className = 'code-toolbar';
    const name = document.createElement('span');
    name.className = 'code-lang';
    name.textContent = lang ?? '';
    toolbar.appendChild(name);
    for (const { action, icon: name, label } of ACTIONS()) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'code-action icon-button';
      b.dataset.codeAction = action;
      b.appendChild(icon(name));
      b.setAttribute('aria-label', label);
      b.title = label;
      toolbar.appendChild(b);
    }
    pre.replaceWith(wrapper);
    wrapper.append(toolbar, pre);
  }
}

/**
 * Brings a decorated code block up to date with a fresh render of the same block, in place: the
 * toolbar, its buttons and the <pre> (with its scroll position) stay the same elements, only the code
 * inside changes. False, and nothing touched, when either node is not a decorated code block.
 */
export function patchCodeBlock(old: Node, fresh: Node): boolean {
  const oldCode = codeElement(old);
  const newCode = codeElement(fresh);
  if (!oldCode || !newCode) return false;
  if (oldCode.className !== newCode.className) oldCode.className = newCode.className;
  oldCode.replaceChildren(...Array.from(newCode.childNodes));
  const oldLang = (old as Element).querySelector('.code-lang');
  const lang = (fresh as Element).querySelector('.code-lang')?.textContent ?? '';
  if (oldLang && oldLang.textContent !== lang) oldLang.textContent = lang;
  return true;
}

function codeElement(node: Node): Element | null {
  return node instanceof HTMLElement && node.classList.contains('code-block') ? node.querySelector(':scope > pre > code') : null;
}

function fenceLanguage(code: Element): string | undefined {
  for (const c of Array.from(code.classList)) if (c.startsWith('language-')) return c.slice('language-'.length);
  return undefined;
}

/** The exact code of a decorated block. */
export function codeOf(block: Element): string {
  const text = block.querySelector('pre > code')?.textContent ?? '';
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

export function installCodeBlockActions(root: HTMLElement, post: Post): void {
  root.addEventListener('click', (event) => {
    const b = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-code-action]') : null;
    const block = b?.closest('.code-block');
    if (!b || !block || !root.contains(b)) return;
    const code = codeOf(block);
    switch (b.dataset.codeAction as CodeAction) {
      case 'copyCode':
        post({ type: 'copyCode', code });
        flashCopied(b);
        break;
      case 'insertCode':
        post({ type: 'insertCode', code });
        break;
      case 'replaceSelection':
        post({ type: 'replaceSelection', code });
        break;
      case 'openInNewFile': {
        const codeEl = block.querySelector('pre > code');
        const fence = codeEl ? fenceLanguage(codeEl) : undefined;
        const language = fence ? vscodeLanguageId(fence) : undefined;
        post(language ? { type: 'openInNewFile', code, language } : { type: 'openInNewFile', code });
        break;
      }
    }
  });
}

// Brief feedback on the button itself (a tick and the tooltip "Copied"); the host copies, the page
// cannot see the clipboard. The accessible name stays "Copy code" so the button is found the same way.
function flashCopied(b: HTMLButtonElement): void {
  window.clearTimeout(Number(b.dataset.copiedTimer ?? 0));
  b.classList.add('copied');
  b.title = s('code.copied');
  setIcon(b, 'check');
  b.dataset.copiedTimer = String(
    window.setTimeout(() => {
      b.classList.remove('copied');
      b.title = b.getAttribute('aria-label') ?? '';
      setIcon(b, 'copy');
    }, 1500),
  );
}
