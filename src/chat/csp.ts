// The chat webview's Content Security Policy, in one place (no vscode import), so that the page's
// tests in Chromium run under exactly the policy users get: nothing inline, scripts only by a
// per-instance nonce, styles and fonts only from the extension's own files, no remote anything.
export function chatCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    // Images only from bytes the host sent or the page read itself (attached, generated): never a URL.
    "img-src data: blob:",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
