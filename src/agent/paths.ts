// Confines every path a tool is given to the workspace folders. A path that leaves them (`..`, an
// absolute path elsewhere, `~`, a symbolic link pointing out) is refused with a message Grok can act on.
// Files matching the sensitive globs resolve, but are flagged: even reading them needs the user's approval.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { matchesAnyGlob } from './glob';

export interface WorkspaceFolderLike {
  name: string;
  /** Absolute file-system path. */
  path: string;
}

export const DEFAULT_SENSITIVE_FILES = ['.env*', '*.pem', '*.key', 'id_rsa*', '.npmrc', '*.p12'];

export type ResolvedPath =
  | {
      ok: true;
      absolute: string;
      /** '/'-separated, relative to its folder; '' for the folder itself. */
      relative: string;
      folder: WorkspaceFolderLike;
      /** Matches grok.agent.sensitiveFiles: ask before any access. */
      sensitive: boolean;
    }
  | { ok: false; message: string };

export async function resolveWorkspacePath(
  input: unknown,
  folders: readonly WorkspaceFolderLike[],
  sensitiveGlobs: readonly string[] = DEFAULT_SENSITIVE_FILES,
): Promise<ResolvedPath> {
  if (folders.length === 0) return { ok: false, message: 'No workspace folder is open, so there are no files to work on.' };
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, message: 'The path is empty.' };
  if (input.includes('\0')) return { ok: false, message: 'The path contains a NUL character.' };
  const raw = input.trim();
  if (raw === '~' || raw.startsWith('~/') || raw.startsWith('~\\')) {
    return { ok: false, message: `\`${raw}\` is in the home folder, outside the workspace. Use a path inside the workspace folder${folders.length > 1 ? 's' : ''}: ${names(folders)}.` };
  }
  const { folder, candidate } = pick(raw, folders);
  const lexical = folders.find((f) => isInside(f.path, candidate)) ?? (isInside(folder.path, candidate) ? folder : undefined);
  if (!lexical) {
    return { ok: false, message: `\`${raw}\` is outside the workspace. Only paths inside ${names(folders)} can be used; give a path relative to the workspace folder.` };
  }
  // The lexical check is not enough: a symbolic link inside the workspace may point anywhere.
  const realRoot = await fs.realpath(lexical.path).catch(() => lexical.path);
  const realCandidate = await realpathOfDeepestExisting(candidate);
  if (!isInside(realRoot, realCandidate)) {
    return { ok: false, message: `\`${raw}\` leads outside the workspace through a symbolic link, so it cannot be used.` };
  }
  const relative = path.relative(lexical.path, candidate).split(path.sep).join('/');
  return { ok: true, absolute: candidate, relative, folder: lexical, sensitive: relative !== '' && matchesAnyGlob(relative, sensitiveGlobs) };
}

/** An absolute path as given; a relative one under the folder it names first (multi-root), else the first folder. */
function pick(raw: string, folders: readonly WorkspaceFolderLike[]): { folder: WorkspaceFolderLike; candidate: string } {
  if (path.isAbsolute(raw)) {
    const candidate = path.resolve(raw);
    return { folder: folders.find((f) => isInside(f.path, candidate)) ?? folders[0], candidate };
  }
  const first = raw.split(/[\\/]/)[0];
  const named = folders.length > 1 ? folders.find((f) => f.name === first) : undefined;
  if (named) return { folder: named, candidate: path.resolve(named.path, raw.slice(first.length).replace(/^[\\/]+/, '') || '.') };
  return { folder: folders[0], candidate: path.resolve(folders[0].path, raw) };
}

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * realpath() of the longest existing prefix, with the missing rest appended (a file about to be
 * created). A dangling link is followed by hand: writing through it would create its target.
 */
async function realpathOfDeepestExisting(p: string): Promise<string> {
  const rest: string[] = [];
  let current = p;
  for (let hops = 0; hops < 64; hops++) {
    try {
      return path.join(await fs.realpath(current), ...[...rest].reverse());
    } catch {
      const stat = await fs.lstat(current).catch(() => undefined);
      if (stat?.isSymbolicLink()) {
        current = path.resolve(path.dirname(current), await fs.readlink(current));
        continue;
      }
      const parent = path.dirname(current);
      if (parent === current) return p;
      rest.push(path.basename(current));
      current = parent;
    }
  }
  return path.sep; // a link loop: treat as outside
}

function names(folders: readonly WorkspaceFolderLike[]): string {
  return folders.map((f) => `"${f.name}"`).join(', ');
}
