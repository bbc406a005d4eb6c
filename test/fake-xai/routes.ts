// Route keys (`POST /v1/chat/completions`) and their matching. A key may end in `*` to match any
// path under a prefix (`GET /v1/chat/deferred-completion/*`); exact keys win over prefixes.

export const CONTROL_PREFIX = '/__control';

/** Validates and normalizes a route key: upper-case method, one space, path without trailing slash. */
export function normalizeRoute(route: string): string {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(route);
  if (!match) {
    throw new Error(`fake-xai: a route looks like 'POST /v1/chat/completions', got ${JSON.stringify(route)}`);
  }
  const path = normalizePath(match[2]);
  if (path.startsWith(CONTROL_PREFIX)) throw new Error(`fake-xai: ${CONTROL_PREFIX} routes cannot be scripted`);
  return `${match[1].toUpperCase()} ${path}`;
}

export function normalizePath(path: string): string {
  const noQuery = path.split('?')[0];
  return noQuery.length > 1 && noQuery.endsWith('/') && !noQuery.endsWith('*/') ? noQuery.slice(0, -1) : noQuery;
}

function matches(pattern: string, route: string): boolean {
  return pattern.endsWith('*') ? route.startsWith(pattern.slice(0, -1)) : pattern === route;
}

/** The first key that matches `route` and passes `usable`: exact keys first, then the longest prefix. */
export function findRoute(keys: Iterable<string>, route: string, usable: (key: string) => boolean = () => true): string | undefined {
  const candidates = [...keys].filter((k) => matches(k, route) && usable(k));
  candidates.sort((a, b) => Number(a.endsWith('*')) - Number(b.endsWith('*')) || b.length - a.length);
  return candidates[0];
}

/** True when some key serves this path with another method (the answer is then 405, not 404). */
export function pathHasOtherMethod(keys: Iterable<string>, method: string, path: string): boolean {
  for (const key of keys) {
    const space = key.indexOf(' ');
    if (key.slice(0, space) !== method && matches(key.slice(space + 1), path)) return true;
  }
  return false;
}
