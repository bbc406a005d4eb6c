// The cost of citations on the page: the same answer rendered as a finished message (a snapshot) with
// numbered [[n]](url) markers and a Sources list of its 12 sources, against the answer without them.
// Each render is timed in the page from the post to two frames later; the figure is the median ratio.
import type { Page } from 'playwright-core';
import { assistantMessage, launch, openPage, snapshot, startServer, userMessage } from '../../webview/harness';
import { answerOf } from '../answerFixture';
import { median, type Row } from '../report';
import type { HostMessage, Source } from '../../../src/protocol';

const SOURCES: Source[] = Array.from({ length: 12 }, (_, i) => ({ url: `https://source${i + 1}.example/article/${i + 1}`, title: `Source number ${i + 1} on making services faster` }));

/** The answer with a marker after every sentence that ends a line outside code, cycling through the sources. */
export function citedText(text: string): string {
  let k = 0;
  let inFence = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^(```|~~~)/.test(line)) inFence = !inFence;
      if (inFence || !/\.$/.test(line)) return line;
      const n = (k++ % SOURCES.length) + 1;
      return `${line.slice(0, -1)} [[${n}]](${SOURCES[n - 1].url}).`;
    })
    .join('\n');
}

async function timedRender(page: Page, post: (m: HostMessage) => Promise<void>, message: HostMessage): Promise<number> {
  await post(snapshot({ messages: [userMessage('u1', 'q')] }));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const start = await page.evaluate(() => performance.now());
  await post(message);
  return page.evaluate(
    (t0) => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t0)))),
    start,
  );
}

export async function citedBench(opts: { log(line: string): void; quick: boolean }): Promise<{ rows: Row[]; details: unknown }> {
  const server = await startServer();
  const browser = await launch();
  try {
    const plain = answerOf(100 * 1024);
    const cited = citedText(plain);
    const markers = (cited.match(/\[\[\d+\]\]\(/g) ?? []).length;
    const chat = await openPage(browser, server);
    const post = (m: HostMessage) => chat.post(m);
    const uncitedMsg = snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a1', plain)] });
    const citedMsg = snapshot({ messages: [userMessage('u1', 'q'), assistantMessage('a1', cited, { parts: [{ type: 'citations', sources: SOURCES }] })] });
    // Warm up both paths.
    await timedRender(chat.page, post, uncitedMsg);
    await timedRender(chat.page, post, citedMsg);
    const runs = opts.quick ? 3 : 9;
    const uncited: number[] = [];
    const citedMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      uncited.push(await timedRender(chat.page, post, uncitedMsg));
      citedMs.push(await timedRender(chat.page, post, citedMsg));
    }
    const shown = await chat.page.locator('.citation-marker').count();
    if (shown !== markers) throw new Error(`${shown} markers shown of ${markers} in the text`);
    await chat.page.close();
    const ratios = citedMs.map((c, i) => c / uncited[i]);
    opts.log(`  100 KB answer, ${markers} markers, ${SOURCES.length} sources: cited ${median(citedMs).toFixed(1)} ms, uncited ${median(uncited).toFixed(1)} ms`);
    return {
      rows: [
        {
          bench: 'render 100 KB cited answer',
          figure: `finished answer with ${markers} citation markers and Sources, against the same answer uncited`,
          unit: 'x',
          values: ratios,
          budget: { op: '<=', value: 1.5, text: '≤ 1.5× uncited' },
          note: `a snapshot render timed in the page from the post to two frames later; uncited median ${median(uncited).toFixed(1)} ms, cited ${median(citedMs).toFixed(1)} ms, measured alternately in the same page`,
        },
      ],
      details: { markers, sources: SOURCES.length, citedMs, uncitedMs: uncited },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
