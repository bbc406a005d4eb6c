// From a model's tool call to a prepared call or an error result. Unknown names, malformed JSON, wrong
// types and tools outside the mode all become messages for Grok; nothing a model sends can throw here.
import type { AgentTool, PreparedCall, ToolContext, ToolResult } from './toolTypes';
import { parseArguments } from './validate';

export type Dispatched =
  | { ok: true; tool: AgentTool; args: Record<string, unknown>; prepared: PreparedCall }
  | { ok: false; args?: Record<string, unknown>; result: ToolResult };

export async function prepareToolCall(
  name: string,
  rawArguments: string,
  offered: readonly AgentTool[],
  all: readonly AgentTool[],
  ctx: ToolContext,
): Promise<Dispatched> {
  const tool = offered.find((t) => t.name === name);
  if (!tool) {
    const exists = all.some((t) => t.name === name);
    const why = exists ? `The tool ${name} is not available in this mode (read-only tools only).` : `There is no tool named ${JSON.stringify(name.slice(0, 80))}.`;
    return { ok: false, result: { ok: false, output: `${why} Available tools: ${offered.map((t) => t.name).join(', ') || 'none'}.` } };
  }
  const parsed = parseArguments(rawArguments, tool.parameters);
  if (!parsed.ok) return { ok: false, result: { ok: false, output: `${tool.name}: ${parsed.message}` } };
  try {
    const prepared = await tool.prepare(parsed.value, ctx);
    if ('error' in prepared) return { ok: false, args: parsed.value, result: { ok: false, output: prepared.error } };
    return { ok: true, tool, args: parsed.value, prepared };
  } catch (e) {
    ctx.log(`${tool.name} failed to prepare: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return { ok: false, args: parsed.value, result: { ok: false, output: `${tool.name} failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

/** Runs a prepared call; a thrown error is a failed result, never a crash of the loop. */
export async function executePrepared(name: string, prepared: PreparedCall, signal: AbortSignal, ctx: ToolContext): Promise<ToolResult> {
  try {
    return await prepared.execute(signal);
  } catch (e) {
    ctx.log(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return { ok: false, output: `${name} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
