// read_file: a text file of the workspace, whole or a line range. Large files come back cut with a note
// saying where; binary files are refused with a message.
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { display, num, readApproval, resolve } from './common';

const MAX_LINES = 2000;

export const readFileTool: AgentTool = {
  name: 'read_file',
  description: 'Read a text file in the workspace. Optionally a 1-based inclusive line range. Large files are returned in part, with a note saying how to read on.',
  readOnly: true,
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Path relative to the workspace folder.' },
      startLine: { type: 'integer', minimum: 1, description: 'First line to read (1-based).' },
      endLine: { type: 'integer', minimum: 1, description: 'Last line to read (inclusive).' },
    },
    required: ['path'],
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    const r = await resolve(ctx, args.path);
    if ('error' in r) return r;
    const name = display(ctx, r);
    const start = num(args.startLine);
    const end = num(args.endLine);
    if (start !== undefined && end !== undefined && end < start) return { error: `endLine (${end}) is before startLine (${start}).` };
    return {
      approval: readApproval(ctx, r, name),
      summary: start || end ? (end ? t('Read {0} lines {1}-{2}', name, start ?? 1, end) : t('Read {0} from line {1}', name, start ?? 1)) : t('Read {0}', name),
      async execute() {
        const file = await ctx.workspace.read(r.absolute);
        if (file.kind === 'missing') return { ok: false, output: `${name} does not exist. Use list_files or search_text to find the right path.` };
        if (file.kind === 'folder') return { ok: false, output: `${name} is a folder. Use list_files to see what is in it.` };
        if (file.kind === 'binary') return { ok: false, output: `${name} is a binary file (${file.size.toLocaleString('en-US')} bytes); read_file returns text only.` };
        const lines = file.text.split(/\r?\n/);
        if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
        const total = lines.length;
        const from = Math.min(Math.max(1, start ?? 1), Math.max(1, total));
        let to = Math.min(total, end ?? total);
        const budget = ctx.settings.maxResultChars;
        let cut = false;
        if (to - from + 1 > MAX_LINES) {
          to = from + MAX_LINES - 1;
          cut = true;
        }
        let body = lines.slice(from - 1, to).join('\n');
        if (body.length > budget) {
          // Keep whole lines within the budget.
          let used = 0;
          let n = 0;
          for (const line of lines.slice(from - 1, to)) {
            if (used + line.length + 1 > budget && n > 0) break;
            used += line.length + 1;
            n++;
          }
          to = from + n - 1;
          body = lines.slice(from - 1, to).join('\n').slice(0, budget);
          cut = true;
        }
        const range = from === 1 && to === total ? `${total} line${total === 1 ? '' : 's'}` : `lines ${from}-${to} of ${total}`;
        const note = cut ? `\n[Truncated at line ${to} of ${total}. Call read_file with startLine ${to + 1} to read on.]` : '';
        return { ok: true, output: `${name} (${range}):\n${body}${note}` };
      },
    };
  },
};
