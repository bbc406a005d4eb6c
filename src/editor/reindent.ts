// Re-indents generated code, incrementally, so it fits where it lands: lines after the first get the
// cursor line's indentation plus their own indentation relative to the code's first line, written with
// tabs or spaces as the editor is set. Models write a snippet at column 0 or at the file's own depth;
// either way the result matches the file. Trailing blank lines are dropped (the cursor line keeps its
// own line end). Pure: no vscode.

export interface IndentStyle {
  tabSize: number;
  insertSpaces: boolean;
}

export interface InsertionSite extends IndentStyle {
  /** The text on the cursor line before the cursor (or before the selection being replaced). */
  linePrefix: string;
  /** The indentation the generated lines after the first belong at (see targetIndentation). */
  targetIndent: string;
  /** The text on the cursor line after the cursor (or after the selection being replaced). */
  lineSuffix?: string;
}

/** Characters after which a line opens a block: the next line goes one level deeper. */
const OPENER = /[{[(:]\s*$|=>\s*$/;

/**
 * The indentation code inserted on this line belongs at: the line's own when it has text; on a blank
 * line the whitespace before the cursor, or else the previous non-blank line's, one level deeper after
 * an opener ("{", ":", ...), since VS Code trims whitespace from empty lines.
 */
export function targetIndentation(line: string, cursorCharacter: number, previousNonBlank: string | undefined, style: IndentStyle): string {
  if (line.trim()) return leadingWhitespace(line);
  const beforeCursor = line.slice(0, cursorCharacter);
  if (beforeCursor) return beforeCursor;
  if (previousNonBlank === undefined) return '';
  const base = leadingWhitespace(previousNonBlank);
  return OPENER.test(previousNonBlank) ? base + indentString(1 * style.tabSize, style) : base;
}

export class Reindenter {
  /** Insertion at the start of the line (only whitespace before the cursor) or after text on it. */
  private readonly lineStart: boolean;
  private readonly prefixWidth: number;
  private readonly targetWidth: number;
  private lineIndex = 0;
  private atLineStart = true;
  private pendingWhitespace = '';
  private pendingNewlines = 0;
  /** Width of the generated code's own base indentation, once known. */
  private base: number | undefined;
  /** A high surrogate whose low half is in the next chunk. */
  private pendingHigh = '';
  private emittedAny = false;

  constructor(private readonly site: InsertionSite) {
    this.lineStart = site.linePrefix.trim() === '';
    this.prefixWidth = widthOf(site.linePrefix, site.tabSize);
    this.targetWidth = widthOf(site.targetIndent, site.tabSize);
  }

  push(text: string): string {
    let input = this.pendingHigh + text;
    this.pendingHigh = '';
    const last = input.charCodeAt(input.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.pendingHigh = input.slice(-1);
      input = input.slice(0, -1);
    }
    let out = '';
    for (const ch of input) {
      if (ch === '\n') {
        this.pendingNewlines++;
        this.pendingWhitespace = '';
        this.atLineStart = true;
        this.lineIndex++;
      } else if (this.atLineStart && (ch === ' ' || ch === '\t')) {
        this.pendingWhitespace += ch;
      } else {
        if (this.atLineStart) {
          out += '\n'.repeat(this.pendingNewlines) + this.indentation();
          this.pendingNewlines = 0;
          this.pendingWhitespace = '';
          this.atLineStart = false;
        }
        out += ch;
        this.emittedAny = true;
      }
    }
    return out;
  }

  /**
   * The stream ended. Trailing blank lines and whitespace are dropped, except that code inserted at the
   * start of a line with text after the cursor keeps one line break, so that text stays on its own line.
   */
  end(): string {
    let rest = this.pendingHigh;
    if (this.pendingNewlines > 0 && this.emittedAny && this.lineStart && this.site.lineSuffix?.trim()) {
      rest += `\n${this.site.linePrefix}`;
    }
    this.pendingHigh = '';
    this.pendingNewlines = 0;
    this.pendingWhitespace = '';
    return rest;
  }

  /** The indentation for the line whose first visible character just arrived. */
  private indentation(): string {
    const own = widthOf(this.pendingWhitespace, this.site.tabSize);
    if (this.lineIndex === 0) {
      if (!this.lineStart) return this.pendingWhitespace;
      this.base ??= own;
      return indentString(Math.max(0, this.targetWidth - this.prefixWidth + own - this.base), this.site);
    }
    if (this.base === undefined) {
      // After text on the cursor line, code written at the file's own depth starts at least at the
      // target; code written as a snippet starts at column 0.
      this.base = this.lineStart ? own : this.targetWidth > 0 && own >= this.targetWidth ? this.targetWidth : 0;
    }
    // Relative to the code's base, so a closing brace written less indented stays less indented.
    const width = Math.max(0, this.targetWidth + own - this.base);
    if (width >= this.targetWidth) return this.site.targetIndent + indentString(width - this.targetWidth, this.site);
    return indentString(width, this.site);
  }
}

/** The whole text at once, with the same rules as streaming. */
export function reindent(code: string, site: InsertionSite): string {
  const r = new Reindenter(site);
  return r.push(code) + r.end();
}

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** Columns a run of whitespace takes, tabs advancing to the next tab stop. */
export function widthOf(whitespace: string, tabSize: number): number {
  let width = 0;
  for (const ch of whitespace) {
    if (ch === '\t') width += tabSize - (width % tabSize);
    else if (ch === ' ') width += 1;
  }
  return width;
}

export function indentString(width: number, style: IndentStyle): string {
  if (width <= 0) return '';
  if (style.insertSpaces) return ' '.repeat(width);
  return '\t'.repeat(Math.floor(width / style.tabSize)) + ' '.repeat(width % style.tabSize);
}
