// edit_file: exact search-and-replace blocks. The change is computed before approval (the card shows
// it) and again when it runs, against the file as it is then: if the user changed the file meanwhile
// and a block no longer matches, nothing is written.
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { applyEditBlocks, type EditBlock } from '../editBlocks';
import { display, editApproval, resolve } from './common';

export const editFileTool: AgentTool = {
  name: 'edit_file',
  description:
    'Change an existing file with exact search-and-replace blocks. Each search text must occur exactly once in the file, copied exactly (whitespace included); include enough lines to make it unique. If any block does not match, nothing is changed.',
  readOnly: false,
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Path relative to the workspace folder.' },
      edits: {
        type: 'array',
        minItems: 1,
        description: 'Applied in order.',
        items: {
          type: 'object',
          properties: {
            search: { type: 'string', description: 'Exact text to find (must occur once).' },
            replace: { type: 'string', description: 'Text to put in its place.' },
          },
          required: ['search', 'replace'],
          additionalProperties: false,
        },
      },
    },
    required: ['path', 'edits'],
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    const r = await resolve(ctx, args.path);
    if ('error' in r) return r;
    const name = display(ctx, r);
    const blocks = args.edits as EditBlock[];
    const file = await ctx.workspace.read(r.absolute);
    if (file.kind === 'missing') return { error: `${name} does not exist. Use create_file to make a new file.` };
    if (file.kind !== 'text') return { error: `${name} is ${file.kind === 'folder' ? 'a folder' : 'a binary file'}; edit_file changes text files only.` };
    const preview = applyEditBlocks(file.text, blocks);
    if (!preview.ok) return { error: `${name}: ${preview.message}` };
    return {
      approval: editApproval(ctx, r, 'edit'),
      summary: blocks.length === 1 ? t('Edit {0} (1 change)', name) : t('Edit {0} ({1} changes)', name, blocks.length),
      change: { path: r.absolute, relative: name, before: file.text, after: preview.content },
      async execute() {
        const now = await ctx.workspace.read(r.absolute);
        if (now.kind !== 'text') return { ok: false, output: `${name} is no longer a text file; nothing was changed.` };
        const outcome = applyEditBlocks(now.text, blocks);
        if (!outcome.ok) return { ok: false, output: `${name} changed since the edit was proposed. ${outcome.message}` };
        await ctx.beforeChange(r.absolute);
        await ctx.workspace.write(r.absolute, outcome.content);
        const where = outcome.changed.map((c) => (c.startLine === c.endLine ? `line ${c.startLine}` : `lines ${c.startLine}-${c.endLine}`)).join(', ');
        return { ok: true, output: `Edited ${name}: ${where} changed.`, change: { path: r.absolute, relative: name, before: now.text, after: outcome.content } };
      },
    };
  },
};
