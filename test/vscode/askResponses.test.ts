// The chat on xAI's Responses API in a real extension host, against the fake server: a web-searched
// answer streams in with its usage and exact billed cost, the request keeps nothing on xAI's side and
// carries the conversation's cache key, the next request's input is the previous one plus the new turns
// byte for byte, and the export keeps the citation as a footnote. Runs before chat.test (name order),
// which leaves its own conversation open for the reload phase.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { webSearchAnswerFrames } from '../fake-xai/responsesSearch';
import { assertNoEnvironmentKey, fakeUrl, grokExtension, resetFake, run, type SetKeyResult, useBaseUrl } from './support';

const RESPONSES_ROUTE = 'POST /v1/responses';

interface AskResult {
  text?: string;
  status?: string;
  usage?: { promptTokens: number; cachedPromptTokens: number; completionTokens: number; costUsd?: number; costExact?: boolean; sourcesUsed?: number; serverToolCalls?: number };
  error?: { kind: string; message: string };
}

interface Seen {
  route: string;
  body: string;
  json?: { input?: unknown[]; store?: boolean; prompt_cache_key?: string; include?: string[]; stream?: boolean };
}

async function control(pathname: string, body?: unknown): Promise<unknown> {
  const origin = new URL(fakeUrl()).origin;
  const res = await fetch(`${origin}/__control${pathname}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, `${pathname} answered ${res.status}`);
  return res.json();
}

async function responsesRequests(): Promise<Seen[]> {
  const { requests } = (await control('/requests')) as { requests: Seen[] };
  return requests.filter((r) => r.route === RESPONSES_ROUTE);
}

/** The input array's JSON text exactly as sent: the part of the body the prompt cache compares. */
function inputText(body: string): string {
  const start = body.indexOf('"input":') + '"input":'.length;
  const parsed = JSON.parse(body) as { input: unknown[] };
  const text = JSON.stringify(parsed.input);
  assert.equal(body.slice(start, start + text.length), text, 'the input is sent as compact JSON');
  return text;
}

describe('the chat on the Responses API (fake xAI server)', function () {
  this.timeout(60_000);
  const grok = () => vscode.workspace.getConfiguration('grok');

  before(async () => {
    assertNoEnvironmentKey();
    await grokExtension();
    await useBaseUrl(fakeUrl());
    await grok().update('chat.api', 'auto', vscode.ConfigurationTarget.Global);
    const set = await run<SetKeyResult>('grok.setApiKey', 'xai-responses-suite-key-0010');
    assert.equal(set.stored, true, set.message);
  });

  after(async () => {
    // The other suites script /chat/completions.
    await grok().update('chat.api', 'chatCompletions', vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => resetFake(fakeUrl()));

  it('a web-searched answer: store off, cache key, exact cost, and the next input extends the last byte for byte', async () => {
    await control('/enqueue', { route: RESPONSES_ROUTE, reply: { frames: webSearchAnswerFrames(), done: false } });
    await control('/enqueue', { route: RESPONSES_ROUTE, reply: { frames: webSearchAnswerFrames({ id: 'resp_search_2', text: 'It shipped in May ', cachedTokens: 1100, costInUsdTicks: 98_700_000 }), done: false } });
    await run('grok.newChat');
    const first = await run<AskResult>('grok.ask', 'What is new in VS Code?');
    assert.equal(first?.status, 'done', JSON.stringify(first));
    assert.equal(first.text, 'The latest release adds agent tools [[1]](https://code.visualstudio.com/updates).');
    assert.ok(Math.abs((first.usage?.costUsd ?? 0) - 0.05123) < 1e-12, `the billed cost_in_usd_ticks, not a computed price: ${first.usage?.costUsd}`);
    assert.equal(first.usage?.costExact, true);
    assert.equal(first.usage?.sourcesUsed, 1);
    assert.equal(first.usage?.serverToolCalls, 1);

    const second = await run<AskResult>('grok.ask', 'When did it ship?');
    assert.equal(second?.status, 'done', JSON.stringify(second));
    assert.equal(second.usage?.cachedPromptTokens, 1100);

    const sent = await responsesRequests();
    assert.equal(sent.length, 2, 'both questions went to /responses');
    for (const r of sent) {
      assert.equal(r.json?.store, false, 'nothing kept on xAI\'s side');
      assert.equal(r.json?.stream, true);
      assert.deepEqual(r.json?.include, ['reasoning.encrypted_content']);
    }
    assert.ok(sent[0].json?.prompt_cache_key, 'a cache key is sent');
    assert.equal(sent[1].json?.prompt_cache_key, sent[0].json?.prompt_cache_key, 'the same key for the whole conversation');
    const [a, b] = sent.map((r) => inputText(r.body));
    assert.ok(b.startsWith(a.slice(0, -1)), `the second input does not extend the first byte for byte:\n${a}\n${b}`);
    assert.ok(b.includes('agent tools'), 'the first answer goes back in the second input');
    assert.ok(b.endsWith('"When did it ship?"}]'), 'the new question comes last');

    const target = vscode.Uri.file(path.join(os.tmpdir(), `grok-responses-export-${process.pid}-${Date.now()}.md`));
    await run('grok.exportChat', undefined, target);
    const md = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.match(md, /agent tools \[\^1\]\./, 'the inline citation is a footnote marker');
    assert.match(md, /\[\^1\]: Visual Studio Code updates <https:\/\/code\.visualstudio\.com\/updates>/);
    assert.match(md, /_Searched the web: vscode latest release_/);
  });
});
