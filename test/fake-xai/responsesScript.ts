// Generated /v1/responses answers with server-side tools, for scenarios the recordings do not cover (several tools
// in one answer, code execution streamed, any question). The shapes follow the recordings: reasoning items with
// encrypted_content and summary events (34), web_search_call with in_progress/searching/completed events and the
// query and sources filled only when done (31, 33), X search as custom_tool_call x_keyword_search with its input
// streamed through custom_tool_call_input.delta (30), url_citation annotations after all the text (30-33), usage
// with cost_in_usd_ticks and server_side_tool_usage_details (31, 38). No xAI recording streams code execution: that
// part follows OpenAI's event names (code_interpreter_call_code.delta/.done, outputs [{type: "logs", logs}]) with
// xAI's item shape (36).
import type { RecordedRequest } from './recordedRequest';
import type { Reply } from './reply';
import type { SseFrame } from './sse';
import { badCompactionItem } from './compaction';

/** What the answer contains. Every field is optional and JSON-expressible (usable over the control endpoint). */
export interface ResponsesScript {
  /** The answer text. Default: a sentence that cites every source found, as `[[n]](url)` links. */
  text?: string;
  /** The reasoning summary. Default: a one-line summary; '' for a reasoning item without summary. */
  reasoning?: string;
  /** A web search. true: query = the last user text, two sources on example.com. Default: when the request has a web_search tool. */
  webSearch?: boolean | { query: string; sources: Array<{ url: string; title?: string }> };
  /** An X search (custom_tool_call x_keyword_search). Default: when the request has an x_search tool. */
  xSearch?: boolean | { query: string; posts: string[] };
  /** Code execution. Default: when the request has a code_interpreter (or code_execution) tool. */
  codeExecution?: boolean | { code: string; output: string };
  /** A call of the client's own function tool instead of text (finish reason tool_calls). */
  functionCall?: { name: string; arguments: string };
  model?: string;
  id?: string;
  /** Default: a figure derived from the token counts and tool calls. */
  costInUsdTicks?: number;
  /** Cached input tokens to report. Default: the request's input bytes it shares with the previous request of the same prompt_cache_key, / 4. */
  cachedTokens?: number;
  /** Pieces the text is streamed in. Default: one delta per word. */
  textDeltas?: number;
}

interface RequestBody {
  model?: unknown;
  input?: unknown;
  tools?: unknown;
  stream?: unknown;
  prompt_cache_key?: unknown;
}

const DEFAULT_SOURCES = [
  { url: 'https://example.com/grok/answer-1', title: 'Example source one' },
  { url: 'https://example.com/grok/answer-2', title: 'Example source two' },
];
const DEFAULT_POSTS = ['https://x.com/xai/status/1000000000000000001', 'https://x.com/xai/status/1000000000000000002'];
const DEFAULT_CODE = 'print(sum(range(1, 11)))';
const DEFAULT_OUTPUT = '55\n';

/** Remembers each conversation's previous input (by prompt_cache_key) so cached tokens behave like xAI's prefix cache. */
export class PromptCache {
  private readonly inputs = new Map<string, string>();

  cachedTokens(request: RecordedRequest): number {
    const body = request.json as RequestBody | undefined;
    const key = typeof body?.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined;
    const input = rawJsonValue(request.body, 'input') ?? '';
    if (key === undefined) return 0;
    const previous = this.inputs.get(key);
    this.inputs.set(key, input);
    if (previous === undefined) return 0;
    let same = 0;
    while (same < previous.length && same < input.length && previous[same] === input[same]) same++;
    return Math.floor(same / 4);
  }
}

/** The reply for a /v1/responses request: an SSE stream when it asked for one, else the response object. */
export function responsesReply(request: RecordedRequest, script: ResponsesScript = {}, cache?: PromptCache): Reply {
  const body = (request.json ?? {}) as RequestBody;
  // A compaction item goes back verbatim or not at all: xAI cannot read an altered one.
  const refused = badCompactionItem(body.input);
  if (refused) return refused;
  const answer = buildAnswer(request, body, script, script.cachedTokens ?? cache?.cachedTokens(request) ?? 0);
  if (body.stream !== true) return { json: answer.response, contentLength: false };
  return { frames: answer.frames, done: false, chunking: { kind: 'events' } };
}

interface Answer {
  response: Record<string, unknown>;
  frames: SseFrame[];
}

function buildAnswer(request: RecordedRequest, body: RequestBody, script: ResponsesScript, cachedTokens: number): Answer {
  const id = script.id ?? `fake-${request.index}-${Math.floor(request.receivedAt).toString(16)}`;
  const model = script.model ?? (typeof body.model === 'string' ? body.model : 'grok-fake');
  const tools = Array.isArray(body.tools) ? body.tools.map((t) => (t && typeof t === 'object' ? String((t as { type?: unknown }).type) : '')) : [];
  const question = lastUserText(body.input) || 'the question';
  const web = pick(script.webSearch, tools.includes('web_search'), () => ({ query: question, sources: DEFAULT_SOURCES }));
  const x = pick(script.xSearch, tools.includes('x_search'), () => ({ query: question, posts: DEFAULT_POSTS }));
  const code = pick(script.codeExecution, tools.includes('code_interpreter') || tools.includes('code_execution'), () => ({ code: DEFAULT_CODE, output: DEFAULT_OUTPUT }));

  const frames: SseFrame[] = [];
  let seq = 0;
  const emit = (payload: Record<string, unknown>) => frames.push({ event: String(payload.type), data: { sequence_number: seq++, ...payload } });
  const skeleton = (status: string, output: unknown[], usage: unknown) => ({
    created_at: 1_780_000_000,
    completed_at: status === 'completed' ? 1_780_000_002 : null,
    id,
    model,
    object: 'response',
    output,
    status,
    store: false,
    usage,
  });
  emit({ type: 'response.created', response: skeleton('in_progress', [], null) });
  emit({ type: 'response.in_progress', response: skeleton('in_progress', [], null) });

  const output: Array<Record<string, unknown>> = [];
  const added = (item: Record<string, unknown>) => {
    emit({ type: 'response.output_item.added', item, output_index: output.length });
  };
  const done = (item: Record<string, unknown>) => {
    emit({ type: 'response.output_item.done', item, output_index: output.length });
    output.push(item);
  };

  // Reasoning: summary events, then the item with encrypted_content (newer models send it unasked).
  const reasoning = script.reasoning ?? `The user asked: "${question}"\n`;
  const rsId = `rs_${id}`;
  added({ id: rsId, summary: [], type: 'reasoning', status: 'in_progress' });
  if (reasoning !== '') {
    emit({ type: 'response.reasoning_summary_part.added', item_id: rsId, output_index: output.length, part: { text: '', type: 'summary_text' }, summary_index: 0 });
    for (const piece of words(reasoning)) emit({ type: 'response.reasoning_summary_text.delta', delta: piece, item_id: rsId, output_index: output.length, summary_index: 0 });
    emit({ type: 'response.reasoning_summary_text.done', item_id: rsId, output_index: output.length, summary_index: 0, text: reasoning });
  }
  done({
    id: rsId,
    summary: reasoning === '' ? [] : [{ text: reasoning, type: 'summary_text' }],
    type: 'reasoning',
    status: 'completed',
    encrypted_content: Buffer.from(`fake reasoning for ${id}`).toString('base64'),
  });

  const sources: Array<{ url: string; title?: string }> = [];
  if (web) {
    const wsId = `ws_${id}_call_1`;
    added({ id: wsId, type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: '', sources: [] } });
    for (const status of ['in_progress', 'searching', 'completed']) emit({ type: `response.web_search_call.${status}`, item_id: wsId, output_index: output.length });
    done({ id: wsId, type: 'web_search_call', status: 'completed', action: { type: 'search', query: web.query, sources: web.sources.map((s) => ({ type: 'url', url: s.url })) } });
    sources.push(...web.sources);
  }
  if (x) {
    const callId = 'xs_call_1';
    const ctcId = `ctc_${id}_${callId}`;
    const input = JSON.stringify({ query: x.query, limit: 10, mode: 'Latest' });
    added({ call_id: callId, input: '', name: 'x_keyword_search', type: 'custom_tool_call', id: ctcId, status: 'in_progress' });
    const half = Math.ceil(input.length / 2);
    emit({ type: 'response.custom_tool_call_input.delta', item_id: ctcId, output_index: output.length, delta: input.slice(0, half) });
    emit({ type: 'response.custom_tool_call_input.delta', item_id: ctcId, output_index: output.length, delta: input.slice(half) });
    emit({ type: 'response.custom_tool_call_input.done', item_id: ctcId, output_index: output.length, input });
    done({ call_id: callId, input, name: 'x_keyword_search', type: 'custom_tool_call', id: ctcId, status: 'completed' });
    sources.push(...x.posts.map((url) => ({ url })));
  }
  if (code) {
    const ciId = `ci_${id}_0`;
    added({ id: ciId, type: 'code_interpreter_call', status: 'in_progress', name: 'code_execution', call_id: '', code: '' });
    emit({ type: 'response.code_interpreter_call.in_progress', item_id: ciId, output_index: output.length });
    emit({ type: 'response.code_interpreter_call_code.delta', item_id: ciId, output_index: output.length, delta: code.code });
    emit({ type: 'response.code_interpreter_call_code.done', item_id: ciId, output_index: output.length, code: code.code });
    emit({ type: 'response.code_interpreter_call.interpreting', item_id: ciId, output_index: output.length });
    emit({ type: 'response.code_interpreter_call.completed', item_id: ciId, output_index: output.length });
    done({
      id: ciId,
      type: 'code_interpreter_call',
      status: 'completed',
      name: 'code_execution',
      call_id: '',
      code: code.code,
      outputs: [{ type: 'logs', logs: code.output }],
    });
  }

  let text = '';
  const annotations: Array<Record<string, unknown>> = [];
  if (script.functionCall) {
    const fcId = `fc_${id}_0`;
    const call = { arguments: '', call_id: `call-${id}-0`, name: script.functionCall.name, type: 'function_call', id: fcId, status: 'in_progress' };
    added(call);
    emit({ type: 'response.function_call_arguments.delta', delta: script.functionCall.arguments, item_id: fcId, output_index: output.length });
    emit({ type: 'response.function_call_arguments.done', arguments: script.functionCall.arguments, item_id: fcId, output_index: output.length });
    done({ ...call, arguments: script.functionCall.arguments, status: 'completed' });
  } else {
    text = script.text ?? defaultText(question, sources, code?.output);
    // Citations: each `[[n]](url)` link in the text, with its position (xAI's start_index/end_index).
    for (const match of text.matchAll(/\[\[(\d+)\]\]\(([^)\s]+)\)/g)) {
      const start = match.index ?? 0;
      annotations.push({ type: 'url_citation', url: match[2], start_index: start, end_index: start + match[0].length, title: match[1] });
    }
    const msgId = `msg_${id}`;
    added({ content: [], id: msgId, role: 'assistant', type: 'message', status: 'in_progress' });
    const partBase = { content_index: 0, item_id: msgId, output_index: output.length };
    emit({ type: 'response.content_part.added', ...partBase, part: { type: 'output_text', text: '', logprobs: [], annotations: [] } });
    for (const piece of words(text, script.textDeltas)) emit({ type: 'response.output_text.delta', ...partBase, delta: piece, logprobs: [] });
    annotations.forEach((annotation, i) => emit({ type: 'response.output_text.annotation.added', ...partBase, annotation, annotation_index: i }));
    emit({ type: 'response.output_text.done', ...partBase, text, logprobs: [] });
    const part = { type: 'output_text', text, logprobs: [], annotations };
    emit({ type: 'response.content_part.done', ...partBase, part });
    done({ content: [part], id: msgId, role: 'assistant', type: 'message', status: 'completed' });
  }

  const inputTokens = Math.max(1, Math.ceil((rawJsonValue(request.body, 'input')?.length ?? 0) / 4) + 100);
  const reasoningTokens = Math.ceil(reasoning.length / 4) + 10;
  const outputTokens = Math.ceil((text.length + (script.functionCall?.arguments.length ?? 0)) / 4) + reasoningTokens;
  const toolCalls = { web_search_calls: web ? 1 : 0, x_search_calls: x ? 1 : 0, code_interpreter_calls: code ? 1 : 0, file_search_calls: 0, mcp_calls: 0, document_search_calls: 0 };
  const serverTools = toolCalls.web_search_calls + toolCalls.x_search_calls + toolCalls.code_interpreter_calls;
  const cached = Math.min(cachedTokens, inputTokens);
  const usage = {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
    num_sources_used: sources.length,
    num_server_side_tools_used: serverTools,
    // $0.20 / $0.05 cached / $0.50 per 1M tokens, $5 per 1000 tool calls, in ticks (1e10 = $1).
    cost_in_usd_ticks: script.costInUsdTicks ?? (inputTokens - cached) * 2000 + cached * 500 + outputTokens * 5000 + serverTools * 50_000_000,
    server_side_tool_usage_details: toolCalls,
  };
  const response = skeleton('completed', output, usage);
  emit({ type: 'response.completed', response });
  return { response, frames };
}

function pick<T>(given: boolean | T | undefined, fromRequest: boolean, fallback: () => T): T | undefined {
  if (given === undefined) return fromRequest ? fallback() : undefined;
  if (given === false) return undefined;
  return given === true ? fallback() : given;
}

function defaultText(question: string, sources: Array<{ url: string }>, codeOutput?: string): string {
  const cites = sources.map((s, i) => `[[${i + 1}]](${s.url})`).join(' ');
  const ran = codeOutput !== undefined ? ` The code printed ${codeOutput.trim()}.` : '';
  return `Here is what I found about ${question}.${ran}${cites ? ` Sources: ${cites}` : ''}`;
}

/** The text of the last user turn of a Responses input (a string, or items with string or part content). */
export function lastUserText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return '';
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i] as { role?: unknown; content?: unknown };
    if (item?.role !== 'user') continue;
    if (typeof item.content === 'string') return item.content;
    if (Array.isArray(item.content)) {
      return item.content.map((p: { type?: unknown; text?: unknown }) => (p?.type === 'input_text' && typeof p.text === 'string' ? p.text : '')).join('');
    }
  }
  return '';
}

/** Splits text into word-sized deltas (or `count` pieces); their concatenation is the text. */
function words(text: string, count?: number): string[] {
  if (count !== undefined && count > 0) {
    const size = Math.max(1, Math.ceil(text.length / count));
    const out: string[] = [];
    for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
    return out;
  }
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/**
 * The exact text of a top-level field of a JSON body, as sent (no re-serialising), e.g. the `input` array, or
 * undefined when the body is not a JSON object or lacks the field. Lets a test compare requests byte for byte.
 */
export function rawJsonValue(body: string, key: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !(key in parsed)) return undefined;
  } catch {
    return undefined;
  }
  let depth = 0;
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === '"') {
      const end = stringEnd(body, i);
      const isKey = depth === 1 && /^\s*:/.test(body.slice(end, end + 20));
      if (isKey && JSON.parse(body.slice(i, end)) === key) {
        let start = body.indexOf(':', end) + 1;
        while (/\s/.test(body[start])) start++;
        return body.slice(start, valueEnd(body, start)).trimEnd();
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
  }
  return undefined;
}

/** Index just past the string that opens at `i`. */
function stringEnd(body: string, i: number): number {
  for (i++; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '"') return i + 1;
  }
  return i;
}

/** Index just past the JSON value that starts at `start`. */
function valueEnd(body: string, start: number): number {
  let depth = 0;
  for (let i = start; i < body.length; ) {
    const c = body[i];
    if (c === '"') {
      i = stringEnd(body, i);
      if (depth === 0) return i;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && c === ',') return i;
    i++;
  }
  return body.length;
}

/**
 * True when `next`'s input continues `previous`'s byte for byte: the same items, unchanged, then more. This is
 * what keeps xAI's prompt cache hitting across the turns of a conversation.
 */
export function inputExtends(previous: RecordedRequest, next: RecordedRequest): boolean {
  const before = rawJsonValue(previous.body, 'input');
  const after = rawJsonValue(next.body, 'input');
  if (before === undefined || after === undefined || !before.startsWith('[') || !after.startsWith('[')) return false;
  const open = before.slice(0, -1);
  return after.startsWith(open) && (open === '[' || after[open.length] === ',' || after === before);
}
