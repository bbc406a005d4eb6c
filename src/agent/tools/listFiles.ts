// list_files: workspace files matching a glob, as the Explorer shows them (.gitignore and files.exclude
// honoured). Sensitive files are listed (their names are not secret); reading them asks.
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { walkFiles } from '../fileWalker';
import { num, readApproval, str } from './common';

const DEFAULT_MAX = 500;

export const listFilesTool: AgentTool = {
  name: 'list_files',
  description: 'List files in the workspace, optionally only those matching a glob such as "src/**/*.ts". Ignored and excluded files are left out.',
  readOnly: true,
  parameters: {
    type: 'object',
    properties: {
      glob: { type: 'string', description: 'Glob relative to the workspace folder; "*.md" matches at any depth. Default: all files.' },
      maxResults: { type: 'integer', minimum: 1, description: `At most this many paths (default ${DEFAULT_MAX}).` },
    },
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    const glob = str(args.glob)?.trim() || undefined;
    const max = Math.min(num(args.maxResults) ?? DEFAULT_MAX, 5000);
    if (ctx.folders.length === 0) return { error: 'No workspace folder is open.' };
    return {
      approval: readApproval(ctx, undefined, ''),
      summary: glob ? t('List files matching {0}', glob) : t('List files'),
      async execute(signal) {
        const { files, truncated } = await walkFiles(ctx.folders, { exclude: ctx.settings.filesExclude, include: glob, maxFiles: max, signal });
        if (files.length === 0) return { ok: true, output: glob ? `No files match ${glob}.` : 'The workspace has no files.' };
        const note = truncated ? `\n[Only the first ${max} files are listed. Use a narrower glob.]` : '';
        return { ok: true, output: `${files.length} file${files.length === 1 ? '' : 's'}:\n${files.map((f) => f.display).join('\n')}${note}` };
      },
    };
  },
};
