// Exact search-and-replace blocks. All blocks are applied to the text in memory first; if any block
// does not match exactly once, nothing is written and Grok is told why, with the closest lines. A result
// that would empty a non-empty file is refused too (peers lost whole files to a failed match).

export interface EditBlock {
  search: string;
  replace: string;
}

export type EditOutcome =
  | {
      ok: true;
      content: string;
      /** 1-based line ranges in the new content, one per block, for the card and the log. */
      changed: Array<{ startLine: number; endLine: number }>;
    }
  | { ok: false; message: string };

export function applyEditBlocks(original: string, blocks: readonly EditBlock[]): EditOutcome {
  if (blocks.length === 0) return { ok: false, message: 'No edits were given.' };
  const crlf = original.includes('\r\n');
  let content = original;
  const offsets: Array<{ at: number; length: number }> = [];
  for (const [index, block] of blocks.entries()) {
    const label = blocks.length > 1 ? `Edit ${index + 1} of ${blocks.length}` : 'The edit';
    // The model writes \n; a CRLF file still matches exactly once the line endings agree.
    const search = crlf ? toCrlf(block.search) : block.search;
    const replace = crlf ? toCrlf(block.replace) : block.replace;
    if (search === '') return { ok: false, message: `${label} has an empty search text. Quote the exact lines to replace (use create_file for a new file). The file was not changed.` };
    const matches = occurrences(content, search);
    if (matches.length === 0) return { ok: false, message: `${label} was not applied: its search text does not occur in the file${whitespaceHint(content, search)}. The file was not changed.${closest(content, search)}` };
    if (matches.length > 1) {
      const lines = matches.slice(0, 10).map((at) => lineOf(content, at));
      return { ok: false, message: `${label} was not applied: its search text occurs ${matches.length} times (at lines ${lines.join(', ')}${matches.length > 10 ? ', …' : ''}). Include more surrounding lines so it matches exactly once. The file was not changed.` };
    }
    const at = matches[0];
    content = content.slice(0, at) + replace + content.slice(at + search.length);
    // Earlier ranges after this one shift by the length difference.
    const delta = replace.length - search.length;
    for (const o of offsets) if (o.at > at) o.at += delta;
    offsets.push({ at, length: replace.length });
  }
  if (content === '' && original !== '') return { ok: false, message: 'These edits would leave the file empty, so they were not applied. To remove a file use delete_file. The file was not changed.' };
  const changed = offsets.map((o) => {
    const startLine = lineOf(content, o.at);
    return { startLine, endLine: Math.max(startLine, lineOf(content, o.at + Math.max(0, o.length - 1))) };
  });
  return { ok: true, content, changed };
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0 && found.length < 1000; at = haystack.indexOf(needle, at + 1)) found.push(at);
  return found;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function whitespaceHint(content: string, search: string): string {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(search) !== '' && squash(content).includes(squash(search)) ? ' (it would match if whitespace or indentation were ignored: copy the lines exactly)' : '';
}

const MAX_SCAN_LINES = 20000;
const MAX_SEARCH_LINES = 40;

/** The window of file lines most like the search text, numbered, so Grok can copy them exactly. */
function closest(content: string, search: string): string {
  const fileLines = content.split(/\r?\n/).slice(0, MAX_SCAN_LINES);
  const searchLines = search.split(/\r?\n/).slice(0, MAX_SEARCH_LINES);
  while (searchLines.length > 1 && searchLines[searchLines.length - 1].trim() === '') searchLines.pop();
  if (fileLines.length === 0 || content === '') return ' The file is empty.';
  const anchors = searchLines.map((l) => bigrams(l.trim()));
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < fileLines.length; i++) {
    // Cheap first test: the window's first line must resemble some search line at all.
    let score = 0;
    for (let j = 0; j < searchLines.length && i + j < fileLines.length; j++) score += similarity(bigrams(fileLines[i + j].trim()), anchors[j]);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
    if (fileLines.length * searchLines.length > 400000 && i > 4000) break;
  }
  if (best < 0 || bestScore / searchLines.length < 0.3) return ' No similar lines were found; read the file again before editing.';
  const end = Math.min(fileLines.length, best + searchLines.length);
  const width = String(end).length;
  const shown = fileLines.slice(best, end).map((l, k) => `${String(best + k + 1).padStart(width)} | ${l}`);
  return ` The closest lines in the file are ${best + 1}-${end}:\n${shown.join('\n')}`;
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  if (s.length === 1) m.set(s, 1);
  return m;
}

/** Dice coefficient of two bigram bags: 1 for equal lines, 0 for nothing in common. */
function similarity(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let common = 0;
  for (const n of a.values()) total += n;
  for (const n of b.values()) total += n;
  if (total === 0) return 1;
  for (const [g, n] of a) common += Math.min(n, b.get(g) ?? 0);
  return (2 * common) / total;
}
