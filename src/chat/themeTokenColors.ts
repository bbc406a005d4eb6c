// The chat's code colours from a VS Code colour theme file. Webviews get the theme's UI colours as CSS
// variables but not its token colours, so the host reads the theme (JSON with comments, `include`
// chains, `tokenColors` inline or in a .json file) and picks, for each highlight.js class the page uses,
// the foreground of the theme rule TextMate would apply to the scope a VS Code grammar gives the same
// token. No 'vscode' here: the file reader is passed in, so this is tested under plain Node.
import * as path from 'node:path';
import type { TokenColorKey, TokenColors } from '../protocol';
import { isRecord } from '../shared/isRecord';

/** One `tokenColors` entry reduced to what matters here: its selectors, in file order. */
export interface ThemeRule {
  selectors: string[];
  foreground?: string;
}

export type ReadText = (file: string) => Promise<string>;

// For each class, the scopes a VS Code grammar gives such a token, most fitting first: the first one any
// rule colours decides (e.g. hljs-keyword covers `const` and `if`; a theme colours them as `keyword`,
// or failing that as `storage.type`).
const CLASS_SCOPES: { [K in TokenColorKey]: string[] } = {
  keyword: ['keyword', 'storage.type', 'storage'],
  'built-in': ['support.function.builtin', 'support.function', 'support'],
  type: ['entity.name.type', 'support.type', 'storage.type'],
  literal: ['constant.language', 'constant'],
  number: ['constant.numeric', 'constant'],
  string: ['string.quoted', 'string'],
  regexp: ['string.regexp', 'string'],
  comment: ['comment'],
  doctag: ['storage.type.class.jsdoc', 'comment.block.documentation', 'comment'],
  title: ['entity.name.function', 'entity.name'],
  'title-function': ['entity.name.function', 'support.function'],
  'title-class': ['entity.name.type.class', 'entity.name.class', 'entity.name.type', 'support.class'],
  attr: ['support.type.property-name', 'meta.object-literal.key', 'entity.other.attribute-name'],
  attribute: ['support.type.property-name.css', 'support.type.property-name', 'entity.other.attribute-name'],
  variable: ['variable.other.readwrite', 'variable'],
  params: ['variable.parameter', 'variable'],
  property: ['variable.other.property', 'variable.other.object.property', 'variable'],
  operator: ['keyword.operator'],
  meta: ['meta.preprocessor', 'keyword.control.directive'],
  symbol: ['constant.other.symbol', 'constant.other', 'constant'],
  bullet: ['punctuation.definition.list.begin.markdown', 'markup.list'],
  tag: ['punctuation.definition.tag'],
  name: ['entity.name.tag'],
  'selector-tag': ['entity.name.tag.css', 'entity.name.tag'],
  'selector-class': ['entity.other.attribute-name.class.css', 'entity.other.attribute-name.class', 'entity.other.attribute-name'],
  'selector-id': ['entity.other.attribute-name.id.css', 'entity.other.attribute-name.id', 'entity.other.attribute-name'],
  'selector-pseudo': ['entity.other.attribute-name.pseudo-class.css', 'entity.other.attribute-name.pseudo-class', 'entity.other.attribute-name'],
  section: ['markup.heading', 'entity.name.section'],
  quote: ['markup.quote'],
  addition: ['markup.inserted'],
  deletion: ['markup.deleted'],
};

/** The only colour form passed on: #rgb, #rgba, #rrggbb or #rrggbbaa. */
export const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

const MAX_INCLUDES = 10;
const MAX_RULES = 20_000;

/** For every class some rule colours, that colour (lower-case hex). Classes no rule matches are left out. */
export function tokenColorsFromRules(rules: readonly ThemeRule[]): TokenColors {
  const colors: TokenColors = {};
  for (const key of Object.keys(CLASS_SCOPES) as TokenColorKey[]) {
    for (const scope of CLASS_SCOPES[key]) {
      const color = foregroundFor(scope, rules);
      if (color) {
        colors[key] = color;
        break;
      }
    }
  }
  return colors;
}

/**
 * The foreground TextMate gives a token whose scope is `scope`: among the rules with a selector that is
 * `scope` or a dot-prefix of it, the one with the most segments wins, and on a tie the later rule.
 * Selectors with ancestors ("source.css entity.name.tag") or exclusions are context this token has not,
 * so they never match.
 */
export function foregroundFor(scope: string, rules: readonly ThemeRule[]): string | undefined {
  let best: { depth: number; color: string } | undefined;
  for (const rule of rules) {
    if (!rule.foreground) continue;
    for (const selector of rule.selectors) {
      if (scope !== selector && !scope.startsWith(`${selector}.`)) continue;
      const depth = selector.split('.').length;
      if (!best || depth >= best.depth) best = { depth, color: rule.foreground };
    }
  }
  return best?.color;
}

/** The rules of a `tokenColors` array; entries that are not well-formed, and colours that are not hex, are skipped. */
export function rulesOf(tokenColors: unknown): ThemeRule[] {
  if (!Array.isArray(tokenColors)) return [];
  const rules: ThemeRule[] = [];
  for (const entry of tokenColors.slice(0, MAX_RULES)) {
    if (!isRecord(entry) || !isRecord(entry.settings)) continue;
    const scopes = typeof entry.scope === 'string' ? entry.scope.split(',') : Array.isArray(entry.scope) ? entry.scope : [];
    const selectors = scopes
      .filter((s): s is string => typeof s === 'string')
      .map((s) => s.trim())
      .filter((s) => /^[\w.+#-]+$/.test(s));
    const fg = entry.settings.foreground;
    const foreground = typeof fg === 'string' && HEX_COLOR.test(fg.trim()) ? fg.trim().toLowerCase() : undefined;
    if (selectors.length) rules.push({ selectors, ...(foreground ? { foreground } : {}) });
  }
  return rules;
}

/**
 * All token rules of a theme file, included themes' rules first (as VS Code loads them, so the including
 * theme's rules win ties). A file that cannot be read or parsed contributes nothing rather than failing
 * the whole theme; `tokenColors` naming a .tmTheme (plist) file is not read.
 */
export async function loadThemeRules(file: string, read: ReadText): Promise<ThemeRule[]> {
  const seen = new Set<string>();
  const load = async (at: string, depth: number): Promise<ThemeRule[]> => {
    if (depth > MAX_INCLUDES || seen.has(at)) return [];
    seen.add(at);
    const json = await readJson(at, read);
    if (!isRecord(json)) return [];
    const rules: ThemeRule[] = [];
    if (typeof json.include === 'string') rules.push(...(await load(path.resolve(path.dirname(at), json.include), depth + 1)));
    if (Array.isArray(json.tokenColors)) rules.push(...rulesOf(json.tokenColors));
    else if (typeof json.tokenColors === 'string' && /\.json$/i.test(json.tokenColors)) {
      const colors = await readJson(path.resolve(path.dirname(at), json.tokenColors), read);
      rules.push(...rulesOf(isRecord(colors) ? colors.tokenColors : colors));
    }
    return rules;
  };
  return load(path.resolve(file), 0);
}

async function readJson(file: string, read: ReadText): Promise<unknown> {
  try {
    return parseJsonc(await read(file));
  } catch {
    return undefined;
  }
}

/** JSON with comments and trailing commas, as theme files are written. Throws on anything else. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('unterminated comment');
      i = end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  // Trailing commas: safe now that strings are the only place a comma could be quoted, and they are kept as is.
  return JSON.parse(out.replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (_match, str: string | undefined, close: string) => str ?? close));
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  throw new SyntaxError('unterminated string');
}
