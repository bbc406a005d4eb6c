// Server-side tool calls (xAI runs them: web search, X search, code execution, MCP, collections) read from
// Responses output items, in every shape seen on the wire:
// - web_search_call with action {query, sources} (recordings 20, 31, 33; the query may stay "" to the end: 30),
// - X search as custom_tool_call {name: x_keyword_search | x_semantic_search | view_x_video ..., input: "<JSON>"} (30),
// - the older shape with `arguments: "<JSON>"`, `name` and call_id "" (x_search_call 35, web_search_call 32 and 37,
//   code_interpreter_call 36, whose code sits inside the arguments).
import type { Citation, ServerToolCall, StreamEvent } from './types';
import { isRecord } from '../shared/isRecord';

type ServerToolStatus = Extract<StreamEvent, { type: 'serverTool' }>['status'];

/** Item types that are not server tools: the answer, its reasoning, and the client's own function calls. */
const NOT_SERVER_TOOLS = new Set(['message', 'reasoning', 'function_call', 'function_call_output']);

/** The call an output item describes, or undefined when the item is not a server-side tool call. */
export function serverToolOf(item: unknown): ServerToolCall | undefined {
  if (!isRecord(item) || typeof item.type !== 'string' || NOT_SERVER_TOOLS.has(item.type)) return undefined;
  const name = nonEmpty(item.name);
  let tool: string;
  if (item.type === 'custom_tool_call') tool = customToolName(name);
  else if (item.type.endsWith('_call')) tool = toolName(item.type.slice(0, -'_call'.length));
  else return undefined;
  const id = nonEmpty(item.id) ?? nonEmpty(item.call_id) ?? item.type;
  const call: ServerToolCall = { tool, status: statusOf(item.status), id };
  const input = jsonObject(item.input) ?? jsonObject(item.arguments);
  const detail = detailOf(item, input);
  if (detail !== undefined) call.detail = detail;
  const code = nonEmpty(item.code) ?? nonEmpty(input?.code);
  if (code !== undefined) call.code = code;
  const output = outputOf(item);
  if (output !== undefined) call.output = output;
  if (name !== undefined) call.name = name;
  return call;
}

/** The search's result list: web_search_call action.sources (and a top-level `sources` where a server puts it there). */
export function searchSourcesOf(item: unknown): Citation[] {
  if (!isRecord(item)) return [];
  const action = isRecord(item.action) ? item.action : {};
  const lists = [action.sources, item.sources].filter(Array.isArray) as unknown[][];
  return lists.flat().flatMap((source) => {
    if (!isRecord(source) || typeof source.url !== 'string' || source.url === '') return [];
    const citation: Citation = { url: source.url, uncited: true };
    if (typeof source.title === 'string' && source.title !== '') citation.title = source.title;
    return [citation];
  });
}

/** The query (or, for a tool without one, its first string argument, e.g. view_x_video's video_url) of a call's input. */
export function detailOfInput(input: Record<string, unknown> | undefined): string | undefined {
  if (!input) return undefined;
  const query = nonEmpty(input.query);
  if (query !== undefined) return query;
  if (Array.isArray(input.queries)) {
    const queries = input.queries.filter((q): q is string => typeof q === 'string' && q !== '');
    if (queries.length) return queries.join('; ');
  }
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'code' && typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * X search's sub-tools (x_keyword_search, x_semantic_search, x_user_search, view_x_video, ...) all show as x_search;
 * web search's (web_search, browse_page) as web_search and code execution's as code_execution, should they come as
 * custom tool calls too; another custom tool keeps its own name.
 */
export function customToolName(name: string | undefined): string {
  if (name === undefined) return 'custom_tool';
  if (/^x_|_x_|^view_x/.test(name)) return 'x_search';
  if (/^(web_search|browse_page|search_web)/.test(name)) return 'web_search';
  if (/^code_(execution|interpreter)/.test(name)) return 'code_execution';
  return name;
}

/** xAI's tool is called code_execution; OpenAI-style events and items call it code_interpreter. */
export function toolName(raw: string): string {
  return raw === 'code_interpreter' ? 'code_execution' : raw;
}

export function statusOf(raw: unknown): ServerToolStatus {
  switch (raw) {
    case 'searching':
    case 'completed':
    case 'failed':
      return raw;
    case 'incomplete':
      return 'failed';
    default:
      // in_progress, interpreting, executing, ...
      return 'in_progress';
  }
}

/** A JSON object given as a string (arguments, input), or undefined while it is incomplete or not an object. */
export function jsonObject(raw: unknown): Record<string, unknown> | undefined {
  if (isRecord(raw)) return raw;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function detailOf(item: Record<string, unknown>, input: Record<string, unknown> | undefined): string | undefined {
  const action = isRecord(item.action) ? item.action : {};
  const query = nonEmpty(action.query);
  if (query !== undefined) return query;
  if (Array.isArray(item.queries)) return detailOfInput({ queries: item.queries });
  return detailOfInput(input);
}

/** What code execution printed: OpenAI-style outputs [{type: "logs", logs}], or a plain output / result string. */
function outputOf(item: Record<string, unknown>): string | undefined {
  if (Array.isArray(item.outputs)) {
    const logs = item.outputs
      .map((o) => (isRecord(o) ? (nonEmpty(o.logs) ?? nonEmpty(o.output) ?? nonEmpty(o.text)) : undefined))
      .filter((text): text is string => text !== undefined);
    if (logs.length) return logs.join('\n');
  }
  return nonEmpty(item.output) ?? nonEmpty(item.result) ?? nonEmpty(item.results);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
