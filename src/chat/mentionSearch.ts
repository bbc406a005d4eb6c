// The mention picker's matching and the text a mention sends, pure (no vscode): which files and
// folders match what was typed after # or @, in what order, and how the Problems list and a folder's
// listing read to the model. Unit-tested directly.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { t } from '../platform/localise';

/** A file path, workspace-relative with forward slashes, and the string its URI was. */
export interface WorkspacePath {
  rel: string;
  uri: string;
}

/**
 * How well `rel` matches `query` (lower is better), or undefined for no match: the file name starting
 * with it, then containing it, then the path containing it, then its letters in order (fuzzy).
 */
export function matchScore(rel: string, query: string): number | undefined {
  const q = query.toLowerCase();
  if (!q) return rel.split('/').length;
  const lower = rel.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (base === q) return 0;
  if (base.startsWith(q)) return 1;
  if (base.includes(q)) return 2;
  if (lower.includes(q)) return 3;
  let at = 0;
  for (const ch of q) {
    at = lower.indexOf(ch, at);
    if (at < 0) return undefined;
    at++;
  }
  return 4;
}

/** The best `limit` matches, better first; ties: shorter path, then alphabetical. */
export function rankPaths<T extends { rel: string }>(items: readonly T[], query: string, limit: number): T[] {
  const scored: Array<{ item: T; score: number }> = [];
  for (const item of items) {
    const score = matchScore(item.rel, query);
    if (score !== undefined) scored.push({ item, score });
  }
  scored.sort((a, b) => a.score - b.score || a.item.rel.length - b.item.rel.length || a.item.rel.localeCompare(b.item.rel));
  return scored.slice(0, limit).map((s) => s.item);
}

/** Every folder that holds one of the files (workspace-relative, without the root itself). */
export function foldersOf(files: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = path.posix.dirname(file); dir !== '.' && dir !== '/' && !folders.has(dir); dir = path.posix.dirname(dir)) folders.add(dir);
  }
  return [...folders].sort();
}

/** A folder's listing as sent: its files and subfolders (subfolders end in /), one a line, bounded. */
export function folderListing(folder: string, files: readonly string[], max = 500): { text: string; total: number } {
  const prefix = folder ? `${folder}/` : '';
  const entries = new Set<string>();
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length);
    entries.add(rest);
    for (let dir = path.posix.dirname(rest); dir !== '.'; dir = path.posix.dirname(dir)) entries.add(`${dir}/`);
  }
  const sorted = [...entries].sort();
  const shown = sorted.slice(0, max);
  const more = sorted.length - shown.length;
  return { text: shown.join('\n') + (more > 0 ? `\n[… ${more} more entries left out]` : ''), total: sorted.length };
}

export interface ProblemLike {
  /** Workspace-relative path. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
}

const SEVERITY_ORDER: Record<ProblemLike['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** The Problems list as sent: errors first, one a line, `file:line:column severity: message (source)`. */
export function problemsText(problems: readonly ProblemLike[], max = 300): { text: string; errors: number; warnings: number } {
  const sorted = [...problems].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.file.localeCompare(b.file) || a.line - b.line);
  const lines = sorted.slice(0, max).map((p) => `${p.file}:${p.line}:${p.column} ${p.severity}: ${p.message.replace(/\s*\n\s*/g, ' ')}${p.source ? ` (${p.source})` : ''}`);
  if (sorted.length > max) lines.push(`[… ${sorted.length - max} more problems left out]`);
  return { text: lines.join('\n'), errors: problems.filter((p) => p.severity === 'error').length, warnings: problems.filter((p) => p.severity === 'warning').length };
}

/** What a typed query means when it is a path that cannot be in the workspace ("/etc/hosts", "../x", "~/x"). */
export function outsideWorkspacePath(query: string): boolean {
  return /^(?:\/|~|[A-Za-z]:[\\/]|\.\.(?:[\\/]|$))/.test(query) || /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(query);
}

/** A path inside (or equal to) a root, on the same platform rules as `path`. */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Bytes that look like a binary file (a NUL in the first 8 KB). */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** "12.3 KB" for a byte count. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
}

/**
 * The uncommitted changes under `cwd` (git diff HEAD, limited to that folder and with paths relative to
 * it: a workspace inside a larger repository sends only its own changes), or why there are none to get.
 */
export async function gitDiff(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ text: string } | { error: string }> {
  const name = path.basename(cwd);
  const git = (args: string[]) =>
    new Promise<{ ok: true; out: string } | { ok: false; missing: boolean; said: string }>((resolve) => {
      execFile('git', args, { cwd, env, maxBuffer: 32 * 1024 * 1024, timeout: 10_000, windowsHide: true }, (err, stdout, stderr) => {
        if (!err) resolve({ ok: true, out: stdout });
        else resolve({ ok: false, missing: (err as NodeJS.ErrnoException).code === 'ENOENT', said: String(stderr).trim() || err.message });
      });
    });
  // Outside a repository `git diff` compares files instead of failing: ask first.
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok) {
    if (inside.missing) return { error: t('git is not installed (or not on the PATH), so there is no git diff to attach.') };
    if (/not a git repository/i.test(inside.said)) return { error: t('{0} is not a git repository: there is no git diff to attach.', name) };
    return { error: t('git failed: {0}', inside.said.split('\n')[0]) };
  }
  const diff = await git(['-c', 'core.quotepath=off', 'diff', 'HEAD', '--no-color', '--no-ext-diff', '--relative', '--', '.']);
  if (diff.ok) return { text: diff.out };
  if (/ambiguous argument 'HEAD'|unknown revision|bad revision/i.test(diff.said)) return { error: t('{0} has no commit yet: git diff HEAD has nothing to compare with.', name) };
  return { error: t('git diff failed: {0}', diff.said.split('\n')[0]) };
}
