// Lists workspace files the way the user sees them in the Explorer and search: `.gitignore` files (at
// every level, with `!` negation and folder-only rules) and files.exclude are honoured, `.git` is skipped,
// symbolic links are not followed (they could lead outside the workspace).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceFolderLike } from './paths';
import { globToRegExp, matchesAnyGlob } from './glob';

export interface WalkedFile {
  absolute: string;
  /** '/'-separated, relative to its folder. */
  relative: string;
  /** Relative path as shown to Grok: prefixed with the folder's name in a multi-root workspace. */
  display: string;
  folder: WorkspaceFolderLike;
}

export interface WalkOptions {
  exclude: readonly string[];
  /** Stop after this many files (the result says it stopped). */
  maxFiles: number;
  /** Only files whose relative path matches this glob. */
  include?: string;
  signal?: AbortSignal;
}

interface IgnoreRule {
  re: RegExp;
  negated: boolean;
  dirOnly: boolean;
  /** The folder holding the .gitignore, relative to the workspace folder ('' at the top). */
  base: string;
}

export async function walkFiles(folders: readonly WorkspaceFolderLike[], options: WalkOptions): Promise<{ files: WalkedFile[]; truncated: boolean }> {
  const files: WalkedFile[] = [];
  const include = options.include ? globToRegExp(options.include) : undefined;
  let truncated = false;
  for (const folder of folders) {
    const prefix = folders.length > 1 ? `${folder.name}/` : '';
    const stack: Array<{ dir: string; rel: string; rules: IgnoreRule[] }> = [{ dir: folder.path, rel: '', rules: [] }];
    while (stack.length > 0) {
      if (options.signal?.aborted) return { files, truncated: true };
      const { dir, rel, rules: inherited } = stack.pop() as { dir: string; rel: string; rules: IgnoreRule[] };
      const rules = [...inherited, ...(await readGitignore(dir, rel))];
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      const subdirs: Array<{ dir: string; rel: string; rules: IgnoreRule[] }> = [];
      for (const entry of entries) {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        const isDir = entry.isDirectory();
        if (entry.name === '.git' || matchesAnyGlob(childRel, options.exclude) || ignored(childRel, isDir, rules)) continue;
        if (isDir) subdirs.push({ dir: path.join(dir, entry.name), rel: childRel, rules });
        else if (entry.isFile()) {
          if (include && !include.test(childRel) && !include.test(prefix + childRel)) continue;
          if (files.length >= options.maxFiles) {
            truncated = true;
            return { files, truncated };
          }
          files.push({ absolute: path.join(dir, entry.name), relative: childRel, display: prefix + childRel, folder });
        }
      }
      // Reverse-sorted entries pushed onto a stack come off in name order.
      stack.push(...subdirs);
    }
  }
  return { files: files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0)), truncated };
}

async function readGitignore(dir: string, rel: string): Promise<IgnoreRule[]> {
  const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => '');
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    rules.push({ re: globToRegExp(line), negated, dirOnly, base: rel });
  }
  return rules;
}

function ignored(relative: string, isDir: boolean, rules: readonly IgnoreRule[]): boolean {
  let result = false;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    if (rule.base && !relative.startsWith(`${rule.base}/`)) continue;
    const local = rule.base ? relative.slice(rule.base.length + 1) : relative;
    if (rule.re.test(local)) result = !rule.negated;
  }
  return result;
}
