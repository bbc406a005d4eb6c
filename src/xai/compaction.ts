// POST /responses/compact (xAI's context compaction): the conversation so far goes in, one opaque
// item of type "compaction" comes back (`{object: "response.compaction", output: [{type: "compaction",
// id, encrypted_content}], usage}`). The item stands in for that input in later requests and must be
// sent back verbatim, so the output items are kept exactly as parsed and never rebuilt.
import type { CompactionRequest, CompactionResult } from './types';
import { say } from '../shared/localise';
import type { RequestSpec, Transport } from './transport';
import { isRecord } from '../shared/isRecord';
import { malformedError, XaiError } from './errors';
import { requestJson } from './jsonRequest';
import { responsesBody } from './requestBody';
import { usageFromResponses } from './usage';

export function compactionSpec(request: CompactionRequest): RequestSpec {
  // The same translation of chat-style turns as /responses, and only model, input and instructions.
  const body = responsesBody({ model: request.model, input: request.input, instructions: request.instructions }, false);
  return { method: 'POST', path: '/responses/compact', body, model: request.model };
}

/**
 * The compacted window from the answer, or undefined when it holds no compaction item. Tolerant: an
 * answer that is the output list itself, or an item list with other items beside the compaction item
 * (OpenAI-style servers return kept user messages too), is taken as it is, in its order.
 */
export function compactionFrom(json: unknown): CompactionResult | undefined {
  const output = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.output) ? json.output : undefined;
  if (!output) return undefined;
  const items = output.filter((i): i is CompactionResult['items'][number] => isRecord(i) && typeof i.type === 'string');
  if (!items.some((i) => i.type === 'compaction' && typeof i.encrypted_content === 'string' && i.encrypted_content !== '')) return undefined;
  const result: CompactionResult = { items };
  const usage = isRecord(json) ? usageFromResponses(json.usage) : undefined;
  if (usage) result.usage = usage;
  if (isRecord(json) && typeof json.id === 'string') result.id = json.id;
  return result;
}

export async function compact(transport: Transport, request: CompactionRequest, signal: AbortSignal | undefined): Promise<CompactionResult> {
  const spec = compactionSpec(request);
  const { json } = await requestJson(transport, spec, signal);
  const result = compactionFrom(json);
  if (!result) throw new XaiError(malformedError(transport.context(spec), say('a compaction answer without a compaction item')));
  return result;
}
