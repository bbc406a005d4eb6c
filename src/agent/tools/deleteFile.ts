// delete_file: one file (never a folder). Its content is in the task's checkpoint first.
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { display, editApproval, resolve } from './common';

export const deleteFileTool: AgentTool = {
  name: 'delete_file',
  description: 'Delete one file from the workspace (not a folder).',
  readOnly: false,
  parameters: {
    type: 'object',
    properties: { path: { type: 'string', description: 'Path relative to the workspace folder.' } },
    required: ['path'],
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    const r = await resolve(ctx, args.path);
    if ('error' in r) return r;
    const name = display(ctx, r);
    const existing = await ctx.workspace.read(r.absolute);
    if (existing.kind === 'missing') return { error: `${name} does not exist.` };
    if (existing.kind === 'folder') return { error: `${name} is a folder; delete_file deletes files only.` };
    return {
      approval: editApproval(ctx, r, 'delete'),
      summary: t('Delete {0}', name),
      change: { path: r.absolute, relative: name, before: existing.kind === 'text' ? existing.text : null, after: null },
      async execute() {
        const now = await ctx.workspace.read(r.absolute);
        if (now.kind === 'missing') return { ok: true, output: `${name} was already gone.` };
        if (now.kind === 'folder') return { ok: false, output: `${name} is a folder; nothing was deleted.` };
        await ctx.beforeChange(r.absolute);
        await ctx.workspace.delete(r.absolute);
        return { ok: true, output: `Deleted ${name}.`, change: { path: r.absolute, relative: name, before: now.kind === 'text' ? now.text : null, after: null } };
      },
    };
  },
};
