// streamResponses over the typed `event:` stream of /responses: text, reasoning summaries, server-side
// tool progress, url_citation annotations, usage normalised to chat semantics, and how it ends.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecording } from '../fake-xai/recorded';
import type { StreamEvent } from '../../src/xai/types';
import { allEvents, scriptedFetch, terminalOf, testClient, textOf, typedSse } from './xaiTestUtil';

const REQUEST = { model: 'grok-4.3', input: 'Count from 1 to 3' };

async function run(body: string | Uint8Array, seed?: number): Promise<StreamEvent[]> {
  const { fetch } = scriptedFetch({ body, seed });
  const { client } = testClient(fetch);
  return allEvents(client.streamResponses(REQUEST));
}

const RESPONSE = { id: 'resp_1', model: 'grok-4.3', status: 'in_progress', output: [], usage: null };
const created = { type: 'response.created', sequence_number: 0, response: RESPONSE };

function completed(output: unknown[] = [], usage: unknown = null) {
  return { type: 'response.completed', response: { ...RESPONSE, status: 'completed', output, usage } };
}

const citationItem = {
  type: 'message',
  id: 'msg_1',
  role: 'assistant',
  status: 'completed',
  content: [
    {
      type: 'output_text',
      text: 'Ruby 4.0.6',
      annotations: [
        { type: 'url_citation', url: 'https://www.ruby-lang.org/en/downloads/', start_index: 0, end_index: 10, title: '1' },
        { type: 'url_citation', url: 'https://www.ruby-lang.org/en/news/', start_index: 0, end_index: 4, title: '2' },
      ],
    },
  ],
};

describe('streamResponses', () => {
  test('recording 21 at random splits: reasoning summary, text, usage with completion excluding reasoning', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const events = await run(readRecording('21'), seed);
      assert.deepEqual(events[0], { type: 'start', id: '006cb394-e479-972b-b41e-422dbefebb96', model: 'grok-4.3' });
      assert.equal(textOf(events, 'reasoning'), 'The user said: "Count from 1 to 3"\n');
      assert.equal(textOf(events), '1, 2, 3.');
      const usage = events.find((e) => e.type === 'usage');
      // output_tokens 160 = 152 reasoning + 8 visible.
      assert.deepEqual(usage && usage.type === 'usage' && usage.usage, {
        promptTokens: 199,
        cachedPromptTokens: 128,
        completionTokens: 8,
        reasoningTokens: 152,
        imageTokens: 0,
        totalTokens: 359,
        numSourcesUsed: 0,
        costInUsdTicks: 5143500,
        serverSideToolsUsed: 0,
      });
      assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
    }
  });

  test('web_search progress becomes serverTool events, each status once, the query on completion', async () => {
    const item = { id: 'ws_1', type: 'web_search_call', status: 'in_progress' };
    const done = { ...item, status: 'completed', action: { type: 'search', query: 'latest stable Ruby version', sources: [] } };
    const events = await run(
      typedSse([
        created,
        { type: 'response.output_item.added', output_index: 0, item },
        { type: 'response.web_search_call.in_progress', item_id: 'ws_1', output_index: 0 },
        { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 0 },
        { type: 'response.web_search_call.completed', item_id: 'ws_1', output_index: 0 },
        { type: 'response.output_item.done', output_index: 0, item: done },
        { type: 'response.x_search_call.in_progress', item_id: 'xs_1' },
        { type: 'response.code_interpreter_call.interpreting', item_id: 'ci_1' },
        { type: 'response.output_text.delta', delta: 'Ruby 4.0.6' },
        completed([done]),
      ]),
      7,
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'serverTool'),
      [
        { type: 'serverTool', tool: 'web_search', status: 'in_progress', id: 'ws_1' },
        { type: 'serverTool', tool: 'web_search', status: 'searching', id: 'ws_1' },
        { type: 'serverTool', tool: 'web_search', status: 'completed', id: 'ws_1' },
        { type: 'serverTool', tool: 'web_search', status: 'completed', id: 'ws_1', detail: 'latest stable Ruby version' },
        { type: 'serverTool', tool: 'x_search', status: 'in_progress', id: 'xs_1' },
        { type: 'serverTool', tool: 'code_execution', status: 'in_progress', id: 'ci_1' },
      ],
    );
  });

  test('url_citation annotations (streamed, in finished items and in response.completed) become citations, deduplicated', async () => {
    const events = await run(
      typedSse([
        created,
        { type: 'response.output_text.delta', delta: 'Ruby 4.0.6' },
        {
          type: 'response.output_text.annotation.added',
          annotation: { type: 'url_citation', url: 'https://www.ruby-lang.org/en/downloads/', start_index: 0, end_index: 10, title: '1' },
        },
        { type: 'response.output_item.done', item: citationItem },
        completed([citationItem]),
      ]),
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'citation'),
      [
        { type: 'citation', citation: { url: 'https://www.ruby-lang.org/en/downloads/', title: '1', startIndex: 0, endIndex: 10 } },
        { type: 'citation', citation: { url: 'https://www.ruby-lang.org/en/news/', title: '2', startIndex: 0, endIndex: 4 } },
      ],
    );
  });

  test('the annotations of recording 20 come out when its output arrives in response.completed', async () => {
    const recorded = JSON.parse(readRecording('20').toString('utf8')) as { output: unknown[]; usage: unknown };
    const events = await run(typedSse([created, completed(recorded.output, recorded.usage)]));
    const citations = events.flatMap((e) => (e.type === 'citation' ? [e.citation] : []));
    // The cited source first, then what the two searches returned that nothing cites, once per URL.
    assert.deepEqual(citations[0], { url: 'https://www.ruby-lang.org/en/downloads/', title: '1', startIndex: 69, endIndex: 115 });
    assert.deepEqual(
      citations.slice(1).map((c) => c.url),
      [
        'https://www.ruby-lang.org/en/downloads/releases/',
        'https://rubyinstaller.org/',
        'https://rubyonrails.org/category/releases',
        'https://github.com/ruby/ruby/releases',
        'https://www.reddit.com/r/ruby/comments/1dyxky7/ruby_334_released/',
        'https://rubyreferences.github.io/rubychanges/',
        'https://stackoverflow.com/questions/27324204/how-can-i-determine-what-the-current-stable-version-of-ruby-is',
        'https://rubygems.org/gems/rails/versions',
        'https://www.ruby-lang.org/en/news/2025/10/07/ruby-3-4-7-released/',
        'https://www.ruby-lang.org/en/',
        'https://www.ruby-lang.org/ja/downloads/releases/',
      ],
    );
    assert.ok(citations.slice(1).every((c) => c.uncited === true && c.title === undefined));
    // No output_item.done events: the output items come from response.completed, all seven, in order.
    const items = events.flatMap((e) => (e.type === 'outputItem' ? [e.item] : []));
    assert.deepEqual(items, recorded.output);
    const usage = events.find((e) => e.type === 'usage');
    assert.equal(usage && usage.type === 'usage' && usage.usage.completionTokens, 364 - 263);
  });

  test('a function_call output item becomes a toolCall and the finish reason tool_calls', async () => {
    const item = { type: 'function_call', id: 'fc_1', call_id: 'call_9', name: 'weather', arguments: '{"city":"Berlin"}', status: 'completed' };
    const events = await run(typedSse([created, { type: 'response.output_item.done', item }, completed([item])]));
    assert.deepEqual(events.find((e) => e.type === 'toolCall'), {
      type: 'toolCall',
      index: 0,
      call: { id: 'call_9', type: 'function', function: { name: 'weather', arguments: '{"city":"Berlin"}' } },
    });
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'tool_calls' });
  });

  test('finished output items reach the host verbatim and in output order, though calls finish out of order', async () => {
    const items = [
      { call_id: 'xs_1', input: '{"query":"a"}', name: 'x_keyword_search', type: 'custom_tool_call', id: 'ctc_1', status: 'completed' },
      { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'b', sources: [{ type: 'url', url: 'https://s/' }] } },
      { id: 'ws_2', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'c', sources: [] } },
      citationItem,
    ];
    const done = (i: number) => ({ type: 'response.output_item.done', output_index: i, item: items[i] });
    const events = await run(typedSse([created, done(2), done(1), { type: 'response.output_text.delta', delta: 'x' }, done(0), done(3), completed(items)]), 3);
    const out = events.flatMap((e) => (e.type === 'outputItem' ? [JSON.stringify(e.item)] : []));
    assert.deepEqual(out, items.map((item) => JSON.stringify(item)));
    // Item 0 finished last of the three calls: nothing was handed over before it.
    const firstItem = events.findIndex((e) => e.type === 'outputItem');
    assert.ok(firstItem > events.findIndex((e) => e.type === 'text'));
  });

  test('items finished without output_index are handed over once, as they come, and not again from response.completed', async () => {
    const a = { id: 'ws_a', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'a', sources: [] } };
    const events = await run(typedSse([created, { type: 'response.output_item.done', item: a }, { type: 'response.output_item.done', item: citationItem }, completed([a, citationItem])]));
    assert.deepEqual(events.flatMap((e) => (e.type === 'outputItem' ? [e.item] : [])), [a, citationItem]);
  });

  test('a stream that breaks keeps the items that did finish; an unfinished call stays as it was', async () => {
    const finished = { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q', sources: [] } };
    const events = await run(
      typedSse([
        created,
        { type: 'response.output_item.added', output_index: 0, item: { ...finished, status: 'in_progress', action: { type: 'search', query: '', sources: [] } } },
        { type: 'response.output_item.added', output_index: 1, item: { id: 'ws_2', type: 'web_search_call', status: 'in_progress' } },
        { type: 'response.web_search_call.searching', item_id: 'ws_2', output_index: 1 },
        { type: 'response.output_item.done', output_index: 0, item: finished },
      ]),
    );
    assert.deepEqual(events.filter((e) => e.type === 'outputItem'), [{ type: 'outputItem', item: finished }]);
    const end = terminalOf(events);
    assert.equal(end.type === 'error' && end.error.kind, 'network');
    const last = events.filter((e) => e.type === 'serverTool' && e.id === 'ws_2').pop();
    assert.equal(last?.type === 'serverTool' && last.status, 'searching');
  });

  test('X search input streams in pieces: the query is shown once the JSON is whole; a late status never goes back', async () => {
    const id = 'ctc_r_xs_call_1';
    const events = await run(
      typedSse([
        created,
        { type: 'response.output_item.added', output_index: 0, item: { call_id: 'xs_call_1', input: '', name: 'x_semantic_search', type: 'custom_tool_call', id, status: 'in_progress' } },
        { type: 'response.custom_tool_call_input.delta', item_id: id, output_index: 0, delta: '{"query":"grok ' },
        { type: 'response.custom_tool_call_input.delta', item_id: id, output_index: 0, delta: 'news","limit":5}' },
        { type: 'response.custom_tool_call_input.done', item_id: id, output_index: 0, input: '{"query":"grok news","limit":5}' },
        { type: 'response.output_item.done', output_index: 0, item: { call_id: 'xs_call_1', input: '{"query":"grok news","limit":5}', name: 'x_semantic_search', type: 'custom_tool_call', id, status: 'completed' } },
        { type: 'response.custom_tool_call.in_progress', item_id: id, output_index: 0 },
        completed(),
      ]),
      5,
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'serverTool'),
      [
        { type: 'serverTool', tool: 'x_search', status: 'in_progress', id, name: 'x_semantic_search' },
        { type: 'serverTool', tool: 'x_search', status: 'in_progress', id, name: 'x_semantic_search', detail: 'grok news' },
        { type: 'serverTool', tool: 'x_search', status: 'completed', id, name: 'x_semantic_search', detail: 'grok news' },
      ],
    );
  });

  test('code execution: the code as it streams, then the output it printed', async () => {
    const id = 'ci_1';
    const item = { id, type: 'code_interpreter_call', status: 'completed', code: 'print(6*7)', outputs: [{ type: 'logs', logs: '42\n' }] };
    const events = await run(
      typedSse([
        created,
        { type: 'response.output_item.added', output_index: 0, item: { id, type: 'code_interpreter_call', status: 'in_progress', code: '' } },
        { type: 'response.code_interpreter_call_code.delta', item_id: id, output_index: 0, delta: 'print(' },
        { type: 'response.code_interpreter_call_code.delta', item_id: id, output_index: 0, delta: '6*7)' },
        { type: 'response.code_interpreter_call_code.done', item_id: id, output_index: 0, code: 'print(6*7)' },
        { type: 'response.code_interpreter_call.interpreting', item_id: id, output_index: 0 },
        { type: 'response.output_item.done', output_index: 0, item },
        completed([item]),
      ]),
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'serverTool'),
      [
        { type: 'serverTool', tool: 'code_execution', status: 'in_progress', id },
        { type: 'serverTool', tool: 'code_execution', status: 'in_progress', id, code: 'print(' },
        { type: 'serverTool', tool: 'code_execution', status: 'in_progress', id, code: 'print(6*7)' },
        { type: 'serverTool', tool: 'code_execution', status: 'completed', id, code: 'print(6*7)', output: '42\n' },
      ],
    );
  });

  test('a function call whose arguments only streamed, and one only response.completed carries, are each reported once', async () => {
    const added = { arguments: '', call_id: 'call_1', name: 'weather', type: 'function_call', id: 'fc_1', status: 'in_progress' };
    const late = { arguments: '{}', call_id: 'call_2', name: 'time', type: 'function_call', id: 'fc_2', status: 'completed' };
    const events = await run(
      typedSse([
        created,
        { type: 'response.output_item.added', output_index: 0, item: added },
        { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{"city":' },
        { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '"Berlin"}' },
        { type: 'response.output_item.done', output_index: 0, item: { call_id: 'call_1', name: 'weather', type: 'function_call', id: 'fc_1', status: 'completed' } },
        completed([{ ...added, arguments: '{"city":"Berlin"}', status: 'completed' }, late]),
      ]),
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'toolCall'),
      [
        { type: 'toolCall', index: 0, call: { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Berlin"}' } } },
        { type: 'toolCall', index: 1, call: { id: 'call_2', type: 'function', function: { name: 'time', arguments: '{}' } } },
      ],
    );
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'tool_calls' });
  });

  test('a server that answers a stream request with one JSON body (recording 20) still yields the tool calls and output items', async () => {
    const { fetch } = scriptedFetch({ body: readRecording('20'), headers: { 'content-type': 'application/json' } });
    const { client } = testClient(fetch);
    const events = await allEvents(client.streamResponses(REQUEST));
    const recorded = JSON.parse(readRecording('20').toString('utf8')) as { output: unknown[] };
    assert.deepEqual(events.flatMap((e) => (e.type === 'outputItem' ? [e.item] : [])), recorded.output);
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'serverTool' ? [[e.tool, e.status, e.detail]] : [])),
      [
        ['web_search', 'completed', 'latest stable Ruby version'],
        ['web_search', 'completed', 'Ruby latest release site:ruby-lang.org'],
      ],
    );
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'stop' });
  });

  test('response.incomplete finishes with "length"', async () => {
    const events = await run(
      typedSse([created, { type: 'response.output_text.delta', delta: 'a' }, { type: 'response.incomplete', response: { ...RESPONSE, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } }]),
    );
    assert.deepEqual(terminalOf(events), { type: 'finish', reason: 'length' });
  });

  test('response.failed and error events end the stream with a mapped error', async () => {
    const failed = await run(
      typedSse([created, { type: 'response.failed', response: { ...RESPONSE, status: 'failed', error: { code: 'server_error', message: 'The service is currently unavailable' } } }]),
    );
    const a = terminalOf(failed);
    assert.equal(a.type === 'error' && a.error.kind, 'unavailable');
    assert.match(a.type === 'error' ? a.error.message : '', /currently unavailable/);

    const error = await run(typedSse([created, { type: 'error', code: 'invalid_request_error', message: 'Invalid argument: tools[0]' }]));
    const b = terminalOf(error);
    assert.equal(b.type === 'error' && b.error.kind, 'badRequest');
  });

  test('a stream that ends without response.completed is a network error', async () => {
    const events = await run(typedSse([created, { type: 'response.output_text.delta', delta: 'partial' }]));
    assert.equal(textOf(events), 'partial');
    const end = terminalOf(events);
    assert.equal(end.type === 'error' && end.error.kind, 'network');
  });

  test('a data line that is not JSON is "malformed"', async () => {
    const end = terminalOf(await run('event: response.created\ndata: {not json\n\n'));
    assert.equal(end.type === 'error' && end.error.kind, 'malformed');
  });

  test('the request: POST /responses, stream true, input turns in Responses shape, only fields set', async () => {
    const { fetch, calls } = scriptedFetch({ body: readRecording('21') });
    const { client } = testClient(fetch);
    await allEvents(
      client.streamResponses({
        model: 'grok-4.3',
        instructions: 'Be brief.',
        tools: [{ type: 'web_search' }],
        reasoningEffort: 'high',
        store: false,
        input: [
          { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } }] },
          { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'result' },
        ],
      }),
    );
    assert.equal(calls[0].url, 'https://api.x.ai/v1/responses');
    assert.deepEqual(calls[0].body, {
      model: 'grok-4.3',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
          ],
        },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'result' },
      ],
      instructions: 'Be brief.',
      store: false,
      tools: [{ type: 'web_search' }],
      reasoning: { effort: 'high' },
      stream: true,
    });
  });
});
