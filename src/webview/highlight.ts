// Syntax highlighting for fenced code: highlight.js core with a fixed set of common languages only,
// because every grammar costs bundle bytes (the webview budget is 350 KB minified). Fences in other
// languages, or with no language, render as plain escaped text. No auto-detection: it would run every
// grammar against the open block once per frame while an answer streams.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const grammars = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, plaintext, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, grammar] of Object.entries(grammars)) hljs.registerLanguage(name, grammar);

/** Highlighted HTML (escaped text in hljs spans) or '' to let markdown-it escape the code itself. */
export function highlightCode(code: string, lang: string): string {
  if (!lang || !hljs.getLanguage(lang)) return '';
  try {
    return growing ? highlightGrowing(code, lang) : whole(code, lang).value;
  } catch {
    return '';
  }
}

/**
 * Renders with `render` a block that is still streaming (it is rendered again, whole, before it is
 * frozen, so what stays in the page is always the one-shot highlighting). Its code is highlighted from
 * the lines it had in the last frame on: a growing code block was highlighted whole every frame, the
 * largest cost of a streamed answer after parsing.
 */
export function renderGrowing<T>(render: () => T): T {
  growing = true;
  try {
    return render();
  } finally {
    growing = false;
  }
}

let growing = false;
/** The start of the growing block's code, up to a line end where the highlighter was back at its top level, and its HTML. */
let kept: { lang: string; code: string; html: string } | undefined;
/** Lines are added to `kept` once this much code follows it (each addition highlights those lines once more). */
const KEEP_EVERY = 128;

function whole(code: string, lang: string) {
  return hljs.highlight(code, { language: lang, ignoreIllegals: true });
}

function highlightGrowing(code: string, lang: string): string {
  if (!kept || kept.lang !== lang || !code.startsWith(kept.code)) kept = { lang, code: '', html: '' };
  const rest = code.slice(kept.code.length);
  const cut = rest.lastIndexOf('\n') + 1;
  if (cut >= KEEP_EVERY) {
    const lines = whole(rest.slice(0, cut), lang);
    // Highlighting can go on from a line end only where no comment, string or other span is still open.
    if (!lines.illegal && !(lines as { _top?: { parent?: unknown } })._top?.parent) {
      kept = { lang, code: kept.code + rest.slice(0, cut), html: kept.html + lines.value };
      return kept.html + whole(rest.slice(cut), lang).value;
    }
  }
  return kept.html + whole(rest, lang).value;
}

// Fence names (and hljs aliases) mapped to VS Code language ids, for "Open in new file".
const vscodeIds: Record<string, string> = {
  ts: 'typescript', typescript: 'typescript', tsx: 'typescriptreact', mts: 'typescript', cts: 'typescript',
  js: 'javascript', javascript: 'javascript', jsx: 'javascriptreact', mjs: 'javascript', cjs: 'javascript',
  json: 'json', jsonc: 'jsonc', py: 'python', python: 'python', sh: 'shellscript', bash: 'shellscript',
  zsh: 'shellscript', shell: 'shellscript', console: 'shellscript', css: 'css', scss: 'scss', html: 'html',
  xml: 'xml', svg: 'xml', md: 'markdown', markdown: 'markdown', go: 'go', golang: 'go', rs: 'rust', rust: 'rust',
  java: 'java', c: 'c', h: 'c', cpp: 'cpp', 'c++': 'cpp', cc: 'cpp', hpp: 'cpp', cs: 'csharp', csharp: 'csharp',
  'c#': 'csharp', yaml: 'yaml', yml: 'yaml', sql: 'sql', diff: 'diff', patch: 'diff', text: 'plaintext',
  txt: 'plaintext', plaintext: 'plaintext',
};

/** The VS Code language id for a fence's language, or the fence name itself when it looks like an id. */
export function vscodeLanguageId(fenceLang: string): string | undefined {
  const key = fenceLang.toLowerCase();
  if (vscodeIds[key]) return vscodeIds[key];
  return /^[a-z][\w+#.-]{0,31}$/.test(key) ? key : undefined;
}
