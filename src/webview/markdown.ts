// Markdown for model output: markdown-it with raw HTML off (tags in the answer show as text), bare URLs
// linkified, fences highlighted. Output always goes through the sanitiser before it touches the page.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { decorateCodeBlocks } from './codeBlocks';
import { highlightCode } from './highlight';
import { sanitizeHtml } from './sanitize';

export const md = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight: (code, lang) => highlightCode(code, lang),
});
// A bare address becomes a mailto: link, which the page would only show as blocked; leave it text.
md.linkify.set({ fuzzyEmail: false });

/**
 * The user's own messages: the same rules, except that a line break they typed stays a line break
 * (people write questions line by line, not as Markdown paragraphs).
 */
const userMd = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true, highlight: (code, lang) => highlightCode(code, lang) });
userMd.linkify.set({ fuzzyEmail: false });

// markdown-it aligns table cells with a style attribute, which the CSP forbids (even parsing one in an
// inert document is reported as a violation). Carry the alignment as a class instead.
for (const it of [md, userMd]) it.core.ruler.push('align_as_class', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'inline' && token.attrs) {
      const style = token.attrGet('style');
      const align = style !== null && /text-align:\s*(left|right|center)/.exec(String(style));
      if (style !== null) token.attrs = token.attrs.filter(([name]) => name !== 'style');
      if (align) token.attrJoin('class', `align-${align[1]}`);
    }
  }
});

/** markdown-it's parse/render environment (collects reference definitions). */
export type Env = Record<string, unknown>;

export function parse(source: string, env: Env): Token[] {
  return md.parse(source, env);
}

/** The reference definitions in `source` (block-level parse only, no inline work). */
export function collectReferences(source: string): Record<string, unknown> {
  const env: Env = {};
  md.block.parse(source, md, env, []);
  return (env.references as Record<string, unknown> | undefined) ?? {};
}

export function renderTokens(tokens: Token[], env: Env): string {
  return md.renderer.render(tokens, md.options, env);
}

export function renderHtml(source: string): string {
  return md.render(source);
}

/** A user message as HTML (still to go through htmlToNodes, which sanitises it). */
export function renderUserHtml(source: string): string {
  return userMd.render(source);
}

/** HTML from markdown-it into page nodes: sanitised (rebuilt from an allow-list), code blocks decorated. */
export function htmlToNodes(html: string): Node[] {
  const fragment = sanitizeHtml(html);
  decorateCodeBlocks(fragment);
  return Array.from(fragment.childNodes);
}

/**
 * Top-level blocks of a token stream: each is the token range of one top-level construct (paragraph,
 * list, fence, table, ...) and the source line it starts on.
 */
export interface Block {
  start: number;
  end: number;
  line: number;
}

export function topLevelBlocks(tokens: Token[]): Block[] {
  const blocks: Block[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (depth === 0) blocks.push({ start: i, end: i + 1, line: t.map ? t.map[0] : -1 });
    else blocks[blocks.length - 1].end = i + 1;
    depth += t.nesting;
  }
  return blocks;
}
