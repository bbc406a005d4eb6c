// A long conversation in the chat page (Chromium): 500 messages (answers with code, tables and lists,
// every fifth with reasoning) opened from a snapshot, as when a saved conversation is opened. Measures:
// the time until its newest message is in view with its Markdown rendered (and that time over the
// 10-message conversation's, opened in the same warm page just before: the judged budget); right away, the longest main-thread task while the
// user wheels to the top (where the first question must be in view and its answer rendered) and back
// (traced); the time until every answer is rendered (the page renders older ones as they near the view
// and in idle time); the JS heap then, and after scrolling through once more (it must not grow).
import type { HostMessage, MessageView } from '../../../src/protocol';
import { answerOf } from '../answerFixture';
import { assistantMessage, type ChatPage, closePage, launch, openPage, snapshot, startServer, userMessage } from '../../webview/harness';
import { median, type Row } from '../report';
import { startTrace, stopTrace, type TaskSummary } from './trace';

function conversation(count: number): MessageView[] {
  const out: MessageView[] = [];
  for (let i = 0; i < count / 2; i++) {
    out.push(userMessage(`u${i}`, `Question ${i + 1}: how do I make step ${i + 1} of the cache faster?`));
    const extra = i % 5 === 0 ? { reasoning: answerOf(1500, 100 + i).replace(/```[\s\S]*?```/g, '') } : {};
    out.push(assistantMessage(`a${i}`, answerOf(2500 + (i % 7) * 500, i + 1), extra));
  }
  return out;
}

interface OpenRun {
  /** From the snapshot message to the frame in which the newest message is in view, rendered. */
  openMs: number;
  /** From the snapshot message until every answer is rendered (the page renders older ones when idle). */
  allRenderedMs: number;
  /** After a collection, once every answer is rendered (for 500 messages: and the first scroll done). */
  heapAfterOpenMB: number;
}

interface LongRun extends OpenRun {
  /** The 10-message opens timed in the same page before it (the baseline; their median is compared). */
  shortOpensMs: number[];
  short: OpenRun;
  /** Wheel steps of the first scroll, up to the top and back down. */
  steps: number;
  /** Answers still waiting to be rendered when the first scroll began, of all answers. */
  waitingAtScroll: number;
  answers: number;
  /** After a collection, after a second scroll. */
  heapAfterScrollMB: number;
  scroll?: TaskSummary;
}

/** How many 10-message opens warm the page up, and how many are timed (their median is the baseline). */
const WARM_UPS = 2;
const SHORT_OPENS = 3;

/**
 * One browser and one page: the 10-message conversation opened WARM_UPS times (unmeasured: the page's
 * code compiled and warm, as in a chat view that has shown a conversation before), then SHORT_OPENS
 * times timed, then the 500-message conversation timed, all in the same warm page. A fresh browser's
 * first open was dominated by compiling the page's code (a 10-message open of about 160 ms cold, 22-35
 * ms warm), which made the ratio swing from 0.63× to 2.63×; warm, both opens measure the page's work for
 * the conversation.
 */
async function openRun(long: MessageView[], short: MessageView[], traceScroll: boolean): Promise<LongRun> {
  const [browser, server] = await Promise.all([launch(), startServer()]);
  try {
    const chat = await openPage(browser, server);
    await chat.frames(2);
    const cdp = await chat.page.context().newCDPSession(chat.page);
    await cdp.send('Performance.enable');
    const heapMB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20;
    };
    let opened = 0;
    // Each open is another conversation (another id), as when the user opens one from the history.
    const open = (messages: MessageView[]) => timedOpen(chat, snapshot({ conversation: { id: `c${++opened}`, title: 'Bench', messages } }));
    const allRendered = () =>
      chat.page
        .waitForFunction(() => (window as unknown as { allRenderedMs?: number }).allRenderedMs, undefined, { timeout: 120_000, polling: 100 })
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(() => {
          throw new Error('answers were still waiting to be rendered 2 minutes after the open (and scroll)');
        });
    for (let i = 0; i < WARM_UPS; i++) {
      await open(short);
      await allRendered();
    }
    const shortOpensMs: number[] = [];
    let shortRendered = 0;
    for (let i = 0; i < SHORT_OPENS; i++) {
      shortOpensMs.push(await open(short));
      shortRendered = await allRendered();
      await chat.frames(2);
    }
    const shortRun: OpenRun = { openMs: median(shortOpensMs), allRenderedMs: shortRendered, heapAfterOpenMB: await heapMB() };

    const openMs = await open(long);
    const answers = long.filter((m) => m.role === 'assistant').length;
    // Answers not rendered yet: waiting in the page, or not built yet.
    const rendered = () => chat.page.evaluate(() => document.querySelectorAll('.messages article.message.assistant .markdown-body:not(.md-pending)').length);
    const waitingAtScroll = answers - (await rendered());

    // Right away, while older answers are still being rendered, the user scrolls with the wheel from the
    // bottom to the top and back down, 600 px a frame, until each end is reached (the page's height
    // changes on the way as answers render).
    if (traceScroll) await startTrace(browser, chat.page);
    const steps = await scrollThrough(chat, 600);
    const scroll = traceScroll ? await stopTrace(browser) : undefined;

    const allRenderedMs = await allRendered();
    if ((await rendered()) !== answers) throw new Error('answers were lost on the way');
    const heapAfterOpenMB = await heapMB();
    await scrollThrough(chat, 2400);
    const heapAfterScrollMB = await heapMB();
    await closePage(chat);
    return { openMs, allRenderedMs, shortOpensMs, short: shortRun, steps, waitingAtScroll, answers, heapAfterOpenMB, heapAfterScrollMB, scroll };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Posts the snapshot; the time until the newest message is in view, rendered (and `allRenderedMs` set later). */
function timedOpen(chat: ChatPage, data: HostMessage): Promise<number> {
  return chat.page.evaluate(async (message) => {
    const w = window as unknown as { allRenderedMs?: number };
    w.allRenderedMs = undefined;
    const t0 = performance.now();
    const conversation = (message as { conversation: { id: string; messages: Array<{ id: string }> } }).conversation;
    const want = conversation.messages.length;
    // When every message is in the page (a long conversation's older ones are built after its first
    // frame) and the last answer waiting to be rendered is rendered (checked every 20 ms, from the page).
    const poll = setInterval(() => {
      if (document.querySelectorAll('.messages article.message').length !== want || document.querySelector('.markdown-body.md-pending')) return;
      w.allRenderedMs = performance.now() - t0;
      clearInterval(poll);
    }, 20);
    window.dispatchEvent(new MessageEvent('message', { data: message }));
    const scroller = document.querySelector('section.conversation') as HTMLElement;
    const list = document.querySelector('.messages') as HTMLElement;
    const newest = conversation.messages[want - 1].id;
    // Each frame: is this conversation's newest message's bottom inside the scroller's view, with its
    // Markdown rendered (a heading, a list, a code block: not the plain text a message waits in before
    // it is rendered)?
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const last = list.lastElementChild;
      if (list.dataset.conversation === conversation.id && last?.getAttribute('data-message-id') === newest && scroller && last.querySelector('.markdown-body:not(.md-pending) .md-group > *')) {
        const box = last.getBoundingClientRect();
        const view = scroller.getBoundingClientRect();
        if (box.height > 0 && box.bottom <= view.bottom + 1 && box.bottom > view.top) return performance.now() - t0;
      }
      if (performance.now() - t0 > 30_000) throw new Error('the newest message never came into view');
    }
  }, data);
}

/** Wheel up to the top (checking the first question is there to read), then down to the end, `px` a frame; the steps taken. */
async function scrollThrough(chat: ChatPage, px: number): Promise<number> {
  const box = await chat.page.locator('section.conversation').boundingBox();
  if (!box) throw new Error('no conversation scroller');
  await chat.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // After each wheel event: the next frame, then where the view is.
  const position = () =>
    chat.page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(r));
      const s = document.querySelector('section.conversation') as HTMLElement;
      return { top: s.scrollTop, gap: s.scrollHeight - s.scrollTop - s.clientHeight };
    });
  let steps = 0;
  for (const direction of [-1, 1]) {
    for (let i = 0; ; i++) {
      if (i > 3000) throw new Error(`the wheel never reached the ${direction < 0 ? 'top' : 'bottom'} of the conversation`);
      await chat.page.mouse.wheel(0, direction * px);
      steps++;
      const p = await position();
      if (direction < 0 ? p.top <= 0 : p.gap <= 1) break;
    }
    if (direction < 0) {
      // At the top the first question, and the first answer's Markdown, are there to read. Rendering
      // what nears the view is the page's job in the frames after the scroll: give it a second.
      await chat.page
        .waitForFunction(() => !document.querySelector('.messages article.message.assistant .markdown-body')?.classList.contains('md-pending'), undefined, { timeout: 1000, polling: 'raf' })
        .catch(() => undefined);
      const first = await chat.page.evaluate(() => {
        const s = document.querySelector('section.conversation') as HTMLElement;
        const q = document.querySelector('.messages article.message.user');
        const a = document.querySelector('.messages article.message.assistant .markdown-body');
        const view = s.getBoundingClientRect();
        const box = q?.getBoundingClientRect();
        return { text: q?.textContent ?? '', inView: !!box && box.top >= view.top - 1 && box.top < view.bottom, rendered: !!a && !a.classList.contains('md-pending') };
      });
      if (!first.inView || !first.text.includes('Question 1:')) throw new Error(`at the top, the first question is not in view: ${JSON.stringify(first)}`);
      if (!first.rendered) throw new Error('at the top, the first answer was not rendered within a second');
    }
  }
  return steps;
}

export async function longConversationBench(options: { log(line: string): void; quick?: boolean }): Promise<{ rows: Row[]; details: unknown }> {
  const runs = options.quick ? 2 : 4;
  const long = conversation(500);
  const short = conversation(10);
  const bytes = long.reduce((n, m) => n + m.parts.reduce((k, p) => k + ('text' in p ? p.text.length : 0), 0), 0);
  const big: LongRun[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await openRun(long, short, true);
    big.push(r);
    options.log(`  500 messages, run ${i + 1}: open ${r.openMs.toFixed(0)} ms (10 messages, warm: ${r.shortOpensMs.map((ms) => ms.toFixed(0)).join(', ')} ms), every answer rendered after ${r.allRenderedMs.toFixed(0)} ms, longest scroll task ${r.scroll?.longestCpuMs.toFixed(1)} ms CPU (${r.scroll?.longestKind}) over ${r.steps} wheel steps (${r.waitingAtScroll} of ${r.answers} answers waiting at the start), heap ${r.heapAfterOpenMB.toFixed(1)} → ${r.heapAfterScrollMB.toFixed(1)} MB`);
  }
  const small = big.map((r) => r.short);
  const bench = `long conversation: 500 messages (${(bytes / 2 ** 20).toFixed(1)} MB of Markdown)`;
  const traced = big.filter((r): r is LongRun & { scroll: TaskSummary } => !!r.scroll);
  const emptyTrace = traced.some((r) => r.scroll.tasks === 0 || r.scroll.frames === 0);
  const rows: Row[] = [
    {
      bench,
      figure: 'opened: the newest message in view, rendered',
      unit: 'ms',
      values: big.map((r) => r.openMs),
      baseline: { label: '10 messages (warm page)', values: small.map((r) => r.openMs) },
      budget: { op: '<=', value: 200, text: '≤ 200 ms' },
    },
    {
      bench,
      figure: 'opened ÷ 10 messages opened',
      unit: 'x',
      values: big.map((r, i) => r.openMs / small[i].openMs),
      // Judged against the same page's 10-message conversation (the median of three warm opens just
      // before): 50 times the messages may cost at most three times the time (the page builds the newest
      // messages first and the older ones after the first frame, and renders only what is near the view).
      // What this guards against costs far more: rendering every answer at the open takes 75 times the
      // 10-message open (the "every answer rendered" row). Not 2×: both opens are a few frames long (20 to
      // 60 ms), so one frame a busy machine delays moves the ratio by 0.5 to 0.8; at load 7 the median was
      // 2.2× (runs 2.4, 2.1, 3.1, 1.0) where a quiet machine gives 1.5×.
      budget: { op: '<=', value: 3, text: '≤ 3×', relative: true },
      note: `every run (500 / median of the 10-message opens): ${big.map((r) => `${r.openMs.toFixed(0)} / ${r.short.openMs.toFixed(0)} ms (${r.shortOpensMs.map((ms) => ms.toFixed(0)).join(', ')})`).join('; ')}; all opens in one warm page, after ${WARM_UPS} unmeasured 10-message opens`,
    },
    {
      bench,
      figure: 'every answer rendered (older ones in idle time, while the user scrolls): from the snapshot',
      unit: 'ms',
      values: big.map((r) => r.allRenderedMs),
      baseline: { label: '10 messages', values: small.map((r) => r.allRenderedMs) },
      note: `${median(big.map((r) => r.waitingAtScroll))} of ${big[0]?.answers ?? '?'} answers were still waiting when the scroll began`,
    },
    {
      bench,
      figure: 'longest task while scrolling to the top and back (CPU)',
      unit: 'ms',
      values: traced.map((r) => r.scroll.longestCpuMs),
      budget: { op: '<=', value: 50, text: '≤ 50 ms' },
      note: `${median(traced.map((r) => r.scroll.longTasksCpu))} tasks over 50 ms (CPU), ${median(traced.map((r) => r.scroll.frames))} frames traced over ${median(big.map((r) => r.steps))} wheel steps, right after opening`,
      error: !traced.length ? 'not traced' : emptyTrace ? 'the scroll trace holds no task or no frame: nothing was measured' : undefined,
    },
    {
      bench,
      figure: 'JS heap, every answer rendered ÷ 10 messages',
      unit: 'x',
      values: big.map((r, i) => r.heapAfterOpenMB / small[i].heapAfterOpenMB),
      note: `${median(big.map((r) => r.heapAfterOpenMB)).toFixed(1)} MB against ${median(small.map((r) => r.heapAfterOpenMB)).toFixed(1)} MB for 10 messages, after a collection`,
    },
    {
      bench,
      figure: 'JS heap after scrolling through again ÷ before',
      unit: 'x',
      values: big.map((r) => r.heapAfterScrollMB / r.heapAfterOpenMB),
      // Bounded: scrolling through the whole conversation must not keep what it rendered on the way.
      budget: { op: '<=', value: 1.5, text: '≤ 1.5×', relative: true },
      note: `${median(big.map((r) => r.heapAfterScrollMB)).toFixed(1)} MB after the scroll, after a collection`,
    },
  ];
  return { rows, details: { bytes, big, small } };
}
