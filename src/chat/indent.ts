// Re-indents a code block for the place it goes, pure: models answer with their own indentation, and
// pasting it as-is at an indented cursor leaves every line after the first misaligned.

/**
 * `linePrefix` is the text of the cursor's line before the cursor. The block's common indentation is
 * removed; every line after the first gets the cursor line's indentation (the first line starts at
 * the cursor, which already has it). Line endings follow the document; a trailing newline is dropped
 * so the rest of the cursor's line stays on its line.
 */
export function indentForInsert(code: string, linePrefix: string, eol: '\n' | '\r\n' = '\n'): string {
  const lines = code.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const common = commonIndent(lines);
  const indent = /^[ \t]*/.exec(linePrefix)?.[0] ?? '';
  return lines
    .map((line, i) => {
      const body = line.slice(common.length);
      if (i === 0) return body;
      return body.trim() ? indent + body : '';
    })
    .join(eol);
}

/** The longest whitespace prefix shared by every non-blank line (tabs and spaces compared literally). */
export function commonIndent(lines: string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const lead = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (common === undefined) {
      common = lead;
      continue;
    }
    let n = 0;
    while (n < common.length && n < lead.length && common[n] === lead[n]) n++;
    common = common.slice(0, n);
    if (!common) break;
  }
  return common ?? '';
}
