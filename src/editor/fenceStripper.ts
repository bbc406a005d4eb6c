// Turns a model's streamed reply into the code alone, incrementally: prose before the first fence is
// dropped, the fence line with its language tag is dropped, code streams out as it arrives, and the
// closing fence ends it (prose after it is dropped). Only a line holding nothing but a fence closes
// (CommonMark): backticks inside code, even ``` inside a line, stay. A reply with no fence at all is
// all code: when its first line is plainly code (not a sentence), it streams out as it comes (state
// 'unfenced'), so that a stopped or failed answer keeps what arrived; otherwise it is held until a fence
// or the end decides. Pure: no vscode, unit-tested with chunk boundaries everywhere.

/** What the stripper is doing: waiting for a fence, in code, in code that had no fence, or past the end of the block. */
export type FenceState = 'before' | 'ambiguous' | 'code' | 'unfenced' | 'after';

interface Fence {
  char: '`' | '~';
  length: number;
  /** Columns of indentation of the opening fence: removed from code lines (CommonMark). */
  indent: number;
}

const OPENING = /^( *)(`{3,}|~{3,})(.*)$/;

export class FenceStripper {
  private stateValue: FenceState = 'before';
  /** The unfinished last line (no newline yet). */
  private partial = '';
  /** A carriage return at the end of a chunk: its \n may come in the next one. */
  private pendingCr = false;
  /** 'before': every complete line so far (prose, or code if no fence ever comes). */
  private before: string[] = [];
  /** 'ambiguous': lines after a bare fence that may have opened or closed the block. */
  private afterBare: string[] = [];
  private fence: Fence | undefined;
  /** In 'code': how much of the partial line was already emitted. */
  private emittedOfPartial = 0;

  get state(): FenceState {
    return this.stateValue;
  }

  /** Feeds a delta; returns the code that is certain now (possibly empty). */
  push(delta: string): string {
    let text = delta;
    if (this.pendingCr) {
      text = `\r${text}`;
      this.pendingCr = false;
    }
    if (text.endsWith('\r')) {
      this.pendingCr = true;
      text = text.slice(0, -1);
    }
    text = text.replace(/\r\n?/g, '\n');

    let out = '';
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      out += this.line(this.partial + text.slice(start, nl));
      this.partial = '';
      this.emittedOfPartial = 0;
      start = nl + 1;
    }
    this.partial += text.slice(start);
    return out + this.partialCode();
  }

  /** The stream ended: returns whatever code is still held back. */
  end(): string {
    let out = '';
    // A last line without its newline still counts as a line when it is a fence (or ended in \r).
    if (this.pendingCr || (this.partial && this.isFenceLine(this.partial))) {
      this.pendingCr = false;
      out += this.line(this.partial);
      this.partial = '';
      this.emittedOfPartial = 0;
    }
    switch (this.stateValue) {
      case 'before': {
        // No fence ever came: the whole answer is code.
        const all = this.before.map((l) => `${l}\n`).join('') + this.partial;
        this.stateValue = 'after';
        return out + all;
      }
      case 'ambiguous': {
        // A bare fence and no second one: either prose, then an unclosed block, or code, then prose.
        // Prose that introduces code ends with a colon ("Here is the function:").
        const introduced = /:\s*$/.test(lastNonBlank(this.before));
        const code = introduced
          ? this.afterBare.map((l) => `${this.dedent(l)}\n`).join('') + this.dedent(this.partial)
          : this.before.map((l) => `${l}\n`).join('');
        this.stateValue = 'after';
        return out + code;
      }
      case 'unfenced': {
        // The held-back partial line (it began like a fence) is code after all.
        const rest = this.partial.slice(this.emittedOfPartial);
        this.stateValue = 'after';
        return out + rest;
      }
      case 'code': {
        // A block that never closed: the held-back partial line is code after all.
        const rest = this.dedent(this.partial).slice(this.emittedOfPartial);
        this.stateValue = 'after';
        return out + rest;
      }
      case 'after':
        return out;
    }
  }

  /** One complete line (without its newline). */
  private line(line: string): string {
    switch (this.stateValue) {
      case 'before': {
        const open = openingFence(line);
        if (!open) {
          if (lastNonBlank(this.before) === '' && line.trim() !== '' && startsCode(line)) {
            // The answer starts with code and no fence: it streams from here (blank lines before it included).
            const code = [...this.before, line].map((l) => `${l}\n`).join('');
            this.before = [];
            this.stateValue = 'unfenced';
            return code;
          }
          this.before.push(line);
          return '';
        }
        this.fence = open.fence;
        // A tagged fence always opens. A bare one after text may instead close code that had no opening fence.
        if (open.info === '' && lastNonBlank(this.before) !== '') {
          this.stateValue = 'ambiguous';
        } else {
          this.stateValue = 'code';
          this.before = [];
        }
        return '';
      }
      case 'ambiguous':
        if (this.fence && isClosingFence(line, this.fence)) {
          // Two bare fences: the first opened a block, so the text before it was prose.
          const code = this.afterBare.map((l) => `${this.dedent(l)}\n`).join('');
          this.afterBare = [];
          this.before = [];
          this.stateValue = 'after';
          return code;
        }
        this.afterBare.push(line);
        return '';
      case 'code': {
        if (this.fence && isClosingFence(line, this.fence)) {
          this.stateValue = 'after';
          return '';
        }
        return `${this.dedent(line).slice(this.emittedOfPartial)}\n`;
      }
      case 'unfenced': {
        const open = openingFence(line);
        if (open && open.info === '') {
          // A bare fence after unfenced code closes it; what follows is prose.
          this.stateValue = 'after';
          return '';
        }
        if (open) {
          // A tagged fence: a block starts here; the code before it stays.
          this.fence = open.fence;
          this.stateValue = 'code';
          return '';
        }
        return `${line.slice(this.emittedOfPartial)}\n`;
      }
      case 'after':
        return '';
    }
  }

  /** In code, the partial line is emitted at once unless it could still become the closing fence. */
  private partialCode(): string {
    if (this.stateValue === 'unfenced') {
      // Held while it may still become a fence line (it starts with ``` or ~~~ so far).
      if (/^ *$|^ {0,3}(`{1,2}|~{1,2})$|^ {0,3}(`{3,}|~{3,})/.test(this.partial)) return '';
      const fresh = this.partial.slice(this.emittedOfPartial);
      this.emittedOfPartial = this.partial.length;
      return fresh;
    }
    if (this.stateValue !== 'code' || !this.fence) return '';
    if (mayBecomeClosingFence(this.partial, this.fence)) return '';
    const visible = this.dedent(this.partial);
    const fresh = visible.slice(this.emittedOfPartial);
    this.emittedOfPartial = visible.length;
    return fresh;
  }

  private isFenceLine(line: string): boolean {
    if (this.stateValue === 'before') return openingFence(line) !== undefined;
    if (this.stateValue === 'unfenced') return openingFence(line) !== undefined;
    return (this.stateValue === 'code' || this.stateValue === 'ambiguous') && !!this.fence && isClosingFence(line, this.fence);
  }

  private dedent(line: string): string {
    const indent = this.fence?.indent ?? 0;
    if (indent === 0) return line;
    let i = 0;
    while (i < indent && line[i] === ' ') i++;
    return line.slice(i);
  }
}

/** The whole reply at once: the same rules as streaming. */
export function stripFences(reply: string): string {
  const s = new FenceStripper();
  return s.push(reply) + s.end();
}

function openingFence(line: string): { fence: Fence; info: string } | undefined {
  const m = OPENING.exec(line);
  if (!m) return undefined;
  const marker = m[2];
  const info = m[3].trim();
  const char = marker[0] as '`' | '~';
  // A backtick fence's info string cannot contain backticks (that is inline code, e.g. ```a``` on one line).
  if (char === '`' && info.includes('`')) return undefined;
  return { fence: { char, length: marker.length, indent: m[1].length }, info };
}

function isClosingFence(line: string, fence: Fence): boolean {
  const trimmed = line.trim();
  if (trimmed.length < fence.length) return false;
  for (const c of trimmed) if (c !== fence.char) return false;
  return true;
}

/** True while the line so far is only whitespace and fence characters: it may yet close the block. */
function mayBecomeClosingFence(partial: string, fence: Fence): boolean {
  const trimmed = partial.trim();
  for (const c of trimmed) if (c !== fence.char) return false;
  return true;
}

/**
 * True when an answer's first line is plainly code: it has code punctuation or starts like a statement,
 * and is not a sentence ("Here is the function foo():", "Sure, here it is."), which stays held back.
 */
function startsCode(line: string): boolean {
  const sentence = /^\s*[A-Z][A-Za-z']*[ ,]/.test(line) && /[:.!?]\s*$/.test(line);
  if (sentence) return false;
  return (
    /[;{}()=[\]<>]/.test(line) ||
    /^\s*(#|\/\/|\/\*|--|@|(import|from|def|class|function|const|let|var|return|if|for|while|package|using|public|private|export|async|fn|func|struct|enum|interface|type|select|SELECT)\b)/.test(line)
  );
}

function lastNonBlank(lines: string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim()) return lines[i];
  return '';
}
