// npm run bench: measures the extension's speed and size and prints one table, each figure the median of
// several runs beside its baseline (measured in the same run) and its budget. Writes
// test-output/bench/results.json and results.md; exits non-zero when a budget is missed or a figure
// could not be measured. Never part of npm test.
//
//   npm run bench                          everything (about 10 minutes on 2 cores)
//   npm run bench -- --only render,client  some benchmarks: sizes, client, cache, lm, history, vscode, render, cited, agent, long
//   npm run bench -- --quick               fewer runs, no 1 MB answer (for working on the benchmarks)
//   npm run bench -- --readme              also write the table into README.md's Performance section
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// @ts-expect-error: plain JavaScript module without declarations
import { startFakeXai } from '../../scripts/fakeXai.mjs';
import { cacheBench } from './cacheBench';
import { citedBench } from './render/citedBench';
import { agentBench } from './agent/agentBench';
import { clientBench } from './clientBench';
import { historyBench } from './history/historyBench';
import { lmBench } from './lmBench';
import { longConversationBench } from './render/longConversationBench';
import { renderBenches } from './render/renderBench';
import { failures, machine, machineLine, type Row, table, verdict } from './report';
import { buildStage, sizeRows, type Stage } from './startup/stage';
import { vscodeBench } from './vscode/vscodeBench';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-output', 'bench');
const STEPS = ['sizes', 'client', 'cache', 'lm', 'history', 'vscode', 'render', 'cited', 'agent', 'long'] as const;
type Step = (typeof STEPS)[number];

/** Where each benchmark's rows go in the table: the order of the issue (render, growth, client, editor, start-up, history). */
const ORDER = ['render 100 KB at', 'render 100 KB,', 'render 10 KB', 'render 1 MB', 'long conversation', 'render 100 KB cited', 'client', 'prompt cache', 'language model', 'editor', 'start-up: sizes', 'start-up: activation', 'history', 'agent'];

function args(): { only: Set<Step>; quick: boolean; readme: boolean } {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--only');
  const only = new Set<Step>(i >= 0 ? (argv[i + 1] ?? '').split(',').filter((s): s is Step => (STEPS as readonly string[]).includes(s)) : STEPS);
  if (i >= 0 && only.size === 0) {
    console.error(`--only takes a comma-separated list of: ${STEPS.join(', ')}`);
    process.exit(2);
  }
  return { only, quick: argv.includes('--quick'), readme: argv.includes('--readme') };
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const { only, quick, readme } = args();
  fs.mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const m = machine();
  const log = (line: string) => console.log(line);
  log(`npm run bench${quick ? ' (quick)' : ''}: ${[...only].join(', ')}`);
  log(`machine: ${machineLine(m)}\n`);

  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const timings: Record<string, number> = {};
  const step = async (name: Step, what: string, fn: () => Promise<void>) => {
    if (!only.has(name)) return;
    const t = Date.now();
    log(`▶ ${what}`);
    try {
      await fn();
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      console.error(e instanceof Error ? e.stack : e);
      rows.push({ bench: what, figure: '(the benchmark)', unit: 'ms', values: [], error: `could not run: ${message}` });
    }
    timings[name] = Date.now() - t;
    log(`  ${what}: ${secs(timings[name])} (load ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')})\n`);
  };

  let stage: Stage | undefined;
  const needStage = only.has('sizes') || only.has('vscode');
  if (needStage) {
    await step(only.has('sizes') ? 'sizes' : 'vscode', 'start-up: build and package as npm run package does', async () => {
      stage = buildStage(OUT);
      if (only.has('sizes')) rows.push(...(await sizeRows(stage)));
    });
  }
  await step('client', 'client: recording 05 from the fake server, ours and openai', async () => {
    const fake = await startFakeXai('bench-client', [], path.join(OUT, 'fake-xai-client.log'));
    try {
      const r = await clientBench(fake.url, { log, out: OUT, quick });
      rows.push(...r.rows);
      details.client = r.details;
    } finally {
      fake.stop();
    }
  });
  await step('cache', 'prompt cache: a 20-turn conversation on the Responses API', async () => {
    const r = await cacheBench({ log });
    rows.push(...r.rows);
    details.cache = r.details;
  });
  await step('lm', 'language model provider: first text part after the first byte', async () => {
    const r = await lmBench({ log, quick });
    rows.push(...r.rows);
    details.lm = r.details;
  });
  await step('history', 'history: the conversation list with 10,000 conversations (1,000 with --quick)', async () => {
    const r = await historyBench({ log, quick });
    rows.push(...r.rows);
    details.history = r.details;
  });
  await step('vscode', 'VS Code: activation and insert at cursor in code-server', async () => {
    if (!stage) throw new Error('the extension was not packaged');
    const r = await vscodeBench({ vsix: stage.vsix, out: OUT, log, quick });
    rows.push(...r.rows);
    m.vscode = r.vscodeVersion;
    details.vscode = r.details;
  });

  await step('render', 'render: streaming answers into the chat page in Chromium', async () => {
    const r = await renderBenches({ log, quick });
    rows.push(...r.rows);
    m.chromium = r.chromium;
    details.render = r.details;
  });
  await step('cited', 'render: a cited answer against the same answer uncited, in Chromium', async () => {
    const r = await citedBench({ log, quick });
    rows.push(...r.rows);
    details.cited = r.details;
  });
  await step('agent', 'agent: tool round trips, search over 5,000 files, cache-friendly requests', async () => {
    rows.push(...(await agentBench({ log, quick })).rows);
  });
  await step('long', 'long conversation: 500 messages opened and scrolled in the chat page', async () => {
    const r = await longConversationBench({ log, quick });
    rows.push(...r.rows);
    details.longConversation = r.details;
  });
  m.loadEnd = os.loadavg();
  const rank = (r: Row) => {
    const i = ORDER.findIndex((p) => r.bench.startsWith(p));
    return i < 0 ? ORDER.length : i;
  };
  const sorted = rows.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map((x) => x.r);
  const md = table(sorted);
  const missed = failures(sorted);
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const summary = `${sorted.length} figures, ${sorted.filter((r) => verdict(r).pass === true).length} within budget, ${missed.length} missed or not measured; ${secs(Date.now() - started)}`;

  log('\n════════ npm run bench ════════\n');
  log(md);
  log(`\nmachine: ${machineLine(m)}`);
  const notes = sorted.filter((r) => r.note).map((r) => `- ${r.bench}, ${r.figure}: ${r.note}`);
  log(`\nnotes:\n${notes.join('\n')}`);
  log(`\n${summary}`);
  for (const r of missed) log(`MISSED: ${r.bench} › ${r.figure}: ${r.error ?? `${verdict(r).text} against budget ${r.budget?.text}`}`);

  fs.writeFileSync(
    path.join(OUT, 'results.json'),
    JSON.stringify({ when, quick, machine: m, durationMs: Date.now() - started, timings, rows: sorted.map((r) => ({ ...r, verdict: verdict(r) })), details }, null, 1),
  );
  const section = performanceSection(md, m, when, quick, summary);
  fs.writeFileSync(path.join(OUT, 'results.md'), `${section}\n\n### Notes\n\n${notes.join('\n')}\n`);
  log(`\nwritten: ${path.relative(ROOT, path.join(OUT, 'results.json'))}, ${path.relative(ROOT, path.join(OUT, 'results.md'))}`);
  if (readme) {
    updateReadme(section);
    log('README.md: Performance section updated');
  }
  return missed.length ? 1 : 0;
}

function performanceSection(md: string, m: ReturnType<typeof machine>, when: string, quick: boolean, summary: string): string {
  return [
    '## Performance',
    '',
    '`npm run bench` measures speed and size and prints this table (it never runs inside `npm test`; it exits',
    'non-zero when a figure misses its budget). Each figure is the median of several runs, beside its baseline',
    'measured in the same run; `~` marks estimates. How each figure is measured: `test/bench/README.md`.',
    '',
    `Latest run: ${when}${quick ? ' (quick)' : ''} on ${machineLine(m)}. ${summary}.`,
    '',
    md,
  ].join('\n');
}

function updateReadme(section: string): void {
  const file = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = text.search(/^## Performance\s*$/m);
  let next: string;
  if (start < 0) {
    next = `${text.trimEnd()}\n\n${section}\n`;
  } else {
    const after = text.slice(start + 1).search(/^## /m);
    const end = after < 0 ? text.length : start + 1 + after;
    next = `${text.slice(0, start)}${section}\n${after < 0 ? '' : `\n${text.slice(end)}`}`;
  }
  fs.writeFileSync(file, next);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
