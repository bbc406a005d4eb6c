// A small glob matcher for workspace-relative paths ('/' separated): `*` and `?` stay inside one path
// segment, `**` spans segments, `{a,b}` alternates, `[abc]` is a class. A pattern without '/' matches
// the file's name at any depth (as .gitignore and files.exclude do). Written here rather than bundling a
// glob library: the agent needs this much and no more.

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let p = pattern.trim();
  const anchored = p.startsWith('/');
  if (anchored) p = p.slice(1);
  if (p.endsWith('/')) p = p.slice(0, -1);
  const body = translate(p);
  // No slash: the name at any depth. With a slash: the path from the root (gitignore semantics).
  const source = !anchored && !p.includes('/') ? `^(?:.*/)?${body}$` : `^${body}$`;
  const re = new RegExp(source);
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

function translate(p: string): string {
  let out = '';
  let inBraces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        i++;
        // "**/" matches zero or more whole segments; a trailing "**" anything below.
        if (p[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      inBraces++;
      out += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      out += ')';
    } else if (c === ',' && inBraces > 0) out += '|';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        let cls = p.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < p.length) {
      out += escape(p[++i]);
    } else out += escape(c);
  }
  return out + ')'.repeat(inBraces);
}

function escape(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** `relativePath` uses '/' separators and no leading './'. */
export function matchesGlob(relativePath: string, pattern: string): boolean {
  return globToRegExp(pattern).test(relativePath);
}

export function matchesAnyGlob(relativePath: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p.trim() !== '' && matchesGlob(relativePath, p));
}
