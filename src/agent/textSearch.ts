// search_text's engines: the ripgrep VS Code ships (fast, honours .gitignore) and a plain JS scan for
// hosts where it cannot be found. Both skip files.exclude, .gitignore'd and sensitive files.
import { spawn } from 'node:child_process';
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceFolderLike } from './paths';
import { walkFiles } from './fileWalker';
import { matchesAnyGlob } from './glob';

export interface SearchQuery {
  pattern: string;
  isRegex: boolean;
  caseSensitive: boolean;
  /** Only files matching this glob. */
  include?: string;
  maxResults: number;
}

export interface SearchScope {
  folders: readonly WorkspaceFolderLike[];
  exclude: readonly string[];
  sensitive: readonly string[];
}

export interface SearchMatch {
  /** As shown to Grok (folder name first in a multi-root workspace). */
  path: string;
  line: number;
  text: string;
}

export interface SearchOutcome {
  matches: SearchMatch[];
  truncated: boolean;
  /** A pattern ripgrep or JS refused, in words. */
  error?: string;
}

export interface TextSearcher {
  readonly engine: 'ripgrep' | 'js';
  search(query: SearchQuery, scope: SearchScope, signal: AbortSignal): Promise<SearchOutcome>;
}

const MAX_LINE = 300;

/** Where VS Code keeps its ripgrep: desktop builds, asar-unpacked builds, and code-server's universal package. */
export async function locateRipgrep(appRoot: string | undefined): Promise<string | undefined> {
  if (!appRoot) return undefined;
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const candidates = [
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', exe),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', exe),
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, exe),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, exe),
  ];
  for (const candidate of candidates) {
    if (await fs.access(candidate, fsConstants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

export class RipgrepSearcher implements TextSearcher {
  readonly engine = 'ripgrep' as const;

  constructor(private readonly rgPath: string) {}

  search(query: SearchQuery, scope: SearchScope, signal: AbortSignal): Promise<SearchOutcome> {
    const args = ['--json', '--no-config', '--hidden', '--no-require-git', '--glob', '!.git'];
    args.push(query.caseSensitive ? '--case-sensitive' : '--ignore-case');
    if (!query.isRegex) args.push('--fixed-strings');
    for (const g of [...scope.exclude, ...scope.sensitive]) args.push('--glob', `!${g}`);
    if (query.include) args.push('--glob', query.include);
    // As --regexp's value the pattern may start with '-'.
    args.push('--regexp', query.pattern);
    // Run in each folder with '.' as the path: ripgrep matches globs against the path as given.
    const matches: SearchMatch[] = [];
    const run = async (): Promise<SearchOutcome> => {
      for (const folder of scope.folders) {
        const prefix = scope.folders.length > 1 ? `${folder.name}/` : '';
        const outcome = await this.searchFolder(args, folder.path, prefix, query.maxResults - matches.length, matches, signal);
        if (outcome.error || outcome.truncated) return { matches: sortMatches(matches), truncated: outcome.truncated, error: outcome.error };
      }
      return { matches: sortMatches(matches), truncated: false };
    };
    return run();
  }

  private searchFolder(args: string[], cwd: string, prefix: string, room: number, matches: SearchMatch[], signal: AbortSignal): Promise<{ truncated: boolean; error?: string }> {
    return new Promise((resolve) => {
      let truncated = false;
      let found = 0;
      let stderr = '';
      let buffer = '';
      const child = spawn(this.rgPath, [...args, '.'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      const stop = () => child.kill();
      signal.addEventListener('abort', stop, { once: true });
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0 && !truncated) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const match = parseMatch(line, prefix);
          if (!match) continue;
          if (found >= room) {
            truncated = true;
            child.kill();
            break;
          }
          found++;
          matches.push(match);
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(0, 2000)));
      child.on('error', (e) => resolve({ truncated, error: `ripgrep could not start: ${e.message}` }));
      child.on('close', (code) => {
        signal.removeEventListener('abort', stop);
        // 1 means "no match"; 2 with matches means some files could not be read.
        const error = code === 2 && found === 0 && stderr ? stderr.trim().split('\n').slice(0, 3).join(' ') : undefined;
        resolve({ truncated, error });
      });
    });
  }
}

function parseMatch(line: string, prefix: string): SearchMatch | undefined {
  if (!line.startsWith('{"type":"match"')) return undefined;
  try {
    const data = (JSON.parse(line) as { data: { path: { text?: string }; line_number: number; lines: { text?: string } } }).data;
    const file = data.path.text;
    if (!file) return undefined;
    const rel = file.replace(/^\.[\\/]/, '').split(path.sep).join('/');
    return { path: prefix + rel, line: data.line_number, text: clip(data.lines.text ?? '') };
  } catch {
    return undefined;
  }
}

export class JsSearcher implements TextSearcher {
  readonly engine = 'js' as const;

  async search(query: SearchQuery, scope: SearchScope, signal: AbortSignal): Promise<SearchOutcome> {
    let re: RegExp;
    try {
      re = new RegExp(query.isRegex ? query.pattern : query.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), query.caseSensitive ? '' : 'i');
    } catch (e) {
      return { matches: [], truncated: false, error: `Not a valid regular expression: ${e instanceof Error ? e.message : String(e)}` };
    }
    const { files } = await walkFiles(scope.folders, { exclude: scope.exclude, include: query.include, maxFiles: 50000, signal });
    const matches: SearchMatch[] = [];
    for (const file of files) {
      if (signal.aborted) break;
      if (matchesAnyGlob(file.relative, scope.sensitive)) continue;
      const stat = await fs.stat(file.absolute).catch(() => undefined);
      if (!stat || stat.size > 4 * 1024 * 1024) continue;
      const bytes = await fs.readFile(file.absolute).catch(() => undefined);
      if (!bytes || bytes.subarray(0, 8192).includes(0)) continue;
      const lines = bytes.toString('utf8').split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        if (!re.test(lines[i])) continue;
        if (matches.length >= query.maxResults) return { matches, truncated: true };
        matches.push({ path: file.display, line: i + 1, text: clip(lines[i]) });
      }
    }
    return { matches, truncated: false };
  }
}

function clip(text: string): string {
  const line = text.replace(/\r?\n$/, '');
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

function sortMatches(matches: SearchMatch[]): SearchMatch[] {
  return matches.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}
