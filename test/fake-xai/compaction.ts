// POST /v1/responses/compact as xAI answers it (docs.x.ai, "Context Compaction"): a `response.compaction`
// object whose output is one item `{type: "compaction", id, encrypted_content}`, with usage (input_tokens:
// what was compacted; output_tokens: the compacted context). The blob is opaque to clients; this fake's is
// a digest of the compacted input sealed with a checksum, so /v1/responses can refuse an item that was not
// sent back byte for byte, as xAI cannot decrypt an altered one.
import { createHash } from 'node:crypto';
import { xaiError } from './errorBodies';
import type { RecordedRequest } from './recordedRequest';
import type { Reply } from './reply';
import { rawJsonValue } from './responsesScript';

const SEAL = 'fake-xai-compaction';

function seal(payload: string): string {
  return createHash('sha256').update(`${SEAL}:${payload}`).digest('hex').slice(0, 24);
}

/** The encrypted_content the fake issues for an input (its raw JSON text) of `items` items. */
export function compactionBlob(rawInput: string, items: number): string {
  const payload = Buffer.from(JSON.stringify({ items, input: createHash('sha256').update(rawInput).digest('hex') })).toString('base64url');
  return `fxc1.${payload}.${seal(payload)}`;
}

/** What a blob this fake issued says about the compacted input, or undefined when it was altered or is not one. */
export function openCompactionBlob(blob: unknown): { items: number; input: string } | undefined {
  if (typeof blob !== 'string') return undefined;
  const [version, payload, mac] = blob.split('.');
  if (version !== 'fxc1' || !payload || mac !== seal(payload)) return undefined;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { items: number; input: string };
  } catch {
    return undefined;
  }
}

export function compactReply(request: RecordedRequest): Reply {
  const body = request.json as { model?: unknown; input?: unknown } | undefined;
  if (typeof body?.model !== 'string' || !(typeof body.input === 'string' || Array.isArray(body.input))) {
    return xaiError(400, 'invalid-argument', 'Request body must be JSON with a string field "model" and a field "input".');
  }
  const bad = badCompactionItem(body.input);
  if (bad) return bad;
  const raw = rawJsonValue(request.body, 'input') ?? '';
  const inputTokens = Math.max(1, Math.ceil(raw.length / 4));
  const outputTokens = Math.min(inputTokens, 64 + Math.ceil(inputTokens / 10));
  return {
    json: {
      id: `cmp-${request.index}`,
      object: 'response.compaction',
      created_at: 1_780_000_000,
      model: body.model,
      output: [{ type: 'compaction', id: `cmp_item_${request.index}`, encrypted_content: compactionBlob(raw, Array.isArray(body.input) ? body.input.length : 1) }],
      usage: { input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: outputTokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: inputTokens + outputTokens },
    },
    contentLength: false,
  };
}

/** A 400 for an input whose compaction item this fake did not issue or that was altered; undefined when all are fine. */
export function badCompactionItem(input: unknown): Reply | undefined {
  if (!Array.isArray(input)) return undefined;
  for (const item of input) {
    if (!item || typeof item !== 'object' || (item as { type?: unknown }).type !== 'compaction') continue;
    if (!openCompactionBlob((item as { encrypted_content?: unknown }).encrypted_content)) {
      return xaiError(400, 'Client specified an invalid argument', 'Invalid compaction item: encrypted_content could not be decrypted. Send the item back exactly as it was returned.');
    }
  }
  return undefined;
}
