// create_file: a new file (folders made as needed). An existing file is only replaced when asked to.
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { display, editApproval, resolve, str } from './common';

export const createFileTool: AgentTool = {
  name: 'create_file',
  description: 'Create a new file with the given content. Fails if the file exists, unless overwrite is true (prefer edit_file for changes).',
  readOnly: false,
  parameters: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Path relative to the workspace folder.' },
      content: { type: 'string', description: 'The whole content of the file.' },
      overwrite: { type: 'boolean', description: 'Replace an existing file. Default false.' },
    },
    required: ['path', 'content'],
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    const r = await resolve(ctx, args.path);
    if ('error' in r) return r;
    const name = display(ctx, r);
    if (r.relative === '') return { error: 'The path is the workspace folder itself; give a file name.' };
    const content = str(args.content) ?? '';
    const existing = await ctx.workspace.read(r.absolute);
    if (existing.kind === 'folder') return { error: `${name} is a folder.` };
    if (existing.kind !== 'missing' && args.overwrite !== true) return { error: `${name} already exists. Use edit_file to change it, or set overwrite to true to replace it.` };
    const before = existing.kind === 'text' ? existing.text : null;
    return {
      approval: editApproval(ctx, r, existing.kind === 'missing' ? 'create' : 'replace'),
      summary: existing.kind === 'missing' ? t('Create {0}', name) : t('Replace {0}', name),
      change: { path: r.absolute, relative: name, before, after: content },
      async execute() {
        const now = await ctx.workspace.read(r.absolute);
        if (now.kind === 'folder') return { ok: false, output: `${name} is a folder.` };
        if (now.kind !== 'missing' && args.overwrite !== true) return { ok: false, output: `${name} was created by someone else meanwhile; nothing was written.` };
        await ctx.beforeChange(r.absolute);
        await ctx.workspace.write(r.absolute, content);
        const lines = content === '' ? 0 : content.split('\n').length;
        return { ok: true, output: `${now.kind === 'missing' ? 'Created' : 'Replaced'} ${name} (${lines} line${lines === 1 ? '' : 's'}).`, change: { path: r.absolute, relative: name, before: now.kind === 'text' ? now.text : null, after: content } };
      },
    };
  },
};
