// POST /v1/tokenize-text. Not xAI's tokenizer: words (with their leading whitespace) and single
// punctuation marks become tokens, which is close enough for tests of context budgeting, and
// deterministic so tests can predict counts.

export interface TokenInfo {
  token_id: number;
  string_token: string;
  token_bytes: number[];
}

const TOKEN = /\s*[\p{L}\p{N}_]+|\s*[^\s\p{L}\p{N}_]|\s+/gu;

export function tokenize(text: string): { token_ids: TokenInfo[] } {
  const tokens = text.match(TOKEN) ?? [];
  return {
    token_ids: tokens.map((t) => ({ token_id: tokenId(t), string_token: t, token_bytes: [...Buffer.from(t, 'utf8')] })),
  };
}

/** FNV-1a of the token text, folded into a 17-bit vocabulary: stable across runs. */
function tokenId(token: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(token, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 131072;
}
