// Decides whether a shell command line may run without asking: it is split at `&&`, `||`, `;`, `|`, `&`
// and newlines (quotes respected), and every sub-command must match the user's allow-list. Whatever
// this small parser cannot judge safely (command substitution, subshells, here-docs, wrappers that run
// another command, redirection out of the workspace, ...) is reported as such, and the caller asks.
// It never has to understand all of shell; it only has to never call a line safe that is not. Its reasons
// complete the approval card's "This command asks because {0}.", so they are the user's, translated.

import { t } from '../platform/localise';

export interface SubCommand {
  /** The words with quotes removed, joined by one space: what allow-list patterns are matched against. */
  text: string;
  words: string[];
}

export type SplitResult = { ok: true; subCommands: SubCommand[] } | { ok: false; reason: string };

export type CommandVerdict =
  /** Every sub-command matches an allow-list pattern: it may run without asking. */
  | { kind: 'allowed'; subCommands: SubCommand[] }
  /** Understood, but these sub-commands are not on the allow-list. */
  | { kind: 'ask'; subCommands: SubCommand[]; notAllowed: string[] }
  /** The line uses shell features whose effect cannot be judged from the text. */
  | { kind: 'cannotJudge'; reason: string };

/** Is this redirection target (as written, relative to the command's folder) inside the workspace? */
export type TargetCheck = (target: string) => boolean;

/** Commands that run another command given as their arguments: the allow-list cannot see what that is. */
const WRAPPERS = new Set([
  'eval', 'exec', 'source', '.', 'sudo', 'doas', 'su', 'xargs', 'env', 'nohup', 'time', 'timeout', 'nice',
  'command', 'builtin', 'sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'csh', 'tcsh', 'watch', 'parallel',
  'trap', 'alias', 'function', 'coproc',
]);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'select', '{', '}', '[[', ']]']);
const SAFE_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

class CannotJudge extends Error {}

interface Word {
  value: string;
  /** Any unquoted or double-quoted `$name` / `${...}` / glob character: the value is not literal. */
  expands: boolean;
  quoted: boolean;
}

export function splitCommand(line: string, insideWorkspace: TargetCheck): SplitResult {
  try {
    const subCommands = new Lexer(line, insideWorkspace).run();
    if (subCommands.length === 0) return { ok: false, reason: t('the command is empty') };
    return { ok: true, subCommands };
  } catch (e) {
    if (e instanceof CannotJudge) return { ok: false, reason: e.message };
    throw e;
  }
}

export function judgeCommand(line: string, allowedPatterns: readonly string[], insideWorkspace: TargetCheck): CommandVerdict {
  const split = splitCommand(line, insideWorkspace);
  if (!split.ok) return { kind: 'cannotJudge', reason: split.reason };
  const notAllowed = split.subCommands.filter((c) => !allowedPatterns.some((p) => matchesCommandPattern(c.text, p))).map((c) => c.text);
  return notAllowed.length === 0 ? { kind: 'allowed', subCommands: split.subCommands } : { kind: 'ask', subCommands: split.subCommands, notAllowed };
}

/**
 * `*` matches anything (spaces included), `?` one character; everything else is literal, with runs of
 * spaces counted as one. A pattern ending in " *" also matches the command alone ("ls *" allows "ls").
 */
export function matchesCommandPattern(command: string, pattern: string): boolean {
  const p = pattern.trim().replace(/\s+/g, ' ');
  if (p === '') return false;
  const source = p
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c))
    .join('');
  const re = new RegExp(`^${source.endsWith(' .*') ? `${source.slice(0, -3)}(?: .*)?` : source}$`, 's');
  return re.test(command.trim());
}

class Lexer {
  private i = 0;
  private readonly out: SubCommand[] = [];
  private words: Word[] = [];

  constructor(
    private readonly s: string,
    private readonly insideWorkspace: TargetCheck,
  ) {}

  run(): SubCommand[] {
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      const next = s[this.i + 1];
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && next === '\n') this.i += 2;
      else if (c === '\n' || c === ';') {
        if (c === ';' && next === ';') throw new CannotJudge(t('it uses `;;` (a case statement)'));
        this.endCommand(c === '\n');
        this.i++;
      } else if (c === '&' && next === '&') this.separator(2);
      else if (c === '|' && next === '|') this.separator(2);
      else if (c === '|' && next === '&') this.separator(2);
      else if (c === '|') this.separator(1);
      else if (c === '&' && next === '>') this.redirect();
      else if (c === '&') this.separator(1);
      else if (c === '(' || c === ')') throw new CannotJudge(t('it runs a subshell `( … )`'));
      else if (c === '<' || c === '>') this.redirect();
      else if (c === '#' && this.atWordStart()) this.skipComment();
      else this.words.push(this.readWord());
    }
    this.endCommand(true);
    return this.out;
  }

  private atWordStart(): boolean {
    const prev = this.s[this.i - 1];
    return prev === undefined || /[\s;&|]/.test(prev);
  }

  private skipComment(): void {
    while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
  }

  private separator(length: number): void {
    if (this.words.length === 0) throw new CannotJudge(t('`{0}` has no command before it', this.s.slice(this.i, this.i + length)));
    this.endCommand(false);
    this.i += length;
  }

  /** `allowEmpty`: a newline or the end may follow nothing; an operator may not. */
  private endCommand(allowEmpty: boolean): void {
    if (this.words.length === 0) {
      if (!allowEmpty && this.out.length === 0) throw new CannotJudge(t('a separator has no command before it'));
      return;
    }
    const words = this.words;
    this.words = [];
    // Leading NAME=value assignments stay in the text (they change what the command does), but the
    // command name is the first word after them.
    const nameIndex = words.findIndex((w) => !(!w.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)));
    const name = nameIndex >= 0 ? words[nameIndex] : undefined;
    if (name) {
      if (name.expands) throw new CannotJudge(t('the command name `{0}` is expanded by the shell', name.value));
      const base = name.value.replace(/^.*\//, '');
      if (!name.quoted && KEYWORDS.has(name.value)) throw new CannotJudge(t('it uses the shell keyword `{0}`', name.value));
      if (WRAPPERS.has(base)) throw new CannotJudge(t('`{0}` runs another command that cannot be checked', base));
      if (base === 'find' && words.some((w) => /^-(exec|execdir|ok|okdir)$/.test(w.value))) {
        throw new CannotJudge(t('`find -exec` runs another command that cannot be checked'));
      }
    }
    const values = words.map((w) => w.value);
    this.out.push({ text: values.join(' '), words: values });
  }

  private redirect(): void {
    const s = this.s;
    // A file descriptor number written right before the operator (2>file) is part of it.
    const last = this.words[this.words.length - 1];
    const prev = s[this.i - 1];
    if (last && !last.quoted && /^\d+$/.test(last.value) && prev !== undefined && /\d/.test(prev)) this.words.pop();
    let op = '';
    if (s[this.i] === '&') op += s[this.i++];
    op += s[this.i++];
    const c = s[this.i];
    if (op.endsWith('<') && c === '<') throw new CannotJudge(t('it uses a here-document or here-string (`<<`)'));
    if (c === '(') throw new CannotJudge(t('it uses process substitution `<( … )`'));
    // >>, >|, <>
    if (c === '>' || c === '|') op += s[this.i++];
    if (s[this.i] === '&') {
      // >&2, 2>&1, <&0, >&-: duplicating a descriptor writes no file.
      this.i++;
      const m = /^(\d+|-)/.exec(s.slice(this.i));
      if (m) {
        this.i += m[0].length;
        return;
      }
    }
    while (s[this.i] === ' ' || s[this.i] === '\t') this.i++;
    if (this.i >= s.length || /[\n;&|<>()]/.test(s[this.i])) throw new CannotJudge(t('the redirection `{0}` has no target', op));
    const target = this.readWord();
    if (target.expands) throw new CannotJudge(t('the redirection target `{0}` is expanded by the shell', target.value));
    if (SAFE_TARGETS.has(target.value)) return;
    if (!this.insideWorkspace(target.value)) throw new CannotJudge(t('it redirects to `{0}`, outside the workspace', target.value));
  }

  private readWord(): Word {
    const s = this.s;
    let value = '';
    let expands = false;
    let quoted = false;
    while (this.i < s.length) {
      const c = s[this.i];
      if (/[\s;&|<>()]/.test(c)) break;
      if (c === '\\') {
        if (s[this.i + 1] === '\n') this.i += 2;
        else {
          value += s[this.i + 1] ?? '';
          this.i += 2;
        }
        quoted = true;
      } else if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) throw new CannotJudge(t('it has an unclosed quote'));
        value += s.slice(this.i + 1, end);
        this.i = end + 1;
        quoted = true;
      } else if (c === '"') {
        this.i++;
        quoted = true;
        for (;;) {
          if (this.i >= s.length) throw new CannotJudge(t('it has an unclosed quote'));
          const d = s[this.i];
          if (d === '"') break;
          if (d === '\\' && this.i + 1 < s.length) {
            value += '\\$`"\n'.includes(s[this.i + 1]) ? s[this.i + 1] : `\\${s[this.i + 1]}`;
            this.i += 2;
            continue;
          }
          if (d === '`') throw new CannotJudge(t('it uses backticks (command substitution)'));
          if (d === '$') expands = this.dollar() || expands;
          value += d;
          this.i++;
        }
        this.i++;
      } else if (c === '`') {
        throw new CannotJudge(t('it uses backticks (command substitution)'));
      } else {
        if (c === '$') expands = this.dollar() || expands;
        if (c === '*' || c === '?' || c === '[' || (c === '~' && value === '')) expands = true;
        if (c === '{' && value === '' && /^\{[^}]*,[^}]*\}/.test(s.slice(this.i))) expands = true;
        if ((c === '=' || c === ',') && s[this.i + 1] === '(') throw new CannotJudge(t('it uses an array or process substitution'));
        value += c;
        this.i++;
      }
    }
    if (!quoted && (value === '{' || value === '}')) throw new CannotJudge(t('it uses a command group `{ … }`'));
    return { value, expands, quoted };
  }

  /** At a `$`: command and arithmetic substitution cannot be judged; a variable only makes the word non-literal. */
  private dollar(): boolean {
    const next = this.s[this.i + 1];
    if (next === '(') throw new CannotJudge(t('it uses command substitution `$( … )`'));
    if (next === '[') throw new CannotJudge(t('it uses arithmetic substitution'));
    return next !== undefined && /[A-Za-z_{0-9@*#?$!-]/.test(next);
  }
}
