// Small helpers the tools share.
import { resolveWorkspacePath, type ResolvedPath } from '../paths';
import type { ApprovalNeed, ToolContext } from './toolTypes';

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
  if (r?.sensitive) return { kind: 'sensitiveRead', reason: `${what} matches grok.agent.sensitiveFiles, so reading it needs your approval.` };
  if (ctx.settings.askBeforeReading) return { kind: 'read', reason: 'grok.agent.askBeforeReading is on.' };
  return undefined;
}

/** Changes need approval unless edits are auto-approved; a sensitive file always asks. */
export function editApproval(ctx: ToolContext, r: Resolved, verb: string): ApprovalNeed | undefined {
  if (r.sensitive) return { kind: 'edit', reason: `${display(ctx, r)} matches grok.agent.sensitiveFiles, so every change to it needs your approval.` };
  if (ctx.settings.autoApproveEdits) return undefined;
  return { kind: 'edit', reason: `Grok wants to ${verb} ${display(ctx, r)}.` };
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
