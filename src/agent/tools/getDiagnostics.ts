// get_diagnostics: the Problems list (errors and warnings from the language servers), for a file or all.
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { capOutput } from '../outputCap';
import { display, resolve } from './common';
import * as path from 'node:path';

export const getDiagnosticsTool: AgentTool = {
  name: 'get_diagnostics',
  description: 'The errors and warnings VS Code shows in the Problems panel, for one file or the whole workspace.',
  readOnly: true,
  parameters: {
    type: 'object',
    properties: { path: { type: 'string', description: 'A file; omit for every file.' } },
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    let file: string | undefined;
    let name = 'the workspace';
    if (args.path !== undefined && args.path !== null && args.path !== '') {
      const r = await resolve(ctx, args.path);
      if ('error' in r) return r;
      file = r.absolute;
      name = display(ctx, r);
    }
    return {
      summary: file ? t('Problems in {0}', name) : t('Problems in the workspace'),
      async execute() {
        const entries = ctx.diagnostics(file);
        if (entries.length === 0) return { ok: true, output: `No problems reported in ${name}.` };
        const shown = entries.map((d) => {
          const folder = ctx.folders.find((f) => d.path.startsWith(f.path + path.sep));
          const rel = folder ? path.relative(folder.path, d.path).split(path.sep).join('/') : d.path;
          return `${rel}:${d.line}:${d.column} ${d.severity}: ${d.message}${d.source ? ` (${d.source})` : ''}`;
        });
        return { ok: true, output: capOutput(`${entries.length} problem${entries.length === 1 ? '' : 's'}:\n${shown.join('\n')}`, ctx.settings.maxResultChars) };
      },
    };
  },
};
