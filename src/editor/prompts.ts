// The requests the editor commands send: what the model is told and how much of the file it sees.
// Context is bounded (a prompt must stay cheap and fast) and cut at line boundaries. Pure: unit-tested.
import type { ChatMessage } from '../xai/types';

/** Characters of the file sent before and after the cursor when inserting. */
export const INSERT_BEFORE_CHARS = 4000;
export const INSERT_AFTER_CHARS = 1000;
/** Characters of the file sent around a selection being edited. */
export const EDIT_BEFORE_CHARS = 2000;
export const EDIT_AFTER_CHARS = 1000;
/** A larger selection is not sent for an edit: the rewrite would be slow, costly and hard to review. */
export const EDIT_MAX_SELECTION_CHARS = 30_000;
/** Lines shown around a selection to explain. */
export const EXPLAIN_SURROUNDING_LINES = 5;

/** Marks the insertion point in the excerpt the model sees. */
export const CURSOR_MARK = '<|cursor|>';

export interface FileSite {
  /** Workspace-relative path, or the untitled document's name. */
  path: string;
  /** VS Code language id, e.g. "typescript". */
  language: string;
  /** The file's text before the cursor or selection (the builders bound it). */
  before: string;
  /** The file's text after the cursor or selection. */
  after: string;
}

const INSERT_SYSTEM =
  'You are a code generator inside Visual Studio Code. Your reply is inserted into the user\'s file at the ' +
  `cursor, marked ${CURSOR_MARK}, exactly as you write it. Reply with only the code to insert, in one fenced ` +
  'code block, and nothing else: no explanation before or after it. Do not repeat code that is already ' +
  'before or after the cursor. Follow the file\'s language, style and naming.';

const EDIT_SYSTEM =
  'You are a code editor inside Visual Studio Code. You rewrite the selected code as the user asks. Reply ' +
  'with only the complete replacement for the selection, in one fenced code block, and nothing else: no ' +
  'explanation before or after it. Keep everything the instruction does not ask to change, and keep the ' +
  'selection\'s indentation. Do not include the code before or after the selection.';

export const CONTINUE_INSTRUCTION = 'Continue the code at the cursor: write what most likely comes next.';

export function insertMessages(site: FileSite, instruction: string): ChatMessage[] {
  const before = keepEnd(site.before, INSERT_BEFORE_CHARS);
  const after = keepStart(site.after, INSERT_AFTER_CHARS);
  const excerpt = before.text + CURSOR_MARK + after.text;
  const cut = cutNote(before.cut, after.cut);
  const user =
    `File \`${site.path}\` (${site.language})${cut}, with ${CURSOR_MARK} where the code goes:\n` +
    `${fence(excerpt, site.language)}\n\n` +
    `Instruction: ${instruction.trim() || CONTINUE_INSTRUCTION}\n\n` +
    `Reply with only the code to insert at ${CURSOR_MARK}, in one fenced block.`;
  return [
    { role: 'system', content: INSERT_SYSTEM },
    { role: 'user', content: user },
  ];
}

export function editMessages(site: FileSite, selection: string, instruction: string): ChatMessage[] {
  const before = keepEnd(site.before, EDIT_BEFORE_CHARS);
  const after = keepStart(site.after, EDIT_AFTER_CHARS);
  const parts = [`File \`${site.path}\` (${site.language}).`];
  if (before.text.trim()) parts.push(`Code before the selection${before.cut ? ' (the file continues above)' : ''}:\n${fence(before.text, site.language)}`);
  parts.push(`The selected code to rewrite:\n${fence(selection, site.language)}`);
  if (after.text.trim()) parts.push(`Code after the selection${after.cut ? ' (the file continues below)' : ''}:\n${fence(after.text, site.language)}`);
  parts.push(`Instruction: ${instruction.trim()}`);
  parts.push('Reply with only the rewritten selection, in one fenced block.');
  return [
    { role: 'system', content: EDIT_SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}

/** The question the chat gets for explain-selection; the code itself travels as context chips. */
export function explainQuestion(path: string, startLine: number, endLine: number): string {
  const lines = startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`;
  // Plain text: the chat shows the question as the user's message, where Markdown marks would show raw.
  return `Explain the selected code (${path}, ${lines}): what it does, how, and anything surprising in it.`;
}

/**
 * The lines around a selection, without the selection itself (it travels on its own): what comes
 * before, a marker line where the selection is, what comes after.
 */
export function surroundingText(before: string[], after: string[], selectionLines: string): string {
  return [...before, `⋯ (the selection, ${selectionLines}) ⋯`, ...after].join('\n');
}

/** The last `max` characters, starting at a line start when cut. */
export function keepEnd(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const tail = text.slice(text.length - max);
  const nl = tail.indexOf('\n');
  return { text: nl >= 0 && nl < tail.length - 1 ? tail.slice(nl + 1) : tail, cut: true };
}

/** The first `max` characters, ending at a line end when cut. */
export function keepStart(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const head = text.slice(0, max);
  const nl = head.lastIndexOf('\n');
  return { text: nl > 0 ? head.slice(0, nl + 1) : head, cut: true };
}

/** A fence longer than any backtick run inside, so code containing ``` cannot close it early. */
export function fence(code: string, language = ''): string {
  const longest = Math.max(0, ...[...code.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  const body = code.endsWith('\n') ? code : `${code}\n`;
  return `${marks}${language.replace(/[^\w+#.-]/g, '')}\n${body}${marks}`;
}

function cutNote(before: boolean, after: boolean): string {
  if (before && after) return ' (an excerpt: the file continues above and below)';
  if (before) return ' (an excerpt: the file continues above)';
  if (after) return ' (an excerpt: the file continues below)';
  return '';
}
