// A Responses API stream of a web-searched answer, in xAI's shape (event: lines, sequence numbers, a
// web_search_call item that starts, searches and completes, the answer text with an inline [[1]](url)
// citation, the finished message with its url_citation annotation, and response.completed with usage
// including cached tokens, sources, server tool calls and cost_in_usd_ticks). For suites that script
// the chat's Responses route through the control endpoint.
import type { SseFrame } from './sse';

export interface SearchAnswerOptions {
  id?: string;
  model?: string;
  query?: string;
  source?: { url: string; title: string };
  /** The answer's text, before the inline citation. */
  text?: string;
  costInUsdTicks?: number;
  cachedTokens?: number;
}

export function webSearchAnswerFrames(options: SearchAnswerOptions = {}): SseFrame[] {
  const id = options.id ?? 'resp_search_1';
  const model = options.model ?? 'grok-4.3';
  const query = options.query ?? 'vscode latest release';
  const source = options.source ?? { url: 'https://code.visualstudio.com/updates', title: 'Visual Studio Code updates' };
  const before = options.text ?? 'The latest release adds agent tools ';
  const text = `${before}[[1]](${source.url}).`;
  const searchItem = (status: string, withQuery: boolean) => ({
    type: 'web_search_call',
    id: 'ws_1',
    status,
    action: withQuery ? { type: 'search', query, sources: [{ type: 'url', url: source.url }] } : { type: 'search', query: '', sources: [] },
  });
  const message = {
    type: 'message',
    id: 'msg_1',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, logprobs: [], annotations: [{ type: 'url_citation', url: source.url, title: source.title, start_index: before.length, end_index: text.length - 1 }] }],
  };
  const response = (status: string, output: unknown[], usage?: unknown) => ({ id, object: 'response', created_at: 1772541411, model, status, output, ...(usage ? { usage } : {}) });
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: response('in_progress', []) },
    { type: 'response.in_progress', response: response('in_progress', []) },
    { type: 'response.output_item.added', output_index: 0, item: searchItem('in_progress', false) },
    { type: 'response.web_search_call.in_progress', output_index: 0, item_id: 'ws_1' },
    { type: 'response.web_search_call.searching', output_index: 0, item_id: 'ws_1' },
    { type: 'response.web_search_call.completed', output_index: 0, item_id: 'ws_1' },
    { type: 'response.output_item.done', output_index: 0, item: searchItem('completed', true) },
    { type: 'response.output_item.added', output_index: 1, item: { ...message, status: 'in_progress', content: [] } },
    ...chunks(text, 9).map((delta) => ({ type: 'response.output_text.delta', output_index: 1, content_index: 0, item_id: 'msg_1', delta })),
    { type: 'response.output_text.done', output_index: 1, content_index: 0, item_id: 'msg_1', text },
    { type: 'response.output_item.done', output_index: 1, item: message },
    {
      type: 'response.completed',
      response: response('completed', [searchItem('completed', true), message], {
        input_tokens: 1200,
        input_tokens_details: { cached_tokens: options.cachedTokens ?? 0 },
        output_tokens: 40,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 1240,
        num_sources_used: 1,
        num_server_side_tools_used: 1,
        cost_in_usd_ticks: options.costInUsdTicks ?? 512_300_000,
      }),
    },
  ];
  return events.map((data, i) => ({ event: data.type as string, data: { ...data, sequence_number: i } }));
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
