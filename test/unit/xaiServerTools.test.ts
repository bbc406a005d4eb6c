// serverToolOf and searchSourcesOf over the item shapes seen on the wire and the ones xAI documents.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { searchSourcesOf, serverToolOf } from '../../src/xai/serverTools';

describe('server tool items', () => {
  test('every shape gives tool, status, id, and the query or code where the item has one', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ id: 'ws_1', type: 'web_search_call', status: 'searching', action: { type: 'search', query: '', sources: [] } }, { tool: 'web_search', status: 'searching', id: 'ws_1' }],
      [{ id: 'fc_1', type: 'web_search_call', name: 'web_search', call_id: '', status: 'completed', arguments: '{"query":"q","num_results":5}' }, { tool: 'web_search', status: 'completed', id: 'fc_1', detail: 'q', name: 'web_search' }],
      [{ id: 'c1', type: 'custom_tool_call', name: 'x_user_search', input: '{"query":"@xai"}', status: 'completed' }, { tool: 'x_search', status: 'completed', id: 'c1', detail: '@xai', name: 'x_user_search' }],
      [{ id: 'c2', type: 'custom_tool_call', name: 'browse_page', input: '{"url":"https://a/"}', status: 'in_progress' }, { tool: 'web_search', status: 'in_progress', id: 'c2', detail: 'https://a/', name: 'browse_page' }],
      [{ id: 'c3', type: 'custom_tool_call', name: 'my_tool', input: '{"query":', status: 'in_progress' }, { tool: 'my_tool', status: 'in_progress', id: 'c3', name: 'my_tool' }],
      [{ id: 'ci', type: 'code_interpreter_call', status: 'completed', code: 'print(1)', outputs: [{ type: 'logs', logs: '1\n' }, { type: 'image', url: 'x' }] }, { tool: 'code_execution', status: 'completed', id: 'ci', code: 'print(1)', output: '1\n' }],
      [{ id: 'fs', type: 'file_search_call', status: 'completed', queries: ['a', 'b'] }, { tool: 'file_search', status: 'completed', id: 'fs', detail: 'a; b' }],
      [{ id: 'mcp', type: 'mcp_call', status: 'failed', name: 'lookup', arguments: '{"query":"z"}', output: 'boom' }, { tool: 'mcp', status: 'failed', id: 'mcp', detail: 'z', output: 'boom', name: 'lookup' }],
      [{ id: 'x', type: 'x_search_call', status: 'incomplete' }, { tool: 'x_search', status: 'failed', id: 'x' }],
    ];
    for (const [item, expected] of cases) assert.deepEqual(serverToolOf(item), expected, JSON.stringify(item));
  });

  test('the answer, reasoning, function calls and junk are not server tools', () => {
    for (const item of [{ type: 'message' }, { type: 'reasoning' }, { type: 'function_call' }, { type: 'function_call_output' }, { type: 'other' }, null, 'x', []]) {
      assert.equal(serverToolOf(item), undefined, JSON.stringify(item));
    }
  });

  test('search sources: url entries only, marked uncited, titles kept', () => {
    assert.deepEqual(
      searchSourcesOf({ type: 'web_search_call', action: { sources: [{ type: 'url', url: 'https://a/' }, { type: 'url', url: '' }, { url: 'https://b/', title: 'B' }, 'junk'] } }),
      [{ url: 'https://a/', uncited: true }, { url: 'https://b/', title: 'B', uncited: true }],
    );
    assert.deepEqual(searchSourcesOf({ type: 'message' }), []);
  });
});
