// A request as a cURL command a user can paste into a POSIX shell. The key is the literal
// $XAI_API_KEY, expanded by the shell; the real key never enters the text.
export interface CurlRequest {
  baseUrl: string;
  method: string;
  path: string;
  body?: unknown;
  /** Adds -N so curl prints events as they arrive. */
  stream?: boolean;
}

export function toCurl(request: CurlRequest): string {
  const method = request.method.toUpperCase();
  const url = request.baseUrl.replace(/\/+$/, '') + request.path;
  const lines = [`curl ${request.stream ? '-N ' : ''}${method === 'GET' && request.body === undefined ? '' : `-X ${method} `}${shellQuote(url)}`];
  // Double quotes on purpose: the shell must expand the variable.
  lines.push('-H "Authorization: Bearer $XAI_API_KEY"');
  if (request.body !== undefined) {
    lines.push(`-H ${shellQuote('Content-Type: application/json')}`);
    lines.push(`-d ${shellQuote(JSON.stringify(request.body, null, 2))}`);
  }
  return lines.join(' \\\n  ');
}

/** Single quotes keep everything literal; a ' inside is closed, escaped and reopened: '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
