// Small helpers the tools share.
import { resolveWorkspacePath, type ResolvedPath } from '../paths';
import type { ApprovalNeed, ToolContext } from './toolTypes';
import { t } from '../../platform/localise';

export type Resolved = Extract<ResolvedPath, { ok: true }>;

export async function resolve(ctx: ToolContext, input: unknown): Promise<Resolved | { error: string }> {
  const r = await resolveWorkspacePath(input, ctx.folders, ctx.settings.sensitiveFiles);
  return r.ok ? r : { error: r.message };
}

/** How a path is shown to Grok and on cards: relative, with the folder's name in a multi-root workspace. */
export function display(ctx: ToolContext, r: Resolved): string {
  const rel = r.relative || '.';
  return ctx.folders.length > 1 ? `${r.folder.name}/${rel}` : rel;
}

/** Reading needs approval for sensitive files, and for every file when the user asked to be asked. */
export function readApproval(ctx: ToolContext, r: Resolved | undefined, what: string): ApprovalNeed | undefined {
  if (r?.sensitive) return { kind: 'sensitiveRead', reason: t('{0} matches grok.agent.sensitiveFiles, so reading it needs your approval.', what) };
  if (ctx.settings.askBeforeReading) return { kind: 'read', reason: t('grok.agent.askBeforeReading is on.') };
  return undefined;
}

/** The approval reason for each change, one whole sentence each so every language can order its words. */
const WANTS = {
  edit: (f: string) => t('Grok wants to edit {0}.', f),
  create: (f: string) => t('Grok wants to create {0}.', f),
  replace: (f: string) => t('Grok wants to replace {0}.', f),
  delete: (f: string) => t('Grok wants to delete {0}.', f),
};

/** Changes need approval unless edits are auto-approved; a sensitive file always asks. */
export function editApproval(ctx: ToolContext, r: Resolved, verb: keyof typeof WANTS): ApprovalNeed | undefined {
  if (r.sensitive) return { kind: 'edit', reason: t('{0} matches grok.agent.sensitiveFiles, so every change to it needs your approval.', display(ctx, r)) };
  if (ctx.settings.autoApproveEdits) return undefined;
  return { kind: 'edit', reason: WANTS[verb](display(ctx, r)) };
}

export function fail(output: string) {
  return { ok: false, output };
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
