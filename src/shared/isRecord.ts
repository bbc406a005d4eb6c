// The one test that a value read from outside (JSON from the wire, a file, the page or VS Code) is an
// object whose fields can be read: not null, not an array. Import-free, so the client (no vscode), the
// host and the page share it.
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
