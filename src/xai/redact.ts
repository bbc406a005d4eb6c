// Masks anything shaped like an xAI key or a bearer token, as a last guard on every line that leaves
// the client (errors, logs): a server or a proxy may echo a key back.
export function redact(text: string): string {
  return text
    .replace(/xai-[A-Za-z0-9_-]{8,}/g, 'xai-***')
    .replace(/(Bearer\s+)[^\s"']+/gi, '$1***');
}
