// cURL export: copy-pasteable in a POSIX shell, the key as $XAI_API_KEY, quotes escaped.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellQuote, toCurl } from '../../src/xai/curl';
import { KEY, scriptedFetch, testClient } from './xaiTestUtil';

/** What a POSIX shell makes of a quoted word: the exact argument curl would receive. */
function shellWord(quoted: string): string {
  return execFileSync('sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
}

describe('toCurl', () => {
  test('renders method, URL, the key variable and the JSON body', () => {
    const text = toCurl({ baseUrl: 'https://api.x.ai/v1/', method: 'POST', path: '/chat/completions', body: { model: 'grok-4', messages: [] } });
    assert.equal(
      text,
      [
        "curl -X POST 'https://api.x.ai/v1/chat/completions'",
        '-H "Authorization: Bearer $XAI_API_KEY"',
        "-H 'Content-Type: application/json'",
        `-d '${JSON.stringify({ model: 'grok-4', messages: [] }, null, 2)}'`,
      ].join(' \\\n  '),
    );
  });

  test('a GET has no body and no -X', () => {
    assert.equal(toCurl({ baseUrl: 'https://api.x.ai/v1', method: 'GET', path: '/models' }), `curl 'https://api.x.ai/v1/models' \\\n  -H "Authorization: Bearer $XAI_API_KEY"`);
  });

  test("single quotes in the body survive a POSIX shell: it's", () => {
    const body = { messages: [{ role: 'user', content: "it's a 'quoted' $HOME `cmd` \"x\" \\n" }] };
    const quoted = shellQuote(JSON.stringify(body));
    assert.deepEqual(JSON.parse(shellWord(quoted)), body);
  });

  test('the whole command runs in sh and hands curl the exact JSON (checked with a stand-in curl)', () => {
    const body = { content: "don't; rm -rf / $(echo no)" };
    const command = toCurl({ baseUrl: 'https://api.x.ai/v1', method: 'POST', path: '/x', body });
    // A shell function named curl prints its last argument: the -d payload.
    const out = execFileSync('sh', ['-c', `curl() { for a; do last=$a; done; printf '%s' "$last"; }; XAI_API_KEY=k; ${command}`], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), body);
  });

  test('curlFor(request) never holds the key', () => {
    const { fetch } = scriptedFetch({ body: '' });
    const { client } = testClient(fetch);
    const text = client.curlFor({ model: 'grok-4', messages: [{ role: 'user', content: 'hi' }], temperature: 0 }, { stream: true });
    assert.ok(!text.includes(KEY));
    assert.match(text, /Bearer \$XAI_API_KEY/);
    assert.match(text, /^curl -N -X POST 'https:\/\/api\.x\.ai\/v1\/chat\/completions'/);
    assert.match(text, /"include_usage": true/);
    assert.match(text, /"temperature": 0/);
  });
});
