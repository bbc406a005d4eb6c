// Usage from both APIs, normalised to xAI's chat semantics: completionTokens excludes reasoning, so
// total = prompt + completion + reasoning, and the host can price reasoning without double counting.
import type { Usage } from './types';
import { isRecord } from '../shared/isRecord';
import { toolName } from './serverTools';

/** chat/completions `usage`. xAI keeps reasoning out of completion_tokens; OpenAI puts it inside. */
export function usageFromChat(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const prompt = count(raw.prompt_tokens);
  let completion = count(raw.completion_tokens);
  const promptDetails = isRecord(raw.prompt_tokens_details) ? raw.prompt_tokens_details : {};
  const completionDetails = isRecord(raw.completion_tokens_details) ? raw.completion_tokens_details : {};
  const reasoning = count(completionDetails.reasoning_tokens ?? raw.reasoning_tokens);
  const total = typeof raw.total_tokens === 'number' ? raw.total_tokens : undefined;
  // A total that adds up without reasoning means reasoning sits inside completion (OpenAI-style servers).
  if (reasoning > 0 && total === prompt + completion && completion >= reasoning) completion -= reasoning;
  return build(raw, prompt, count(promptDetails.cached_tokens), completion, reasoning, count(promptDetails.image_tokens), total);
}

/** /responses `usage`: output_tokens INCLUDES reasoning (recording 21: 160 = 152 reasoning + 8). */
export function usageFromResponses(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const prompt = count(raw.input_tokens);
  const output = count(raw.output_tokens);
  const inputDetails = isRecord(raw.input_tokens_details) ? raw.input_tokens_details : {};
  const outputDetails = isRecord(raw.output_tokens_details) ? raw.output_tokens_details : {};
  const reasoning = Math.min(count(outputDetails.reasoning_tokens), output);
  const total = typeof raw.total_tokens === 'number' ? raw.total_tokens : undefined;
  return build(raw, prompt, count(inputDetails.cached_tokens), output - reasoning, reasoning, count(inputDetails.image_tokens), total);
}

function build(
  raw: Record<string, unknown>,
  prompt: number,
  cached: number,
  completion: number,
  reasoning: number,
  image: number,
  total: number | undefined,
): Usage {
  const usage: Usage = {
    promptTokens: prompt,
    // xAI was seen reporting more cached tokens than prompt tokens (recording 11: 1020 > 560).
    cachedPromptTokens: Math.min(cached, prompt),
    completionTokens: completion,
    reasoningTokens: reasoning,
    imageTokens: image,
    totalTokens: total ?? prompt + completion + reasoning,
    numSourcesUsed: count(raw.num_sources_used),
  };
  if (typeof raw.cost_in_usd_ticks === 'number') usage.costInUsdTicks = raw.cost_in_usd_ticks;
  if (typeof raw.num_server_side_tools_used === 'number') usage.serverSideToolsUsed = raw.num_server_side_tools_used;
  const perTool = serverToolCallsOf(raw.server_side_tool_usage_details);
  if (perTool) usage.serverToolCalls = perTool;
  return usage;
}

/** {web_search_calls: 2, x_search_calls: 0, code_interpreter_calls: 1} -> {web_search: 2, code_execution: 1}. */
function serverToolCallsOf(raw: unknown): Record<string, number> | undefined {
  if (!isRecord(raw)) return undefined;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    const calls = count(value);
    if (calls > 0) out[toolName(key.replace(/_calls$/, ''))] = calls;
  }
  return Object.keys(out).length ? out : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
