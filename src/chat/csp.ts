// The chat webview's Content Security Policy, in one place (no vscode import), so that the page's
// tests in Chromium run under exactly the policy users get: nothing inline, scripts only by a
// per-instance nonce, styles and fonts only from the extension's own files, no remote anything.
export function chatCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
