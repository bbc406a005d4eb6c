// Finds the English a chat page source file shows without the page string table (shared/pageStrings.ts,
// read with s()). Used by pageLiterals.test.ts; a helper of its own so the scan can be tried on snippets.
//
// Every string literal of the file is found with a small tokenizer (comments, regular expressions and
// nested template literals understood), then judged by what it says and where it stands:
//   - in a place the user reads (text:, title:, label:, placeholder:, alt:, aria-label, textContent =,
//     say(…), button(…), setAttribute('title' | 'aria-label' …, …)): any word is shown English;
//   - anywhere else: words that read as a phrase (two words in a row, or a word in parentheses or
//     with … ? !), or a template literal with a word in its fixed text (a sentence built from pieces);
//   - never: class names, CSS selectors, ids, styles, prefixes compared with, table keys (s(`…`)), Error
//     messages (the console's, not the user's), import paths.
// What is left that is not English (a brand, a command the user types, a symbol) is in ALLOWED below.

export interface Literal {
  /** The literal as written, quotes included. */
  raw: string;
  /** Its fixed text: a template literal without its ${…} parts. */
  text: string;
  template: boolean;
  /** The code before it (strings kept), to tell where it stands. */
  before: string;
  line: number;
}

/** Every string literal of a TypeScript source, template literals' nested ones included. */
export function literals(source: string): Literal[] {
  const out: Literal[] = [];
  let i = 0;
  // Code read so far with comments dropped: what a literal stands after.
  let code = '';
  const lineAt = (at: number) => source.slice(0, at).split('\n').length;
  const regexMayStart = () => {
    const prev = code.trimEnd();
    return prev === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(prev) || /\b(?:return|typeof|case|in|of|void)$/.test(prev);
  };

  const quoted = (quote: string): void => {
    const start = i;
    i++;
    while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
    i++;
    const raw = source.slice(start, i);
    out.push({ raw, text: raw.slice(1, -1), template: false, before: code.slice(-120), line: lineAt(start) });
    code += raw;
  };

  // A template literal: its fixed text is recorded; each ${…} is code again, read until its closing brace.
  const template = (): void => {
    const start = i;
    const before = code.slice(-120);
    let text = '';
    i++;
    while (i < source.length && source[i] !== '`') {
      if (source[i] === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (source[i] === '$' && source[i + 1] === '{') {
        i += 2;
        readCode(true);
      } else {
        text += source[i++];
      }
    }
    i++;
    const raw = source.slice(start, i);
    out.push({ raw, text, template: true, before, line: lineAt(start) });
    code += raw;
  };

  // Code: the whole file, or (`inTemplate`) a template literal's ${…} up to its closing brace.
  const readCode = (inTemplate: boolean): void => {
    let depth = 0;
    while (i < source.length) {
      const c = source[i];
      const next = source[i + 1];
      if (c === '/' && next === '/') {
        while (i < source.length && source[i] !== '\n') i++;
      } else if (c === '/' && next === '*') {
        const end = source.indexOf('*/', i + 2);
        i = end < 0 ? source.length : end + 2;
      } else if (c === '/' && regexMayStart()) {
        const start = i;
        let inClass = false;
        i++;
        while (i < source.length && (source[i] !== '/' || inClass) && source[i] !== '\n') {
          if (source[i] === '\\') i++;
          else if (source[i] === '[') inClass = true;
          else if (source[i] === ']') inClass = false;
          i++;
        }
        i++;
        while (/[a-z]/.test(source[i] ?? '')) i++;
        code += source.slice(start, i);
      } else if (c === "'" || c === '"') {
        quoted(c);
      } else if (c === '`') {
        template();
      } else {
        if (c === '{') depth++;
        if (c === '}' && inTemplate && depth === 0) {
          i++;
          return;
        }
        if (c === '}') depth--;
        code += c;
        i++;
      }
    }
  };

  readCode(false);
  return out;
}

/** Where a literal stands as code, not as words: class names, selectors, Error texts, imports. */
const CODE_PLACE = [
  /\bclass\s*:\s*$/,
  /\bclassName\s*=\s*$/,
  /\bclassList\.\w+\(\s*$/,
  /setAttribute\(\s*'class'\s*,\s*$/,
  /\b(?:querySelector|querySelectorAll|closest|matches)\(\s*$/,
  /\bnew Error\(\s*$/,
  // A key of the page string table, as in s(`action.${a}`).
  /\bs\(\s*$/,
  /\bid\s*:\s*$/,
  /\.id\s*=\s*$/,
  /\.style\.\w+\s*=\s*$/,
  // Compared with, not shown: a prefix such as `data:${type};base64,`.
  /\.(?:startsWith|endsWith)\(\s*$/,
  /\bfrom\s*$/,
  /\bimport\(\s*$/,
];

/** Where what a literal says is read (or heard) by the user. */
const SHOWN_PLACE = [
  /(?:\btext|\btitle|\blabel|\bplaceholder|\balt|'aria-label'|'aria-valuetext'|'aria-description')\s*:\s*$/,
  /\.(?:textContent|innerText|title|placeholder)\s*=\s*$/,
  /\bsay\(\s*$/,
  /\bbutton\(\s*$/,
  /setAttribute\(\s*'(?:title|aria-label|aria-valuetext|aria-description|placeholder|alt)'\s*,\s*$/,
];

/**
 * Literals that are not English, each with why (exact texts, so a new one needs a new, reasoned entry).
 * Keep this short: a word the user reads belongs in shared/pageStrings.ts.
 */
export const ALLOWED = new Map<string, string>([
  // The product's name, the same in every language (the answer's author line and its accessible name).
  ['Grok', 'brand'],
  // The command the user types; its description is in the table (composer.imagineHint).
  ['/imagine ', 'a command'],
  ['/imagine', 'a command'],
  // A highlight.js language id (the alias `text: 'plaintext'`), never shown.
  ['plaintext', 'a language id'],
  // The file name a pasted image gets (pasted.png), shown like any file's own name.
  ['pasted.', 'a file name'],
]);

/** The literals of `source` that show English outside the page string table: "line: literal". */
export function bareEnglish(source: string): string[] {
  const found: string[] = [];
  for (const l of literals(source)) {
    const words = l.text.replace(/\\[nrt]/g, ' ');
    if (!/[A-Za-z]{2,}/.test(words) || ALLOWED.has(l.text)) continue;
    const before = l.before.trimEnd();
    if (CODE_PLACE.some((p) => p.test(before))) continue;
    // Class names or ids wherever they stand ('tool-card-icon codicon-spin', `align-${…}`): every word joined.
    if (words.trim().split(/\s+/).every((w) => /^[a-z][\w-]*$/i.test(w) && /[-_]/.test(w))) continue;
    const shown = SHOWN_PLACE.some((p) => p.test(before));
    const phrase = /[A-Za-z]{2,}[,.;:]?\s+\(?[A-Za-z]{2,}/.test(words) || (/[A-Za-z]{2,}/.test(words) && /[()…?!]/.test(words));
    const built = l.template && /[A-Za-z]{3,}/.test(words);
    if (shown || phrase || built) found.push(`${l.line}: ${l.raw}`);
  }
  return found;
}

/** Numbers written in a fixed language ('en', 'en-US') where the user's should be: "line: call". */
export function fixedLocales(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\b(?:toLocale(?:Date|Time)?String|Intl\.\w+)\(\s*(['"`])[a-z]{2,3}(?:-[A-Za-z]{2,4})?\1/g)) {
    found.push(`${source.slice(0, m.index).split('\n').length}: ${m[0]}`);
  }
  return found;
}
