// Benchmark 3: the API client parsing a long stream. The recorded 396 KB reasoning stream (recording 05,
// 1,712 chunks) is served by the fake xAI server in its own process (so that serving costs this process
// nothing), and read to the end by the client as shipped (src/xai/client.ts bundled and minified like
// the extension) and, in the same run, interleaved, by the `openai` npm package from the same server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import OpenAI from 'openai';
import type { XaiClient as XaiClientType } from '../../src/xai/client';
import { findRecording, readRecording } from '../fake-xai/recorded';
import { median, type Row } from './report';

export interface ClientBenchOptions {
  log(line: string): void;
  out: string;
  quick?: boolean;
}

const ROOT = path.resolve(__dirname, '../..');
const CHAT = 'POST /v1/chat/completions';
const MODEL = 'grok-3-mini-high';
const KEY = 'xai-bench-not-a-real-key';

interface Run {
  ms: number;
  cpuMs: number;
  events: number;
  chars: number;
}

async function loadShippedClient(out: string): Promise<typeof XaiClientType> {
  const file = path.join(out, 'xaiClient.cjs');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/xai/client.ts')],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'es2022',
    logLevel: 'silent',
  });
  const mod = (await import(pathToFileURL(file).href)) as { XaiClient?: typeof XaiClientType; default?: { XaiClient: typeof XaiClientType } };
  const XaiClient = mod.XaiClient ?? mod.default?.XaiClient;
  if (!XaiClient) throw new Error(`${file} does not export XaiClient`);
  return XaiClient;
}

async function timed(run: () => Promise<{ events: number; chars: number }>): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { events, chars } = await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, events, chars };
}

export async function clientBench(fakeUrl: string, options: ClientBenchOptions): Promise<{ rows: Row[]; details: unknown }> {
  const { log } = options;
  const recording = findRecording('05');
  const bytes = readRecording(recording).length;
  const origin = new URL(fakeUrl).origin;
  // Every chat request gets recording 05, one write per event, all written at once (the server is not
  // what is measured): the client reads it as fast as it can parse.
  const res = await fetch(`${origin}/__control/default`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ route: CHAT, reply: { recorded: recording, writesPerTick: 100_000 } }),
  });
  if (!res.ok) throw new Error(`the fake refused the script: ${res.status} ${await res.text()}`);

  const XaiClient = await loadShippedClient(options.out);
  const ours = new XaiClient({ baseUrl: fakeUrl, apiKey: async () => KEY, retry: { maxRetries: 0 } });
  const openai = new OpenAI({ baseURL: fakeUrl, apiKey: KEY, maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'What does the magic mirror show?' }];

  const runOurs = () =>
    timed(async () => {
      let events = 0;
      let chars = 0;
      for await (const e of ours.streamChat({ model: MODEL, messages })) {
        events++;
        if (e.type === 'text' || e.type === 'reasoning') chars += e.delta.length;
        if (e.type === 'error') throw new Error(`our client failed: ${e.error.message}`);
      }
      return { events, chars };
    });
  const runOpenAi = () =>
    timed(async () => {
      let events = 0;
      let chars = 0;
      const stream = await openai.chat.completions.create({ model: MODEL, messages, stream: true });
      for await (const chunk of stream) {
        events++;
        const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
        chars += (delta?.content ?? '').length + (delta?.reasoning_content ?? '').length;
      }
      return { events, chars };
    });

  const warm = options.quick ? 2 : 5;
  const runs = options.quick ? 5 : 15;
  for (let i = 0; i < warm; i++) {
    await runOurs();
    await runOpenAi();
  }
  const a: Run[] = [];
  const b: Run[] = [];
  // Interleaved, alternating who goes first, so that load from elsewhere falls on both alike.
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      a.push(await runOurs());
      b.push(await runOpenAi());
    } else {
      b.push(await runOpenAi());
      a.push(await runOurs());
    }
  }
  if (a[0].chars !== b[0].chars) throw new Error(`the clients read different text: ${a[0].chars} vs ${b[0].chars} characters`);
  const mbps = (r: Run) => bytes / 1e6 / (r.ms / 1000);
  const eps = (r: Run) => r.events / (r.ms / 1000);
  log(`  client: ${median(a.map(mbps)).toFixed(1)} MB/s (${a[0].events} events), openai ${median(b.map(mbps)).toFixed(1)} MB/s (${b[0].events} chunks)`);
  const bench = `client: recorded ${(bytes / 1000).toFixed(0)} kB reasoning stream (05)`;
  const rows: Row[] = [
    {
      bench,
      figure: 'throughput',
      unit: 'MB/s',
      values: a.map(mbps),
      baseline: { label: 'openai', values: b.map(mbps) },
      budget: { op: '>=', value: median(b.map(mbps)), text: '≥ openai' },
      note: `request to last event over loopback; CPU per stream: ours ${median(a.map((r) => r.cpuMs)).toFixed(1)} ms, openai ${median(b.map((r) => r.cpuMs)).toFixed(1)} ms`,
    },
    {
      bench,
      figure: 'events per second',
      unit: 'events/s',
      values: a.map(eps),
      baseline: { label: 'openai', values: b.map(eps) },
      note: `ours: ${a[0].events} typed events; openai: ${b[0].events} chunks (same ${a[0].chars} characters)`,
    },
  ];
  fs.rmSync(path.join(options.out, 'xaiClient.cjs'), { force: true });
  return { rows, details: { bytes, ours: a, openai: b, openaiVersion: openAiVersion() } };
}

function openAiVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/openai/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
