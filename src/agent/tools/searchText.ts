// search_text: a regex or literal over the workspace's text files, with paths and line numbers.
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { capOutput } from '../outputCap';
import { num, readApproval, str } from './common';

const DEFAULT_MAX = 200;

export const searchTextTool: AgentTool = {
  name: 'search_text',
  description: 'Search the workspace files for text. Returns "path:line: text" for each matching line. Literal by default; set isRegex for a regular expression.',
  readOnly: true,
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Text or regular expression to find.' },
      isRegex: { type: 'boolean', description: 'Treat query as a regular expression. Default false.' },
      caseSensitive: { type: 'boolean', description: 'Default false.' },
      glob: { type: 'string', description: 'Only search files matching this glob, e.g. "src/**/*.ts".' },
      maxResults: { type: 'integer', minimum: 1, description: `At most this many matching lines (default ${DEFAULT_MAX}).` },
    },
    required: ['query'],
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    const query = str(args.query) ?? '';
    if (query === '') return { error: 'The query is empty.' };
    if (ctx.folders.length === 0) return { error: 'No workspace folder is open.' };
    const glob = str(args.glob)?.trim() || undefined;
    const max = Math.min(num(args.maxResults) ?? DEFAULT_MAX, 2000);
    return {
      approval: readApproval(ctx, undefined, ''),
      summary: glob ? t('Search for {0} in {1}', JSON.stringify(query), glob) : t('Search for {0}', JSON.stringify(query)),
      async execute(signal) {
        const outcome = await ctx.searcher.search(
          { pattern: query, isRegex: args.isRegex === true, caseSensitive: args.caseSensitive === true, include: glob, maxResults: max },
          { folders: ctx.folders, exclude: ctx.settings.filesExclude, sensitive: ctx.settings.sensitiveFiles },
          signal,
        );
        if (outcome.error) return { ok: false, output: outcome.error };
        if (outcome.matches.length === 0) return { ok: true, output: `No matches for ${JSON.stringify(query)}.` };
        const lines = outcome.matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
        const note = outcome.truncated ? `\n[Only the first ${max} matches are shown. Narrow the query or the glob.]` : '';
        return { ok: true, output: capOutput(`${outcome.matches.length} matches:\n${lines.join('\n')}${note}`, ctx.settings.maxResultChars) };
      },
    };
  },
};
