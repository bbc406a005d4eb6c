// npm start -- --demo: the script's server wiring. The demo server answers the extension's requests
// with the key the demo gives the extension, one real recording after another (text, then reasoning,
// then a tool call…; on the Responses API, web search with citations), and start.mjs offers --demo and
// refuses it together with a base URL of the user's own.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XaiClient } from '../../src/xai/client';
import type { StreamEvent } from '../../src/xai/types';
import { DEMO_CHAT_STREAMS } from '../fake-xai/demo';

const root = join(__dirname, '..', '..');
const logDir = mkdtempSync(join(tmpdir(), 'grok-demo-test-'));
after(() => rmSync(logDir, { recursive: true, force: true }));

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

test('the demo server replays recorded answers in turn to the key the demo hands the extension', async () => {
  const { startDemoServer } = (await import(pathToFileURL(join(root, 'scripts', 'demo.mjs')).href)) as {
    startDemoServer(dir: string): Promise<{ url: string; key: string; settings: Record<string, string>; env: Record<string, string>; stop(): void }>;
  };
  const demo = await startDemoServer(logDir);
  try {
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.equal(demo.settings['grok.baseUrl'], demo.url);
    assert.equal(demo.env.XAI_API_KEY, demo.key);
    const client = new XaiClient({ baseUrl: demo.url, apiKey: async () => demo.env.XAI_API_KEY, retry: { maxRetries: 0 } });

    const models = await client.listModels();
    assert.ok(models.length > 0, 'the demo lists models for the picker');

    const ask = () => collect(client.streamChat({ model: 'grok-4-1-fast-non-reasoning', messages: [{ role: 'user', content: 'Hello' }] }));
    const first = await ask();
    assert.ok(first.some((e) => e.type === 'text'), 'the first answer is text');
    assert.ok(!first.some((e) => e.type === 'reasoning'));
    assert.equal(first.at(-1)?.type, 'finish');
    const second = await ask();
    assert.ok(second.some((e) => e.type === 'reasoning'), 'the second answer reasons first');
    assert.ok(second.some((e) => e.type === 'text'));
    assert.equal(DEMO_CHAT_STREAMS[1], '04', 'the second is grok-4.3 reasoning (recording 04)');

    const search = [];
    for (let i = 0; i < 2; i++) search.push(await collect(client.streamResponses({ model: 'grok-4.3', input: [{ role: 'user', content: 'News?' }] })));
    assert.ok(search[1].some((e) => e.type === 'citation'), 'the second Responses answer is a web search with citations');
  } finally {
    demo.stop();
  }
});

test('start.mjs offers --demo, and refuses it with a base URL of the user\'s own', () => {
  const help = spawnSync(process.execPath, ['scripts/start.mjs', '--help'], { cwd: root, encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--demo\s+no key needed/);
  const both = spawnSync(process.execPath, ['scripts/start.mjs', '--demo', '--base-url', 'http://127.0.0.1:1/v1'], { cwd: root, encoding: 'utf8' });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--demo runs its own server/);
});
