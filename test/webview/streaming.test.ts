// Streaming: a long answer arriving in thousands of deltas renders exactly like a one-shot render,
// finished blocks are never re-rendered, the open block at most once per frame; auto-scroll follows
// until the user scrolls up; the draft and scroll position survive the view being rebuilt; the live
// region speaks whole sentences, not tokens.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostMessage } from '../../src/protocol';
import { LONG_ANSWER, longAnswer } from './fixtures';
import { assistantMessage, type ChatPage, chunk, closePage, snapshot, userMessage, useChatPages } from './harness';

const pages = useChatPages();

declare global {
  interface Window {
    __watch: { added: number; removed: number; batches: number; kept: Node[] };
  }
}

const BODY = '[data-message-id="a1"] .markdown-body';

async function startAnswer(chat: ChatPage, extra = {}) {
  await chat.post(
    snapshot({ messages: [userMessage('u1', 'Explain the cache')] }),
    { type: 'generating', generating: true },
    { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', startedAt: Date.now(), ...extra }) },
  );
}

// Watches the answer's top-level nodes: how many were added and removed, in how many render passes,
// and (at checkpoints) which nodes were old enough that they must be frozen by now.
async function watch(chat: ChatPage) {
  await chat.page.evaluate((sel) => {
    const body = document.querySelector(sel)!;
    window.__watch = { added: 0, removed: 0, batches: 0, kept: [] };
    new MutationObserver((records) => {
      window.__watch.batches++;
      for (const r of records) {
        window.__watch.added += r.addedNodes.length;
        window.__watch.removed += r.removedNodes.length;
      }
    }).observe(body, { childList: true, subtree: true });
  }, BODY);
}

test('a long answer streamed in thousands of deltas equals a one-shot render; frozen blocks stay put', async () => {
  const chat = await pages.open();
  await startAnswer(chat);
  await watch(chat);
  const text = longAnswer(8);
  const deltas = chunk(text, 9, 7);
  assert.ok(deltas.length > 1500, `${deltas.length} deltas`);

  const perPost = 12;
  for (let i = 0, n = 0; i < deltas.length; i += perPost, n++) {
    await chat.post(...deltas.slice(i, i + perPost).map((t) => ({ type: 'delta' as const, messageId: 'a1', text: t })));
    await chat.frames(1);
    if (n % 10 === 0) {
      // Everything but the last few top-level nodes (the open tail: at most a couple of blocks, each an
      // element and its "\n" text node) must be frozen by now: remember those exact node objects.
      await chat.page.evaluate((sel) => {
        // Look through the .md-group boxes that hold frozen blocks while streaming.
        const nodes = Array.from(document.querySelector(sel)!.childNodes).flatMap((n) =>
          n instanceof Element && n.classList.contains('md-group') ? Array.from(n.childNodes) : [n],
        );
        window.__watch.kept.push(...nodes.slice(0, Math.max(0, nodes.length - 6)));
      }, BODY);
    }
  }
  await chat.frames();
  const streamed = await chat.innerHTML(BODY);
  const stats = await chat.page.evaluate((sel) => {
    const body = document.querySelector(sel)!;
    const kept = window.__watch.kept;
    return {
      ...window.__watch,
      kept: kept.length,
      detached: kept.filter((n) => !body.contains(n)).length,
      groups: body.querySelectorAll(':scope > .md-group').length,
      // Every node now in the answer, boxes included.
      final: body.querySelectorAll(':scope > .md-group').length + Array.from(body.childNodes).reduce((n, c) => n + (c instanceof Element && c.classList.contains('md-group') ? c.childNodes.length : 1), 0),
    };
  }, BODY);

  assert.ok(stats.kept > 100, `checked ${stats.kept} frozen nodes`);
  assert.equal(stats.detached, 0, 'a frozen block was re-rendered');
  // Each render pass replaces only the tail: added nodes stay near final count + a few per pass,
  // where re-rendering everything would add ~final/2 nodes per pass.
  assert.ok(stats.added <= stats.final + stats.batches * 8, JSON.stringify(stats));

  assert.ok(stats.groups > 1, 'blocks are boxed (64 to a box)');

  await chat.post({ type: 'messageDone', messageId: 'a1', status: 'done' }, { type: 'generating', generating: false });
  const finished = await chat.innerHTML(BODY);
  // The end of the stream re-creates nothing: every node checked above is still in the answer.
  assert.equal(await chat.page.evaluate((sel) => window.__watch.kept.filter((n) => !document.querySelector(sel)!.contains(n)).length, BODY), 0);

  // The one-shot render: the same text as a finished message in a snapshot.
  await chat.post(snapshot({ messages: [userMessage('u1', 'Explain the cache'), assistantMessage('a1', text)] }));
  const oneShot = await chat.innerHTML(BODY);

  assert.equal(streamed, oneShot, 'streamed DOM (before messageDone) differs from a one-shot render');
  assert.equal(finished, oneShot);
  assert.match(oneShot, /<h1>Section 8<\/h1>/);
  await chat.assertClean();
  await closePage(chat);
});

test('tricky boundaries: every prefix streamed char by char ends equal to a one-shot render', async () => {
  const cases = [
    '1. one\n\n2. two\n\n3. three\n\nafter',
    '- a\n\n\n- b\n\n  continued\n\nend',
    'para\n| a | b |\n|---|---|\n| 1 | 2 |\n\nnext',
    'text\n```ts\nconst a = 1;\n\n\nconst b = 2;\n```\nafter fence',
    '```\nunclosed fence\n\nstill code',
    'use [x][ref] here\n\nmore\n\n[ref]: https://example.com\n\nlast',
    'a\r\nb\r\n\r\n# h\r\n\r\n- x\r\n- y',
    '> q\n\n> r\n\n    code\n\n    more code\n\ntext',
    'Setext\n===\n\npara\n---\n\n* * *\n\n2) two\n3) three',
  ];
  const chat = await pages.open();
  for (const [i, text] of cases.entries()) {
    const id = `a${i}`;
    await chat.post(snapshot({ messages: [userMessage('u', 'q')] }), {
      type: 'messageAdded',
      message: assistantMessage(id, '', { status: 'streaming' }),
    });
    for (const ch of chunk(text, 2, i + 3)) {
      await chat.post({ type: 'delta', messageId: id, text: ch });
      await chat.frames(1);
    }
    const sel = `[data-message-id="${id}"] .markdown-body`;
    await chat.post({ type: 'messageDone', messageId: id, status: 'done' });
    const streamed = await chat.innerHTML(sel);
    await chat.post(snapshot({ messages: [userMessage('u', 'q'), assistantMessage(id, text)] }));
    assert.equal(streamed, await chat.innerHTML(sel), `case ${i}: ${JSON.stringify(text)}`);
  }
  await chat.assertClean();
  await closePage(chat);
});

test('deltas arriving faster than frames render once per frame', async () => {
  const chat = await pages.open();
  await startAnswer(chat);
  // The first words render at once (next test); every delta after them waits for the frame.
  await chat.post({ type: 'delta', messageId: 'a1', text: 'The answer. ' });
  await chat.frames();
  await watch(chat);
  // 400 deltas in one task (dispatched synchronously), so they all land before the next frame.
  const deltas = chunk(LONG_ANSWER, 5, 3).slice(0, 400).map((t) => ({ type: 'delta' as const, messageId: 'a1', text: t }));
  await chat.page.evaluate((msgs) => {
    for (const data of msgs) window.dispatchEvent(new MessageEvent('message', { data }));
  }, deltas);
  await chat.frames(2);
  const stats = await chat.page.evaluate(() => window.__watch);
  assert.equal(stats.batches, 1, `rendered ${stats.batches} times for one frame`);
  assert.ok((await chat.innerHTML(BODY)).includes('Read the config'));
  await closePage(chat);
});

test("an answer's first words are in the page as soon as their delta is handled, without waiting for a frame", async () => {
  const chat = await pages.open();
  await startAnswer(chat);
  await chat.frames();
  // Each delta dispatched and the answer read in one task: no frame can run in between.
  const seen = await chat.page.evaluate((sel) => {
    const read = () => (document.querySelector(sel)!.textContent ?? '').trim();
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'delta', messageId: 'a1', text: 'First words' } }));
    const first = read();
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'delta', messageId: 'a1', text: ' and the rest.' } }));
    return { first, second: read() };
  }, BODY);
  assert.equal(seen.first, 'First words', 'the first words waited for a frame');
  // The deltas after them render once per frame, as before.
  assert.equal(seen.second, 'First words', 'a later delta rendered outside the frame');
  await chat.frames();
  assert.equal((await chat.page.evaluate((sel) => document.querySelector(sel)!.textContent, BODY))?.trim(), 'First words and the rest.');
  await closePage(chat);
});

test('an answer whose reasoning came first still shows its first words at once', async () => {
  const chat = await pages.open();
  await startAnswer(chat);
  await chat.post({ type: 'delta', messageId: 'a1', reasoning: 'Thinking about the cache.' });
  await chat.frames();
  const first = await chat.page.evaluate((sel) => {
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'delta', messageId: 'a1', text: 'Use a map.' } }));
    return document.querySelector(sel)!.textContent;
  }, BODY);
  assert.equal(first?.trim(), 'Use a map.');
  await closePage(chat);
});

test('auto-scroll follows the answer until the user scrolls up; "Jump to latest" returns', async () => {
  const chat = await pages.open({}, { width: 400, height: 500 });
  await startAnswer(chat);
  const deltas = chunk(longAnswer(2), 40, 5);
  const scroller = chat.page.locator('.conversation');
  const gap = () => scroller.evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight);

  for (const t of deltas.slice(0, 60)) await chat.post({ type: 'delta', messageId: 'a1', text: t });
  await chat.frames();
  assert.ok((await gap()) < 2, 'follows the stream');
  assert.equal(await chat.page.locator('.jump-latest').isVisible(), false);

  await scroller.hover();
  await chat.page.mouse.wheel(0, -400);
  await chat.page.waitForFunction(() => document.querySelector<HTMLElement>('.conversation')!.scrollTop > 0);
  await chat.frames();
  const top = await scroller.evaluate((s) => s.scrollTop);
  for (const t of deltas.slice(60, 120)) await chat.post({ type: 'delta', messageId: 'a1', text: t });
  await chat.frames();
  assert.equal(await scroller.evaluate((s) => s.scrollTop), top, 'stays where the user scrolled');
  assert.ok(await chat.page.locator('.jump-latest').isVisible(), 'offers Jump to latest');

  await chat.page.locator('.jump-latest').click();
  for (const t of deltas.slice(120, 160)) await chat.post({ type: 'delta', messageId: 'a1', text: t });
  await chat.frames();
  assert.ok((await gap()) < 2, 'follows again');
  assert.equal(await chat.page.locator('.jump-latest').isVisible(), false);
  await chat.assertClean();
  await closePage(chat);
});

test('draft and scroll position survive the view being rebuilt (getState/setState)', async () => {
  const messages = [userMessage('u1', 'q'), assistantMessage('a1', longAnswer(2))];
  const chat = await pages.open({}, { width: 400, height: 500 });
  await chat.post(snapshot({ messages }));
  await chat.frames();
  await chat.page.locator('.composer-input').fill('half-written question');
  await chat.page.locator('.conversation').evaluate((s) => {
    s.scrollTop = 300;
  });
  await chat.page.waitForFunction(() => (window.__state as { scrollTop?: number } | undefined)?.scrollTop === 300);
  const state = await chat.page.evaluate(() => window.__state);
  const { anchor, ...saved } = state as { anchor?: { id: string; offset: number } };
  assert.deepEqual(saved, { draft: 'half-written question', scrollTop: 300, following: false });
  assert.equal(anchor?.id, 'a1', 'and the message at the top of the view (a long conversation is restored by it)');
  await closePage(chat);

  // VS Code rebuilds the page when the view is shown again (retainContextWhenHidden is off).
  const again = await pages.open({ state }, { width: 400, height: 500 });
  assert.equal(await again.page.locator('.composer-input').inputValue(), 'half-written question');
  await again.post(snapshot({ messages }));
  await again.frames(3);
  assert.equal(await again.page.locator('.conversation').evaluate((s) => s.scrollTop), 300);
  await again.assertClean();
  await closePage(again);
});

test('after a window reload (the first page since start) the chat opens at the newest message, whatever an older page saved', async () => {
  const messages = [userMessage('u1', 'q'), assistantMessage('a1', longAnswer(2))];
  const state = { draft: '', scrollTop: 300, following: false };
  const chat = await pages.open({ state }, { width: 400, height: 500 });
  await chat.post({ ...snapshot({ messages }), atStart: true } as HostMessage);
  await chat.frames(3);
  const gap = await chat.page.locator('.conversation').evaluate((s) => s.scrollHeight - s.scrollTop - s.clientHeight);
  assert.ok(gap <= 2, `not at the newest message: ${gap} px above the end`);
  assert.equal(await chat.page.locator('.jump-latest').isVisible(), false);
  await closePage(chat);
});

test('screen readers hear whole sentences, a few times, not every token', async () => {
  const chat = await pages.open();
  await startAnswer(chat);
  await chat.page.evaluate(() => {
    const region = document.querySelector('[aria-live="polite"]')!;
    (window as unknown as { __said: string[] }).__said = [];
    new MutationObserver(() => (window as unknown as { __said: string[] }).__said.push(region.textContent ?? '')).observe(region, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  const text = 'The cache is a map. It keeps entries for a minute! Is that enough? ' + 'Then it evicts the oldest entries. '.repeat(6) + 'Done';
  const deltas = chunk(text, 3, 11);
  for (const t of deltas) {
    await chat.post({ type: 'delta', messageId: 'a1', text: t });
    await chat.page.waitForTimeout(8);
  }
  await chat.post({ type: 'messageDone', messageId: 'a1', status: 'done' });
  const said = await chat.page.evaluate(() => (window as unknown as { __said: string[] }).__said.map((s) => s.trim()));
  assert.ok(said.length >= 2 && said.length < deltas.length / 4, `${said.length} announcements for ${deltas.length} deltas`);
  for (const s of said.slice(0, -1)) assert.match(s, /[.!?]$/, `not a whole sentence: ${s}`);
  assert.match(said.at(-1)!, /Done Answer complete\.$/);
  assert.equal(said.join(' ').replace(/ Answer complete\.$/, '').replace(/\s+/g, ' '), text.replace(/\s+/g, ' ').trim());
  await closePage(chat);
});

test('the work of a frame stays flat as the answer grows (nodes built per frame, not time)', async () => {
  const chat = await pages.open();
  await startAnswer(chat);
  // Every render pass's DOM work, as the nodes it adds anywhere in the answer (one observer callback
  // per frame: mutations are delivered after the frame's work). A renderer that rebuilt what came
  // before would add more and more per frame.
  await chat.page.evaluate((sel) => {
    const w = window as unknown as { __perFrame: number[] };
    w.__perFrame = [];
    new MutationObserver((records) => {
      let added = 0;
      for (const r of records) for (const n of Array.from(r.addedNodes)) added += 1 + (n instanceof Element ? n.querySelectorAll('*').length : 0);
      w.__perFrame.push(added);
    }).observe(document.querySelector(sel)!, { childList: true, subtree: true });
  }, BODY);
  const text = longAnswer(60); // ~100 KB of Markdown
  const deltas = chunk(text, 40, 13);
  const batch = 16;
  for (let i = 0; i < deltas.length; i += batch) {
    await chat.page.evaluate((msgs) => {
      for (const data of msgs) window.dispatchEvent(new MessageEvent('message', { data }));
    }, deltas.slice(i, i + batch).map((t) => ({ type: 'delta' as const, messageId: 'a1', text: t })));
    await chat.frames(1);
  }
  const counts = await chat.page.evaluate(() => (window as unknown as { __perFrame: number[] }).__perFrame);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const tenth = Math.floor(counts.length / 10);
  const early = median(counts.slice(0, tenth));
  const late = median(counts.slice(-tenth));
  const total = await chat.page.locator(BODY).evaluate((b) => b.querySelectorAll('*').length);
  assert.ok(counts.length > 100, `${counts.length} render passes`);
  assert.ok(late <= early * 2 + 20, `late frames build ${late} nodes, early ones ${early}`);
  assert.ok(late < total / 50, `a late frame builds ${late} of the answer's ${total} nodes`);
  await closePage(chat);
});
