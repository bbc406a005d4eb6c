// The search tools' requests and answers: input checked with clear messages, the server-side tool with
// its filters, and the answer followed by its sources from the recorded search answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerWithSources, describeSearch, SearchInputError, searchRequest } from '../../src/lm/searchRequest';
import { resultFromResponse } from '../../src/xai/responsesResult';
import { readRecording } from '../fake-xai/recorded';

test('a web search is one unstored Responses request with web_search and its domain filter', () => {
  const request = searchRequest('web', { query: '  latest VS Code release  ', allowedDomains: ['code.visualstudio.com'] }, 'grok-4.3');
  assert.equal(request.model, 'grok-4.3');
  assert.equal(request.store, false);
  assert.deepEqual(request.input, [{ role: 'user', content: 'latest VS Code release' }]);
  assert.deepEqual(request.tools, [{ type: 'web_search', allowed_domains: ['code.visualstudio.com'] }]);
});

test('an X search carries handles without @ and the date range', () => {
  const request = searchRequest('x', { query: 'release notes', handles: ['@code', 'xai'], fromDate: '2026-11-01', toDate: '2026-12-01' }, 'm');
  assert.deepEqual(request.tools, [{ type: 'x_search', allowed_x_handles: ['code', 'xai'], from_date: '2026-11-01', to_date: '2026-12-01' }]);
});

test('input the search cannot run is refused with a message the calling model can fix', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['web', undefined, /must be an object/],
    ['web', { query: '   ' }, /non-empty "query"/],
    ['web', { query: 'q', allowedDomains: 'a.com' }, /list of strings/],
    ['web', { query: 'q', allowedDomains: ['a', 'b', 'c', 'd', 'e', 'f'] }, /at most 5/],
    ['web', { query: 'q', allowedDomains: ['a'], excludedDomains: ['b'] }, /not both/],
    ['x', { query: 'q', fromDate: '1 Nov 2026' }, /YYYY-MM-DD/],
    ['x', { query: 'q', fromDate: '2026-12-01', toDate: '2026-11-01' }, /before toDate/],
  ];
  for (const [kind, input, message] of bad) {
    assert.throws(() => searchRequest(kind as 'web' | 'x', input, 'm'), (e: unknown) => e instanceof SearchInputError && message.test(e.message), JSON.stringify(input));
  }
});

test('the recorded X search answer comes back with its post links as numbered sources', () => {
  const result = resultFromResponse(JSON.parse(readRecording('35').toString('utf8')))!;
  assert.ok(result.citations.length > 0);
  const text = answerWithSources(result.text, result.citations);
  assert.ok(text.startsWith(result.text.trim()));
  const sources = text.slice(text.lastIndexOf('Sources:\n') + 'Sources:\n'.length).split('\n');
  assert.equal(sources.length, new Set(result.citations.map((c) => c.url)).size);
  assert.match(sources[0], /^\[1\] https:\/\/(x|twitter)\.com\//);
});

test('sources are listed once each, numeric titles are dropped, and non-web links are left out', () => {
  const text = answerWithSources('Answer.', [
    { url: 'https://a.example/1', title: '1' },
    { url: 'https://a.example/1', title: '2' },
    { url: 'https://b.example/', title: 'B docs' },
    { url: 'javascript:alert(1)' },
  ]);
  assert.equal(text, 'Answer.\n\nSources:\n[1] https://a.example/1\n[2] B docs — https://b.example/');
  assert.equal(answerWithSources('', []), '(Grok found no answer.)\n\nSources: none were cited.');
});

test('the confirmation names the search and the query, shortened when long', () => {
  assert.equal(describeSearch('web', { query: 'vite 7' }), 'Search the web with Grok for “vite 7”');
  assert.equal(describeSearch('x', { query: 'x'.repeat(300) }).length, 'Search X with Grok for “”'.length + 200);
});
