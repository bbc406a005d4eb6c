// Benchmarks 1 and 2: streaming a long answer into the chat page in real Chromium (Debian's, through
// playwright-core), the webview bundle built as shipped and served behind its real CSP by
// test/webview/harness.ts. See README.md in this folder for what each figure means.
import type { Browser, CDPSession, Page } from 'playwright-core';
import { assistantMessage, buildBrowserBundle, ChatPage, launch, type Server, snapshot, startServer, userMessage } from '../../webview/harness';
import { answerOf, describeAnswer, tokens } from '../answerFixture';
import { NAME_SHIM } from '../nameShim';
import { median, type Row } from '../report';
import type { PageStats } from './page/instrument';
import { startTrace, stopTrace, type TaskSummary } from './trace';

export interface RenderBenchOptions {
  log(line: string): void;
  /** Fewer runs and no 1 MB answer: for working on the benchmark itself. */
  quick?: boolean;
}

export interface RenderBenchResult {
  rows: Row[];
  chromium: string;
  details: Record<string, unknown>;
}

const KB = 1024;
/** Deltas of 1..7 characters (mean 4), like tokens. */
const TOKEN_MAX = 7;
/** "Realistic": 100 tokens per second, one delta every 10 ms. */
const RATE_INTERVAL_MS = 10;
/** The realistic run streams this many deltas at that rate (7.5 s), from the middle of the answer. */
const SLICE_DELTAS = 750;
/** Prefixes at which the naive renderer is timed to estimate a whole naive stream. */
const NAIVE_SAMPLES = 10;

const FRAME_MS = 1000 / 60;

interface Size {
  label: string;
  bytes: number;
  runs: number;
  /** Trace only this window of the stream's deltas, as fractions (a whole 1 MB stream makes a 130 MB
   * trace and runs two to three times slower traced). */
  trace: [number, number];
  /** A run still streaming after this long is stopped and fails its rows (the page cannot keep up). */
  capMs: number;
}


/** A back-to-back run, with what receiving its deltas costs a blank page. */
type FastRun = ProductRun & { bareReceivingMs: number };

interface Session {
  chat: ChatPage;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/** The page after a one-shot render, a streamed answer, and their costs. */
interface ProductRun {
  oneShotMs: number;
  oneShotHtmlLength: number;
  stream: PageStats;
  /** The trace of the stream: all of it, or (1 MB) a window, or (the realistic rate) the slice;
   * missing when the run was stopped at its time cap before the window. */
  streamTrace?: TaskSummary;
  /** The window of the stream's deltas the trace covers. */
  traced: [number, number];
  finish: PageStats;
  finishTrace: TaskSummary;
  /** Chromium's own metrics over the stream and its end (the driver included): main-thread CPU time
   * (ThreadTime), main-thread task wall time (TaskDuration), in ms. */
  threadCpuMs: number;
  taskWallMs: number;
  wallMs: number;
  streamedEqualsOneShot: boolean;
  /** Deltas the page handled before the run's time cap, as a share of the stream (1: all). */
  handledShare: number;
  /** Realistic runs: the slice, its share of the answer's deltas, and the driver's worst lag. */
  slice?: { deltas: number; of: number; maxLagMs: number };
}

interface NaiveEstimate {
  totalMs: number;
  longestMs: number;
  framesOver16: number;
  samples: Array<{ chars: number; ms: number }>;
}

interface NaiveMeasured {
  totalMs: number;
  trace: TaskSummary;
}

const sum = (s: PageStats) => s.messages.ms + s.frames.ms;
/** Render time: the renderer's frames and the end-of-stream task, without receiving the deltas. */
const renderMs = (x: ProductRun) => x.stream.frames.ms + sum(x.finish);
/** Render time, receiving the deltas included, over the least a stream costs (the 3× budget). */
const overFloor = (x: FastRun) => (sum(x.stream) + sum(x.finish)) / (x.oneShotMs + x.bareReceivingMs);

export async function renderBenches(options: RenderBenchOptions): Promise<RenderBenchResult> {
  const { log } = options;
  const [instrumentJs, naiveJs] = await Promise.all([buildBrowserBundle('test/bench/render/page/instrument.ts'), buildBrowserBundle('test/bench/render/page/naive.ts')]);
  const server = await startServer();
  // A fresh browser for every run: nothing a long run leaves behind (heap, trace buffers) slows the next.
  let chromium = '';
  const fresh = async <T>(fn: (browser: Browser, open: () => Promise<Session>) => Promise<T>): Promise<T> => {
    const browser = await launch();
    chromium ||= browser.version();
    try {
      return await fn(browser, () => openSession(browser, server, instrumentJs));
    } finally {
      await browser.close();
    }
  };
  try {
    const sizes: Size[] = options.quick
      ? [
          { label: '10 KB', bytes: 10 * KB, runs: 2, trace: [0, 1], capMs: 60_000 },
          { label: '100 KB', bytes: 100 * KB, runs: 2, trace: [0, 1], capMs: 60_000 },
        ]
      : [
          { label: '10 KB', bytes: 10 * KB, runs: 5, trace: [0, 1], capMs: 60_000 },
          { label: '100 KB', bytes: 100 * KB, runs: 5, trace: [0, 1], capMs: 60_000 },
          { label: '1 MB', bytes: 1024 * KB, runs: 3, trace: [0.48, 0.5], capMs: 90_000 },
        ];
    const rows: Row[] = [];
    const details: Record<string, unknown> = {};
    const perKb: Record<string, { script: number; main: number }> = {};

    // The realistic rate first (item 1), then back to back for every size (items 1 and 2).
    const text100 = answerOf(100 * KB);
    const deltas100 = tokens(text100, TOKEN_MAX);
    log(`answer 100 KB: ${JSON.stringify(describeAnswer(text100))}, ${deltas100.length} deltas`);
    const realistic: ProductRun[] = [];
    for (let r = 0; r < (options.quick ? 1 : 3); r++) {
      realistic.push(await fresh((browser, open) => productRun(browser, open, text100, deltas100, { mode: 'rate', trace: [0, 1], capMs: 60_000 })));
      log(`  100 KB at 100 tok/s, run ${r + 1}: slice ${fmtMs(sum(realistic[r].stream))} script, longest task ${realistic[r].streamTrace?.longestCpuMs.toFixed(1) ?? '?'} ms CPU`);
    }

    const naiveBySize = new Map<string, NaiveEstimate[]>();
    const fast = new Map<string, FastRun[]>();
    for (const size of sizes) {
      const text = answerOf(size.bytes);
      const deltas = tokens(text, TOKEN_MAX);
      const shape = describeAnswer(text);
      log(`answer ${size.label}: ${JSON.stringify(shape)}, ${deltas.length} deltas`);
      const runs: FastRun[] = [];
      for (let r = 0; r < size.runs; r++) {
        runs.push(
          await fresh(async (browser, open) => {
            const run = await productRun(browser, open, text, deltas, { mode: 'fast', trace: size.trace, capMs: size.capMs });
            // The same deltas the product page handled, received by a blank page in the same browser.
            const handled = deltas.slice(0, Math.round(deltas.length * run.handledShare));
            return { ...run, bareReceivingMs: await bareReceiving(browser, instrumentJs, handled, size.trace[0] === 0 && size.trace[1] === 1) };
          }),
        );
        const x = runs[r];
        log(`  ${size.label} back to back, run ${r + 1}: ${fmtMs(sum(x.stream) + sum(x.finish))} script, one-shot ${fmtMs(x.oneShotMs)}, wall ${fmtMs(x.wallMs)}, longest ${x.streamTrace?.longestCpuMs.toFixed(1) ?? '(not traced)'} ms CPU, finish ${x.finishTrace.longestCpuMs.toFixed(1)} ms CPU`);
      }
      fast.set(size.label, runs);
      const naive: NaiveEstimate[] = [];
      for (let r = 0; r < (options.quick ? 1 : 3); r++) naive.push(await fresh((_, open) => naiveSampled(open, naiveJs, text, deltas)));
      naiveBySize.set(size.label, naive);
      log(`  naive ${size.label} (sampled): ~${fmtMs(median(naive.map((n) => n.totalMs)))} script, longest ${fmtMs(median(naive.map((n) => n.longestMs)))}`);
      let measured: NaiveMeasured[] | undefined;
      if (size.bytes <= 10 * KB) {
        measured = [];
        for (let r = 0; r < (options.quick ? 1 : 3); r++) measured.push(await fresh((browser, open) => naiveStream(browser, open, naiveJs, deltas)));
        log(`  naive ${size.label} (measured): ${fmtMs(median(measured.map((m) => m.totalMs)))} script, longest ${median(measured.map((m) => m.trace.longestCpuMs)).toFixed(1)} ms CPU`);
      }
      const kb = shape.bytes / KB;
      rows.push(...fastRows(size, kb, runs, naive, measured));
      perKb[size.label] = {
        script: median(runs.map((x) => (sum(x.stream) + sum(x.finish)) / (kb * x.handledShare))),
        main: median(runs.map((x) => x.threadCpuMs / (kb * x.handledShare))),
      };
      details[`fast ${size.label}`] = { answer: shape, deltas: deltas.length, runs, naive, naiveMeasured: measured };
    }
    rows.unshift(...realisticRows(realistic, fast.get('100 KB') ?? [], naiveBySize.get('100 KB') ?? [], deltas100.length));
    details['100 tok/s 100 KB'] = { runs: realistic };
    addGrowthBudgets(rows, perKb);
    return { rows, chromium, details };
  } finally {
    await server.close();
  }
}

async function openSession(browser: Browser, server: Server, instrumentJs: string): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 420, height: 760 }, locale: 'en-US', timezoneId: 'UTC' });
  await context.addInitScript(NAME_SHIM);
  await context.addInitScript(instrumentJs);
  const page = await context.newPage();
  const chat = new ChatPage(page, server);
  await page.goto(`${server.origin}/chat.html?options=${encodeURIComponent('{}')}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  await page.evaluate(() => window.__bench.attachLast());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { chat, page, cdp, close: () => context.close() };
}

/**
 * What receiving the deltas costs any page, the floor under the product page's figure: the same messages,
 * posted the same way, to a blank page whose one listener reads them. Traced when the product's stream
 * was, so that both pay the same tracing cost.
 */
async function bareReceiving(browser: Browser, instrumentJs: string, deltas: string[], traced: boolean): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>blank</title>');
    await page.addScriptTag({ content: `${NAME_SHIM}\n${instrumentJs}` });
    await page.evaluate(() => {
      window.addEventListener('message', (e: MessageEvent) => void (e.data as { text?: string } | null)?.text);
      window.__bench.attachLast();
    });
    // Warm up as the product page was (on another answer), then time.
    await page.evaluate(([d]) => window.__bench.streamFast(d, 'a0'), [deltas.slice(0, 2000)] as const);
    if (traced) await startTrace(browser, page);
    await page.evaluate(() => window.__bench.start());
    await page.evaluate(([d]) => window.__bench.streamFast(d, 'a1'), [deltas] as const);
    const stats = await page.evaluate(() => window.__bench.stop());
    if (traced) await stopTrace(browser);
    return stats.messages.ms;
  } finally {
    await context.close();
  }
}

async function cdpMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

const BODY = '[data-message-id="a1"] .markdown-body';
const WARM_UP = answerOf(8 * KB, 3);

async function settle(page: Page, frames = 2): Promise<void> {
  await page.evaluate((n) => window.__bench.settle(n), frames);
}

/** Script time of rendering `text` as a finished message once (a snapshot), after clearing the list. */
async function oneShot(s: Session, text: string): Promise<{ ms: number; htmlLength: number }> {
  await s.chat.post(snapshot({ messages: [userMessage('u1', 'q')] }));
  await settle(s.page);
  await s.page.evaluate(() => window.__bench.start());
  await s.chat.post(snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a1', text)] }));
  await settle(s.page, 3);
  const stats = await s.page.evaluate(() => window.__bench.stop());
  const htmlLength = await s.page.locator(BODY).evaluate((el) => el.innerHTML.length);
  return { ms: sum(stats), htmlLength };
}

async function productRun(
  browser: Browser,
  open: () => Promise<Session>,
  text: string,
  deltas: string[],
  { mode, trace, capMs }: { mode: 'fast' | 'rate'; trace: [number, number]; capMs: number },
): Promise<ProductRun> {
  const s = await open();
  try {
    const { chat, page } = s;
    // Warm the page's code paths (JIT) on another answer, then time three one-shot renders.
    await chat.post(snapshot({ messages: [userMessage('u0', 'q'), assistantMessage('a0', WARM_UP)] }));
    await settle(page);
    const shots: number[] = [];
    let htmlLength = 0;
    for (let i = 0; i < 3; i++) {
      const shot = await oneShot(s, text);
      shots.push(shot.ms);
      htmlLength = shot.htmlLength;
    }
    const oneShotHtml = await page.locator(BODY).evaluate((el) => el.innerHTML);

    await chat.post(snapshot({ messages: [userMessage('u1', 'q')] }), { type: 'generating', generating: true }, {
      type: 'messageAdded',
      message: assistantMessage('a1', '', { status: 'streaming', startedAt: Date.now() }),
    });
    await settle(page);

    let slice: ProductRun['slice'];
    let measured = deltas;
    if (mode === 'rate') {
      const from = Math.floor(deltas.length / 2);
      measured = deltas.slice(from, from + SLICE_DELTAS);
      await page.evaluate(([d]) => window.__bench.streamFast(d, 'a1'), [deltas.slice(0, from)] as const);
      await settle(page);
    }
    // Three parts: before the traced window, the window, after it (for most runs: only the window).
    const cut = [0, Math.round(measured.length * trace[0]), Math.round(measured.length * trace[1]), measured.length];
    const m0 = await cdpMetrics(s.cdp);
    const t0 = Date.now();
    let handled = 0;
    let streamTrace: TaskSummary | undefined;
    const part = async (k: number) => {
      if (cut[k + 1] === cut[k] || handled < cut[k]) return;
      const left = Math.max(1, capMs - (Date.now() - t0));
      handled += await page.evaluate(([d, cap]) => window.__bench.streamFast(d, 'a1', cap), [measured.slice(cut[k], cut[k + 1]), left] as const);
    };
    await page.evaluate(() => window.__bench.start());
    if (mode === 'rate') {
      await startTrace(browser, page);
      await settle(page);
      const { maxLagMs } = await page.evaluate(([d, ms]) => window.__bench.streamAtRate(d, 'a1', ms), [measured, RATE_INTERVAL_MS] as const);
      slice = { deltas: measured.length, of: deltas.length, maxLagMs };
      handled = measured.length;
      await settle(page);
      streamTrace = await stopTrace(browser);
    } else {
      await part(0);
      if (handled === cut[1]) {
        await startTrace(browser, page);
        await settle(page);
        await part(1);
        await settle(page);
        streamTrace = await stopTrace(browser);
      }
      await part(2);
    }
    await settle(page);
    const stream = await page.evaluate(() => window.__bench.stop());
    const wallMs = Date.now() - t0;
    const m1 = await cdpMetrics(s.cdp);
    if (mode === 'rate') {
      const from = Math.floor(deltas.length / 2) + SLICE_DELTAS;
      await page.evaluate(([d]) => window.__bench.streamFast(d, 'a1'), [deltas.slice(from)] as const);
      await settle(page);
    }

    const mFinish = await cdpMetrics(s.cdp);
    await startTrace(browser, page);
    await settle(page);
    await page.evaluate(() => window.__bench.start());
    await chat.post({ type: 'messageDone', messageId: 'a1', status: 'done' }, { type: 'generating', generating: false });
    await settle(page);
    const finish = await page.evaluate(() => window.__bench.stop());
    const finishTrace = await stopTrace(browser);
    const m2 = await cdpMetrics(s.cdp);
    const streamedHtml = await page.locator(BODY).evaluate((el) => el.innerHTML);
    return {
      oneShotMs: median(shots),
      oneShotHtmlLength: htmlLength,
      stream,
      streamTrace,
      traced: mode === 'rate' ? [0, 1] : trace,
      finish,
      finishTrace,
      // The stream and its end, less the untimed rest of a realistic run between them.
      threadCpuMs: (m1.ThreadTime - m0.ThreadTime + (m2.ThreadTime - mFinish.ThreadTime)) * 1000,
      taskWallMs: (m1.TaskDuration - m0.TaskDuration + (m2.TaskDuration - mFinish.TaskDuration)) * 1000,
      wallMs,
      streamedEqualsOneShot: streamedHtml === oneShotHtml,
      slice,
      handledShare: handled / measured.length,
    };
  } finally {
    await s.close();
  }
}

/**
 * The naive renderer's cost for a whole stream, estimated: it re-renders the whole text on every delta,
 * so its cost at delta i is one render of the first i deltas. That is timed at NAIVE_SAMPLES evenly
 * spaced prefixes and integrated over all deltas (trapezoids; render cost grows linearly with the
 * text). Longest task: the render of the whole text (the last delta). Frames over 16 ms: the deltas
 * whose render takes longer than a frame (each one blocks a frame).
 */
async function naiveSampled(open: () => Promise<Session>, naiveJs: string, text: string, deltas: string[]): Promise<NaiveEstimate> {
  const s = await open();
  try {
    await s.page.evaluate(naiveJs);
    await s.page.evaluate((t) => {
      (window as unknown as { __text: string }).__text = t;
    }, text);
    // Warm the renderer's code as a stream does (thousands of renders of growing prefixes), so that the
    // samples run code as optimised as most of a stream's deltas do.
    await s.page.evaluate((t) => {
      for (let i = 1; i <= 2000; i++) window.__naive.renderOnce(t.slice(0, Math.round((t.length * i) / 2000)));
    }, WARM_UP);
    const offsets: number[] = [0];
    for (const d of deltas) offsets.push(offsets[offsets.length - 1] + d.length);
    const samples: Array<{ chars: number; ms: number }> = [];
    for (let k = 1; k <= NAIVE_SAMPLES; k++) {
      const chars = offsets[Math.round((k * deltas.length) / NAIVE_SAMPLES)];
      // Three renders back to back, with no frame between them, as deltas arrive in a stream: each
      // replaces nodes that were never laid out.
      const times = await s.page.evaluate((n) => {
        const t = (window as unknown as { __text: string }).__text.slice(0, n);
        return [window.__naive.renderOnce(t), window.__naive.renderOnce(t), window.__naive.renderOnce(t)];
      }, chars);
      samples.push({ chars, ms: median(times) });
    }
    const n = deltas.length;
    const step = n / NAIVE_SAMPLES;
    let totalMs = 0;
    let framesOver16 = 0;
    for (let k = 0; k < NAIVE_SAMPLES; k++) {
      const a = k === 0 ? 0 : samples[k - 1].ms;
      const b = samples[k].ms;
      totalMs += ((a + b) / 2) * step;
      // The part of this segment where the (linearly interpolated) render takes longer than a frame.
      if (b > FRAME_MS) framesOver16 += a >= FRAME_MS ? step : (step * (b - FRAME_MS)) / (b - a);
    }
    return { totalMs, longestMs: samples[samples.length - 1].ms, framesOver16: Math.round(framesOver16), samples };
  } finally {
    await s.close();
  }
}

/** The naive renderer fed the same stream back to back, measured in full (small answers only). */
async function naiveStream(browser: Browser, open: () => Promise<Session>, naiveJs: string, deltas: string[]): Promise<NaiveMeasured> {
  const s = await open();
  try {
    await s.page.evaluate(naiveJs);
    await s.page.evaluate((t) => window.__naive.renderOnce(t), WARM_UP);
    await s.page.evaluate(() => {
      window.__naive.clear();
      window.__naive.install('naive');
      // Re-attach the closing listener after the naive one, so that its time is counted.
      window.__bench.attachLast();
    });
    await settle(s.page);
    await startTrace(browser, s.page);
    await settle(s.page);
    await s.page.evaluate(() => window.__bench.start());
    await s.page.evaluate(([d]) => window.__bench.streamFast(d, 'naive'), [deltas] as const);
    await settle(s.page);
    const stats = await s.page.evaluate(() => window.__bench.stop());
    const trace = await stopTrace(browser);
    return { totalMs: sum(stats), trace };
  } finally {
    await s.close();
  }
}

function fastRows(size: Size, kb: number, runs: FastRun[], naive: NaiveEstimate[], measured?: NaiveMeasured[]): Row[] {
  const bench = `render ${size.label}, back to back`;
  const main100 = size.label === '100 KB';
  const total = runs.map((x) => sum(x.stream) + sum(x.finish));
  const oneShots = runs.map((x) => x.oneShotMs);
  const oneShot = median(oneShots);
  const naiveTotal = measured ? measured.map((m) => m.totalMs) : naive.map((n) => n.totalMs);
  const naiveEstimated = !measured;
  const label = measured ? 'naive' : 'naive (est.)';
  const capped = runs.filter((x) => x.handledShare < 1);
  const bad = runs.filter((x) => !x.streamedEqualsOneShot && x.handledShare === 1).length;
  const error = capped.length
    ? `${capped.length} of ${runs.length} runs still streaming after ${size.capMs / 1000} s were stopped (at ${capped.map((x) => `${Math.round(x.handledShare * 100)}%`).join(', ')} of the answer)`
    : bad
      ? `the streamed page differed from a one-shot render in ${bad} of ${runs.length} runs`
      : undefined;
  const [from, to] = runs[0]?.traced ?? [0, 1];
  const whole = from === 0 && to === 1;
  const traced = whole ? '' : ` (traced: ${Math.round((to - from) * 100)}% of the deltas, from ${Math.round(from * 100)}%)`;
  const withTrace = runs.filter((x): x is FastRun & { streamTrace: TaskSummary } => !!x.streamTrace);
  // A trace with no task or no frame measured nothing: the rows built on it fail rather than pass on zeros.
  const emptyTraces = withTrace.filter((x) => x.streamTrace.tasks === 0 || x.streamTrace.frames === 0).length;
  const traceError = !withTrace.length
    ? 'not traced: every run was stopped at its time cap before the traced window'
    : emptyTraces
      ? `the trace of ${emptyTraces} of ${withTrace.length} runs holds no task or no frame: nothing was measured`
      : undefined;
  const rows: Row[] = [
    {
      bench,
      figure: 'scripting, whole stream',
      unit: 'ms',
      values: total,
      baseline: { label, values: naiveTotal, estimated: naiveEstimated },
      note:
        `one render of the final text: ${fmtMs(oneShot)}; wall time of the stream ${fmtMs(median(runs.map((x) => x.wallMs)))}` +
        (measured ? `; the naive baseline measured here, estimated from samples as at larger sizes: ~${fmtMs(median(naive.map((n) => n.totalMs)))}` : ''),
      error,
    },
    {
      bench,
      figure: `longest task while deltas arrive (CPU)${traced}`,
      unit: 'ms',
      values: withTrace.map((x) => x.streamTrace.longestCpuMs),
      baseline: { label, values: measured ? measured.map((m) => m.trace.longestCpuMs) : naive.map((n) => n.longestMs), estimated: naiveEstimated },
      budget: main100 ? { op: '<=', value: 50, text: '≤ 50 ms' } : undefined,
      note: `wall time of the longest task: ${fmtMs(median(withTrace.map((x) => x.streamTrace.longestMs)))}${whole ? '' : '; the naive figure is for the whole stream'}`,
      error: traceError,
    },
    {
      bench,
      figure: 'end-of-stream task (messageDone, CPU)',
      unit: 'ms',
      values: runs.map((x) => x.finishTrace.longestCpuMs),
      budget: main100 ? { op: '<=', value: 50, text: '≤ 50 ms' } : undefined,
      note: `wall ${fmtMs(median(runs.map((x) => x.finishTrace.longestMs)))}`,
    },
    {
      bench,
      figure: `frames over 16 ms${traced}`,
      unit: 'count',
      values: withTrace.map((x) => x.streamTrace.framesOver16Cpu + (whole ? x.finishTrace.framesOver16Cpu : 0)),
      baseline: measured
        ? { label, values: measured.map((m) => m.trace.framesOver16Cpu) }
        : { label, values: naive.map((n) => n.framesOver16), estimated: true },
      note: `of ${median(withTrace.map((x) => x.streamTrace.frames + (whole ? x.finishTrace.frames : 0)))} frames (by CPU time; by wall time ${median(withTrace.map((x) => x.streamTrace.framesOver16Wall + (whole ? x.finishTrace.framesOver16Wall : 0)))})${whole ? '' : '; the naive figure is for the whole stream'}`,
      error: traceError,
    },
    {
      bench,
      figure: 'receiving the deltas (message handlers)',
      unit: 'ms',
      values: runs.map((x) => x.stream.messages.ms),
      baseline: { label: 'a blank page', values: runs.map((x) => x.bareReceivingMs) },
      note:
        `${median(runs.map((x) => x.stream.messages.count))} messages, ${fmtUs(median(runs.map((x) => x.stream.messages.ms / Math.max(1, x.stream.messages.count))))} each: ` +
        'one message per token here, the worst case; the extension sends at most one delta message per 16 ms (src/chat/deltaBatcher.ts). ' +
        'The baseline: the same messages received in the same browser by a blank page whose one listener reads them (what any page pays)',
    },
    {
      bench,
      figure: 'render time (receiving the deltas included) ÷ one render of the final text',
      unit: 'x',
      // Receiving the deltas is part of rendering a stream: the ratio counts it (the page's message
      // handlers, the renderer's frames and the end-of-stream task).
      values: runs.map((x) => (sum(x.stream) + sum(x.finish)) / x.oneShotMs),
      baseline: { label, values: naiveTotal.map((t) => t / oneShot), estimated: naiveEstimated },
      note:
        `scripting of the stream ${fmtMs(median(total))}; without receiving the deltas (frames and the end-of-stream task only) ${fmtX(median(runs.map((x) => renderMs(x) / x.oneShotMs)))} one render; ` +
        `a blank page receiving the same messages alone costs ${fmtX(median(runs.map((x) => x.bareReceivingMs / x.oneShotMs)))} one render, so the budget is on the next row`,
      error,
    },
    {
      bench,
      figure: 'render time (receiving the deltas included) ÷ the least a stream costs (one render of the final text + a blank page receiving the same messages)',
      unit: 'x',
      // A streamed answer cannot cost less than receiving its messages and rendering its text once; the
      // ratio is what the page spends above that, receiving and frames included, against a floor measured
      // in the same browser in the same run.
      values: runs.map(overFloor),
      budget: main100 ? { op: '<=', value: 3, text: '≤ 3×', relative: true } : undefined,
      note: `the floor: one render ${fmtMs(oneShot)} + receiving in a blank page ${fmtMs(median(runs.map((x) => x.bareReceivingMs)))}`,
      error,
    },
    {
      bench,
      figure: 'scripting per KB',
      unit: 'ms/KB',
      values: total.map((t, i) => t / (kb * runs[i].handledShare)),
      note: capped.length ? 'per KB streamed before the time cap' : undefined,
      baseline: { label, values: naiveTotal.map((t) => t / kb), estimated: naiveEstimated },
    },
    {
      bench,
      figure: 'main-thread time per KB (CPU)',
      unit: 'ms/KB',
      values: runs.map((x) => x.threadCpuMs / (kb * x.handledShare)),
      note: `the page's main thread (Chromium's ThreadTime): script, style, layout, paint, and the driver posting the deltas; its task wall time ${fmtMs(median(runs.map((x) => x.taskWallMs)))}`,
    },
  ];
  return rows;
}

function realisticRows(all: ProductRun[], fast100: FastRun[], naive: NaiveEstimate[], deltas: number): Row[] {
  // Realistic runs always trace their slice.
  const runs = all.filter((x): x is ProductRun & { streamTrace: TaskSummary } => !!x.streamTrace);
  if (!runs.length) return [];
  const bench = 'render 100 KB at 100 tokens/s';
  // The slice's script time scaled to the whole answer, plus the end-of-stream task.
  const total = runs.map((x) => (sum(x.stream) * (x.slice?.of ?? deltas)) / (x.slice?.deltas ?? deltas) + sum(x.finish));
  const oneShot = median(runs.map((x) => x.oneShotMs));
  const naiveTotal = naive.map((n) => n.totalMs);
  const sliceNote = `measured on ${SLICE_DELTAS} deltas (${((SLICE_DELTAS * RATE_INTERVAL_MS) / 1000).toFixed(1)} s) from the middle of the answer`;
  return [
    {
      bench,
      figure: 'scripting, whole stream (from a slice)',
      unit: 'ms',
      values: total,
      estimated: true,
      baseline: { label: 'naive (est.)', values: naiveTotal, estimated: true },
      note: `${sliceNote}, scaled to all ${deltas} deltas, plus the end-of-stream task; per frame ${fmtMs(median(runs.map((x) => x.stream.frames.ms / Math.max(1, x.stream.frames.count))))}`,
    },
    {
      bench,
      figure: 'longest task while deltas arrive (CPU)',
      unit: 'ms',
      values: runs.map((x) => x.streamTrace.longestCpuMs),
      baseline: { label: 'naive (est.)', values: naive.map((n) => n.longestMs), estimated: true },
      budget: { op: '<=', value: 50, text: '≤ 50 ms' },
      note: `${sliceNote}; wall ${fmtMs(median(runs.map((x) => x.streamTrace.longestMs)))}`,
    },
    {
      bench,
      figure: 'frames over 16 ms (in the slice)',
      unit: 'count',
      values: runs.map((x) => x.streamTrace.framesOver16Cpu),
      note: `of ${median(runs.map((x) => x.streamTrace.frames))} frames; the naive renderer blocks ~${Math.round(median(naive.map((n) => n.framesOver16)) * (SLICE_DELTAS / deltas))} frames in the same slice (est.)`,
    },
    {
      bench,
      figure: 'scripting ÷ one render of the final text',
      unit: 'x',
      values: total.map((t) => t / oneShot),
      estimated: true,
      baseline: { label: 'naive (est.)', values: naiveTotal.map((t) => t / oneShot), estimated: true },
      note: `no budget at this rate: the page renders once per frame and deltas arrive every frame, so the total follows the stream's length (${Math.round((deltas * RATE_INTERVAL_MS) / 1000)} s); the back-to-back run carries the ≤ 3× budget (its render time, receiving included, ${fast100.length ? fmtX(median(fast100.map(overFloor))) : '?'} the least a stream costs)`,
    },
  ];
}

/** Flat cost per KB: 100 KB and 1 MB may cost at most 1.5 times the 10 KB answer's cost per KB (same run: judged). */
export function addGrowthBudgets(rows: Row[], perKb: Record<string, { script: number; main: number }>): void {
  const base = perKb['10 KB'];
  if (!base) return;
  for (const row of rows) {
    const m = /^render (100 KB|1 MB), back to back$/.exec(row.bench);
    if (!m) continue;
    if (row.figure === 'scripting per KB') row.budget = { op: '<=', value: base.script * 1.5, text: `≤ ${(base.script * 1.5).toFixed(2)} (1.5 × 10 KB's)`, relative: true };
    if (row.figure === 'main-thread time per KB (CPU)') row.budget = { op: '<=', value: base.main * 1.5, text: `≤ ${(base.main * 1.5).toFixed(2)} (1.5 × 10 KB's)`, relative: true };
  }
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

function fmtUs(ms: number): string {
  return `${(ms * 1000).toFixed(1)} µs`;
}

function fmtX(x: number): string {
  return `${x.toFixed(1)}×`;
}
