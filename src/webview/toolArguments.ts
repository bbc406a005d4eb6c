// A tool call's arguments as a reader wants them on its card: an edit as the lines it takes out and puts
// in, a new file as its content, plain values as "name: value" lines; anything else (nested values, a
// tool we do not know, arguments that are not JSON) as the JSON the model sent, pretty where it parses.
// The arguments are the model's and untrusted: this only reads them, and the card shows text nodes.

export interface EditBlockView {
  search: string;
  replace: string;
}

export type ArgumentsView =
  | { kind: 'edits'; edits: EditBlockView[]; rest: Array<[string, string]> }
  | { kind: 'content'; content: string; overwrite: boolean; rest: Array<[string, string]> }
  | { kind: 'fields'; fields: Array<[string, string]> }
  | { kind: 'raw'; text: string };

/** `shownElsewhere`: fields the card already shows on their own (run_command's command line) that the views leave out. */
export function argumentsView(tool: string, raw: string, shownElsewhere: readonly string[] = []): ArgumentsView {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { kind: 'raw', text: raw };
  }
  const pretty = { kind: 'raw', text: JSON.stringify(parsed, null, 2) } as const;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return pretty;
  const args = parsed as Record<string, unknown>;
  const plain = (skip: readonly string[]) => plainFields(args, [...skip, ...shownElsewhere]);

  if (tool === 'edit_file' && Array.isArray(args.edits) && args.edits.length > 0 && args.edits.every(isEditBlock)) {
    const rest = plain(['edits']);
    return rest ? { kind: 'edits', edits: args.edits.map(({ search, replace }) => ({ search, replace })), rest } : pretty;
  }
  if (tool === 'create_file' && typeof args.content === 'string') {
    const rest = plain(['content', 'overwrite']);
    return rest && (args.overwrite === undefined || typeof args.overwrite === 'boolean') ? { kind: 'content', content: args.content, overwrite: args.overwrite === true, rest } : pretty;
  }
  const fields = plain([]);
  return fields ? { kind: 'fields', fields } : pretty;
}

/**
 * The lines an edit takes out ("-") and puts in ("+"), in order; an empty side has no lines, and a final
 * line break ends its line rather than starting an empty one.
 */
export function editLines(edit: EditBlockView): Array<{ sign: '-' | '+'; text: string }> {
  const lines = (text: string) => (text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));
  return [...lines(edit.search).map((text) => ({ sign: '-' as const, text })), ...lines(edit.replace).map((text) => ({ sign: '+' as const, text }))];
}

function isEditBlock(value: unknown): value is EditBlockView {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  const block = value as Record<string, unknown>;
  return typeof block.search === 'string' && typeof block.replace === 'string' && keys.every((k) => k === 'search' || k === 'replace');
}

/** The fields other than `skip` as "name: value" pairs, or undefined if one of them is not a plain value. */
function plainFields(args: Record<string, unknown>, skip: readonly string[]): Array<[string, string]> | undefined {
  const fields: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(args)) {
    if (skip.includes(name)) continue;
    if (typeof value === 'string') fields.push([name, value]);
    else if (typeof value === 'number' || typeof value === 'boolean') fields.push([name, String(value)]);
    else return undefined;
  }
  return fields;
}
