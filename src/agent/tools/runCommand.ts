// run_command: a shell command in a workspace folder. It always asks, unless every sub-command is on the
// user's allow-list (commandSplitter.ts). Output is captured within the cap; the timeout and Stop kill the
// whole process tree.
import * as path from 'node:path';
import type { AgentTool } from './toolTypes';
import { t } from '../../platform/localise';
import { judgeCommand } from '../commandSplitter';
import { isInside } from '../paths';
import { matchesAnyGlob } from '../glob';
import { display, resolve, str } from './common';

export const runCommandTool: AgentTool = {
  name: 'run_command',
  description:
    'Run a shell command in the workspace folder (or a folder inside it) and return its output and exit code. The user approves commands that are not on their allow-list. Do not start commands that never end (servers, watchers).',
  readOnly: false,
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'string', description: 'The command line, e.g. "npm test".' },
      cwd: { type: 'string', description: 'Folder to run in, relative to the workspace folder. Default: the workspace folder.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
  async prepare(args, ctx) {
    const line = (str(args.command) ?? '').trim();
    if (line === '') return { error: 'The command is empty.' };
    const r = await resolve(ctx, str(args.cwd) || '.');
    if ('error' in r) return r;
    const where = display(ctx, r);
    const root = r.folder.path;
    const cwd = r.absolute;
    const inside = (target: string) => !target.startsWith('~') && isInside(root, path.resolve(cwd, target));
    const verdict = judgeCommand(line, ctx.settings.allowedCommands, inside);
    // An allow-listed `cat .env` would read a sensitive file without asking: a word naming one asks.
    const sensitive =
      verdict.kind === 'cannotJudge'
        ? undefined
        : verdict.subCommands
            .flatMap((c) => c.words.slice(1))
            .find((w) => {
              const p = w.replace(/^\.\//, '');
              return matchesAnyGlob(p, ctx.settings.sensitiveFiles) || matchesAnyGlob(path.basename(p), ctx.settings.sensitiveFiles);
            });
    const approval =
      verdict.kind === 'allowed' && !sensitive
        ? undefined
        : verdict.kind === 'allowed'
          ? { kind: 'command' as const, reason: t('It names `{0}`, which matches grok.agent.sensitiveFiles.', sensitive ?? '') }
          : verdict.kind === 'cannotJudge'
          ? { kind: 'command' as const, reason: t('This command asks because {0}.', verdict.reason) }
          : { kind: 'command' as const, reason: t('Not on your allow-list (grok.agent.allowedCommands): {0}.', verdict.notAllowed.map((c) => `\`${c}\``).join(', ')) };
    return {
      approval,
      summary: where === '.' ? t('Run `{0}`', line) : t('Run `{0}` in {1}', line, where),
      command: { line, cwd },
      async execute(signal) {
        const timeoutSeconds = ctx.settings.commandTimeoutSeconds;
        const outcome = await ctx.runner.run(line, cwd, { timeoutMs: timeoutSeconds * 1000, signal, maxChars: ctx.settings.maxResultChars });
        if (outcome.error) return { ok: false, output: `The command could not be started: ${outcome.error}` };
        const body = outcome.output.trim() === '' ? '(no output)' : outcome.output;
        if (outcome.stopped) return { ok: false, output: `The user stopped the command; its processes were killed. Output so far:\n${body}` };
        if (outcome.timedOut) return { ok: false, output: `The command did not finish within ${timeoutSeconds} s (grok.agent.commandTimeoutSeconds); its processes were killed. Output so far:\n${body}` };
        return { ok: outcome.exitCode === 0, output: `Exit code ${outcome.exitCode}\n${body}`, exitCode: outcome.exitCode ?? undefined };
      },
    };
  },
};
