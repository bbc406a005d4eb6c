// The agent's figures: host time per tool round trip (the loop's own work: reading the stream, checking
// and dispatching the call, building and serialising the next request; the tool does nothing and the
// "network" is an in-memory stream), search_text over a generated 5,000-file workspace (VS Code's ripgrep,
// beside the JS scan as the baseline), and the share of requests in a 30-step task whose input extends the
// previous one byte for byte.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import { runAgentLoop } from '../../../src/agent/agentLoop';
import type { AgentRequest, StreamFunction } from '../../../src/agent/agentTypes';
import { NodeWorkspace } from '../../../src/agent/nodeWorkspace';
import { ChildProcessRunner } from '../../../src/agent/processRunner';
import { JsSearcher, locateRipgrep, RipgrepSearcher, type TextSearcher } from '../../../src/agent/textSearch';
import type { AgentTool, ToolContext } from '../../../src/agent/tools/toolTypes';
import type { StreamEvent } from '../../../src/xai/types';
import { responsesBody } from '../../../src/xai/requestBody';
import { median, type Row } from '../report';

const noop: AgentTool = {
  name: 'noop',
  description: 'does nothing',
  readOnly: true,
  parameters: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  async prepare() {
    return { summary: 'noop', execute: async () => ({ ok: true, output: 'ok' }) };
  },
};

function context(root: string, searcher: TextSearcher): ToolContext {
  return {
    folders: [{ name: 'ws', path: root }],
    settings: { allowedCommands: [], sensitiveFiles: ['.env*'], autoApproveEdits: false, askBeforeReading: false, commandTimeoutSeconds: 30, filesExclude: [], maxResultChars: 24000 },
    workspace: new NodeWorkspace(),
    diagnostics: () => [],
    searcher,
    runner: new ChildProcessRunner(),
    beforeChange: async () => undefined,
    log: () => undefined,
  };
}

function answer(step: number, last: boolean): StreamEvent[] {
  const usage = { promptTokens: 1000 + step * 50, cachedPromptTokens: 900, completionTokens: 20, reasoningTokens: 0, imageTokens: 0, totalTokens: 1020, numSourcesUsed: 0, costInUsdTicks: 1000 };
  if (last) return [{ type: 'start', id: 'r', model: 'm' }, { type: 'text', delta: 'done' }, { type: 'usage', usage }, { type: 'finish', reason: 'stop' }];
  const args = JSON.stringify({ n: step });
  return [
    { type: 'start', id: 'r', model: 'm' },
    { type: 'toolCall', index: 0, call: { id: `c${step}`, type: 'function', function: { name: 'noop', arguments: args } } },
    { type: 'outputItem', item: { type: 'function_call', id: `fc${step}`, call_id: `c${step}`, name: 'noop', arguments: args, status: 'completed' } },
    { type: 'usage', usage },
    { type: 'finish', reason: 'tool_calls' },
  ];
}

/** Runs a task of `steps` requests; returns the serialised bodies and the loop's wall time. */
async function task(steps: number, ctx: ToolContext): Promise<{ bodies: string[]; ms: number }> {
  const bodies: string[] = [];
  let n = 0;
  const send: StreamFunction = (r: AgentRequest) => {
    // The client's own host work: building and serialising the body.
    if (r.api === 'responses') bodies.push(JSON.stringify(responsesBody(r.request, true)));
    const events = answer(n, ++n === steps);
    return (async function* () {
      yield* events;
    })();
  };
  const t = performance.now();
  await runAgentLoop({
    taskId: 'bench',
    api: 'responses',
    model: 'm',
    instructions: 'bench',
    input: [{ role: 'user', content: 'go' }],
    mode: 'agent',
    ctx,
    send,
    tools: [noop],
    approve: async () => ({ approved: true }),
    limits: { maxSteps: 1000, maxCostUsd: 1000 },
    onLimit: async () => false,
    signal: new AbortController().signal,
  });
  return { bodies, ms: performance.now() - t };
}

function extendsShare(bodies: string[]): number {
  let ok = 0;
  for (let i = 1; i < bodies.length; i++) {
    const prev = JSON.stringify(JSON.parse(bodies[i - 1]).input);
    const next = JSON.stringify(JSON.parse(bodies[i]).input);
    if (next.startsWith(prev.slice(0, -1))) ok++;
  }
  return (100 * ok) / (bodies.length - 1);
}

function generateWorkspace(files: number): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bench-agent-ws-'));
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `pkg${i % 50}`, `mod${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const lines = Array.from({ length: 60 }, (_, k) => `export function f${i}_${k}(x: number): number { return x * ${k} + ${i}; }`);
    if (i % 500 === 0) lines.push('// NEEDLE: the one line to find');
    writeFileSync(path.join(dir, `file${i}.ts`), lines.join('\n'));
  }
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');
  return root;
}

function codeServerAppRoot(): string | undefined {
  const cache = path.join(homedir(), '.cache', 'grok-vscode');
  const names = (() => {
    try {
      return readdirSync(cache).filter((n) => n.startsWith('code-server-'));
    } catch {
      return [];
    }
  })();
  const newest = names.sort().at(-1);
  return newest ? path.join(cache, newest, 'server', 'node_modules', 'code-server', 'lib', 'vscode') : undefined;
}

export async function agentBench(options: { log: (line: string) => void; quick: boolean }): Promise<{ rows: Row[] }> {
  const rows: Row[] = [];
  const runs = options.quick ? 3 : 7;
  const ws = generateWorkspace(5000);
  try {
    const js = new JsSearcher();
    const ctx = context(ws, js);

    const perStep: number[] = [];
    const STEPS = 100;
    for (let r = 0; r < runs; r++) perStep.push((await task(STEPS, ctx)).ms / STEPS);
    rows.push({
      bench: 'agent',
      figure: `host time per tool round trip (${STEPS}-step task, no-op tool, in-memory stream)`,
      unit: 'ms',
      values: perStep,
      budget: { op: '<=', value: 5, text: '≤ 5 ms' },
      note: 'includes building and serialising each request body as the client does; excludes the network and the tool',
    });

    const shares: number[] = [];
    for (let r = 0; r < runs; r++) shares.push(extendsShare((await task(30, ctx)).bodies));
    rows.push({ bench: 'agent', figure: 'requests in a 30-step task whose input extends the previous one byte for byte (%)', unit: 'count', values: shares, budget: { op: '==', value: 100, text: '100 %', every: true } });

    const rg = await locateRipgrep(codeServerAppRoot());
    const query = { pattern: 'NEEDLE', isRegex: false, caseSensitive: true, maxResults: 200 };
    const scope = { folders: ctx.folders, exclude: [], sensitive: ['.env*'] };
    const time = async (s: TextSearcher) => {
      const values: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        const found = await s.search(query, scope, new AbortController().signal);
        values.push(performance.now() - t);
        if (found.matches.length !== 10) throw new Error(`${s.engine} found ${found.matches.length} matches, expected 10`);
      }
      return values;
    };
    const jsTimes = await time(js);
    if (rg) {
      rows.push({
        bench: 'agent',
        figure: 'search_text over 5,000 files (VS Code\'s ripgrep)',
        unit: 'ms',
        values: await time(new RipgrepSearcher(rg)),
        baseline: { label: 'JS scan', values: jsTimes },
        budget: { op: '<=', value: 1000, text: '≤ 1 s' },
      });
    } else {
      rows.push({ bench: 'agent', figure: 'search_text over 5,000 files (JS scan: VS Code\'s ripgrep not found)', unit: 'ms', values: jsTimes, budget: { op: '<=', value: 1000, text: '≤ 1 s' } });
    }
    options.log(`  agent: ${median(perStep).toFixed(2)} ms per round trip; search ${rg ? 'ripgrep' : 'js'}`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  return { rows };
}
