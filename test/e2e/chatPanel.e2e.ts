// The chat panel as a user drives it, against the fake xAI server: a question typed into the panel's
// input and sent with Enter streams a Markdown answer that renders as it arrives (heading, list,
// highlighted code with its buttons, then tokens and $); Stop, with the button or with Esc in the input,
// closes the HTTP request at once and keeps the partial answer, marked stopped. Last, screenshots of the
// panel with this conversation in a dark and a light theme.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { CHAT_ROUTE, chatRequests, clickNewChat, control, openChatPanel, setKeyFromPalette, shownConversation, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { clearNotifications, findFrame, openFile, runFromPalette, settled } from './workbench';

const QUESTION = 'Tell me about foxes, with an example function';
const CODE = 'function greet(name) {\n  return `Hello, ${name}!`;\n}';
const ANSWER = [
  '# Fox facts',
  '',
  'Foxes are small omnivores of the dog family.',
  '',
  '## Three kinds',
  '',
  '- Red fox',
  '- Arctic fox',
  '- Fennec fox',
  '',
  '```javascript',
  CODE,
  '```',
  '',
  "That's all for now.",
].join('\n');

/** The usage chunk after the finish chunk, as xAI sends it (its cost figure wins over list prices). */
const USAGE_CHUNK = {
  id: 'chat-panel-e2e',
  object: 'chat.completion.chunk',
  created: 1772541412,
  model: 'grok-4-1-fast-non-reasoning',
  choices: [],
  usage: {
    prompt_tokens: 1234,
    completion_tokens: 321,
    total_tokens: 1555,
    prompt_tokens_details: { text_tokens: 1234, audio_tokens: 0, image_tokens: 0, cached_tokens: 200 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    num_sources_used: 0,
    cost_in_usd_ticks: 4_077_000, // $0.0004077
  },
};

/** The story the Stop tests get: these pieces arrive, then the server stalls until the client closes. */
const STORY_SENT = ['Once', ' upon', ' a', ' time,', ' a', ' fox'];
const STORY_NEVER_SENT = [' lived', ' by', ' the', ' river.'];
/** Stop must reach the network this fast, measured from the click to the fake seeing the close. */
const STOP_CLOSE_BUDGET_MS = 1000;

interface Sample {
  streaming: boolean;
  length: number;
  h1: number;
  h2: number;
  li: number;
  codeBlocks: number;
  usageShown: boolean;
}

type Sampled = Window & { __sampleAnswer(el: Element): Sample; __samples: Sample[] };

/**
 * Records the newest answer's state in the page at every change of the message list (one record per
 * rendered frame at most): a poll from outside, a round trip through the workbench each time, missed the
 * few hundred milliseconds between the list and the code block on a loaded machine.
 */
function recordAnswerStates(messages: Locator): Promise<void> {
  return messages.evaluate((list) => {
    const w = window as unknown as Sampled;
    w.__sampleAnswer = (el) => {
      const body = el.querySelector('.markdown-body');
      const usage = el.querySelector('.usage') as HTMLElement | null;
      return {
        streaming: el.classList.contains('streaming') && el.getAttribute('aria-busy') === 'true',
        length: body?.textContent?.length ?? 0,
        h1: body?.querySelectorAll('h1').length ?? 0,
        h2: body?.querySelectorAll('h2').length ?? 0,
        li: body?.querySelectorAll('li').length ?? 0,
        codeBlocks: body?.querySelectorAll('.code-block').length ?? 0,
        usageShown: !!usage && !usage.hidden && (usage.textContent ?? '') !== '',
      };
    };
    w.__samples = [];
    new MutationObserver(() => {
      const answers = list.querySelectorAll('article.message.assistant');
      const last = answers[answers.length - 1];
      if (last) w.__samples.push(w.__sampleAnswer(last));
    }).observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

function sample(article: Locator): Promise<Sample> {
  return article.evaluate((el) => (window as unknown as Sampled).__sampleAnswer(el));
}

export const tests: E2eTest[] = [
  {
    name: 'the chat panel: a question typed and sent with Enter streams a Markdown answer that renders progressively, then shows tokens and $',
    phase: 'afterReload',
    async run({ page, screenshot, fakeUrl }) {
      await setKeyFromPalette(page, 'xai-chat-panel-e2e-0008');
      await control(fakeUrl, '/reset');
      const pieces = ANSWER.match(/[\s\S]{1,6}/g) ?? [];
      const events = [...pieces.map((p) => textChunk(p)), { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }, USAGE_CHUNK];
      await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events, chunkDelayMs: 70 } });

      const frame = await openChatPanel(page);
      await clickNewChat(page, frame);
      await frame.locator('.messages article.message').first().waitFor({ state: 'detached', timeout: 10_000 });
      const input = frame.locator('textarea.composer-input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await recordAnswerStates(frame.locator('.messages'));
      await input.pressSequentially(QUESTION);
      await input.press('Enter');

      const question = frame.locator('.messages article.message.user').last();
      await question.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal((await question.locator('.user-text').innerText()).trim(), QUESTION);
      assert.equal(await input.inputValue(), '', 'the input is cleared once sent');

      // Watch the answer arrive: it must render piece by piece, not all at once at the end.
      const article = frame.locator('.messages article.message.assistant').last();
      await article.waitFor({ state: 'visible', timeout: 10_000 });
      const samples: Sample[] = [];
      const until = Date.now() + 20_000;
      for (;;) {
        const s = await sample(article);
        samples.push(s);
        if (!s.streaming) break;
        if (Date.now() > until) throw new Error(`the answer was still streaming after 20 s: ${JSON.stringify(s)}`);
        await page.waitForTimeout(30);
      }
      // The page's own records of every change, and the polls (which end the wait).
      samples.unshift(...(await frame.locator('.messages').evaluate(() => (window as unknown as Sampled).__samples)));
      const partial = samples.filter((s) => s.streaming && s.length > 0);
      const lengths = new Set(partial.map((s) => s.length));
      assert.ok(lengths.size >= 5, `the answer did not appear progressively: ${lengths.size} partial states seen (${JSON.stringify(samples.slice(0, 5))}…)`);
      assert.ok(
        partial.some((s) => s.h1 === 1 && s.codeBlocks === 0),
        'no partial state showed the rendered heading before the code block arrived',
      );
      assert.ok(
        partial.some((s) => s.li >= 1 && s.codeBlocks === 0),
        'no partial state showed the rendered list before the code block arrived',
      );
      assert.ok(!partial.some((s) => s.usageShown), 'the usage line showed while the answer was streaming');

      // The final rendering.
      const body = article.locator('.markdown-body');
      assert.deepEqual(await body.locator('h1').allInnerTexts(), ['Fox facts']);
      assert.deepEqual(await body.locator('h2').allInnerTexts(), ['Three kinds']);
      assert.deepEqual((await body.locator('li').allInnerTexts()).map((t) => t.trim()), ['Red fox', 'Arctic fox', 'Fennec fox']);
      assert.match(await body.innerText(), /That's all for now\.\s*$/);
      const block = body.locator('.code-block');
      assert.equal(await block.count(), 1);
      assert.equal(await block.locator('pre > code').evaluate((el) => el.textContent), `${CODE}\n`);
      const keywords = await block.locator('pre > code span[class^="hljs-"]').allInnerTexts();
      assert.ok(keywords.includes('function') && keywords.includes('return'), `the code is not highlighted: ${JSON.stringify(keywords)}`);
      assert.equal((await block.locator('.code-lang').innerText()).trim(), 'javascript');
      assert.deepEqual(
        await block.locator('.code-toolbar button.code-action').evaluateAll((els) => els.map((b) => b.getAttribute('aria-label'))),
        ['Copy code', 'Insert code at cursor', 'Replace selection with code', 'Open code in new file'],
      );
      for (const b of await block.locator('.code-toolbar button.code-action').all()) assert.ok(await b.isVisible(), 'a code button is not visible');

      assert.equal((await article.locator('.usage').innerText()).trim(), '1,234 in · 200 cached (16%) · 321 out · $0.0004');
      assert.equal((await frame.locator('.total-usage').innerText()).trim(), 'Conversation: 1,555 tokens · $0.0004');
      assert.ok(await article.locator('.message-actions button', { hasText: 'Regenerate' }).isVisible(), 'Regenerate is offered on the finished answer');
      assert.ok(await frame.locator('.composer button.send').isVisible(), 'Send is back once the answer is done');

      const [request] = await chatRequests(fakeUrl);
      assert.equal(request?.json?.messages?.at(-1)?.content, QUESTION, 'the question typed is what was sent');
      await settled(page);
      await screenshot('chat-panel-markdown-answer');
    },
  },
  {
    name: 'the chat panel: Stop mid-stream closes the request within 1 s and keeps the partial answer, marked stopped',
    phase: 'afterReload',
    async run({ page, fakeUrl }) {
      const frame = await openChatPanel(page);
      await stopMidStream(page, frame, fakeUrl, 'Stop button', async () => {
        // Where the button is, found before the clock starts; then one real mouse click there. (A locator
        // click first waits for the button to be stable and hit-testable through the webview's frames, which
        // under load took most of the budget before anything was clicked.)
        const box = await frame.locator('.composer button.stop').boundingBox();
        assert.ok(box, 'the Stop button has no box');
        return () => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      });
    },
  },
  {
    name: 'the chat panel: Esc in the input mid-stream closes the request within 1 s and keeps the partial answer, marked stopped',
    phase: 'afterReload',
    async run({ page, fakeUrl }) {
      const frame = await openChatPanel(page);
      await stopMidStream(page, frame, fakeUrl, 'Esc', async () => {
        await frame.locator('textarea.composer-input').focus();
        return () => page.keyboard.press('Escape');
      });
    },
  },
  {
    name: 'the chat panel with this conversation in a dark and a light theme (screenshots)',
    phase: 'afterReload',
    async run({ page, screenshot }) {
      await clearNotifications(page);
      // Its own key (the tests run in any order): without one the panel shows the setup card, not the input.
      await setKeyFromPalette(page, 'xai-chat-panel-themes-e2e-0013');
      await clearNotifications(page);
      // A file open in the editor, added to the next message as a chip: chips show in the shots too.
      await openFile(page, 'hello.js');

      let frame = await openChatPanel(page);
      await frame.getByRole('button', { name: 'Add the current file as context' }).click();
      const chip = frame.locator('.composer .chips .chip', { hasText: 'hello.js' });
      await chip.waitFor({ state: 'visible', timeout: 10_000 });

      // This VS Code's built-in themes are "Dark Modern" and "Light Modern" (formerly "Default … Modern").
      let original: string | undefined;
      for (const [theme, kind] of [
        ['Dark Modern', 'dark'],
        ['Light Modern', 'light'],
      ] as const) {
        const previous = await selectColorTheme(page, theme);
        original ??= previous;
        await page.locator(`.monaco-workbench.${kind === 'dark' ? 'vs-dark' : 'vs'}`).waitFor({ state: 'attached', timeout: 10_000 });
        // The panel is still showing (not reopened: Grok: Open Chat moves focus into the page a moment
        // later, which would close a palette opened meanwhile).
        frame = await findFrame(page, '#app .chat-view');
        await frame.waitForFunction((k) => document.body.classList.contains(`vscode-${k}`), kind, { timeout: 10_000 });
        await frame.locator('.composer .chips .chip', { hasText: 'hello.js' }).waitFor({ state: 'visible', timeout: 10_000 });
        // The page's colours come from the theme: dark text on light or light text on dark.
        const [bg, fg] = await frame.locator('body').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
        const luminance = (css: string) => {
          const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number);
          return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
        };
        assert.ok(kind === 'dark' ? luminance(bg) < 0.4 && luminance(fg) > 0.6 : luminance(bg) > 0.6 && luminance(fg) < 0.4, `the panel's colours (text ${fg} on ${bg}) do not look ${kind}`);
        await settled(page);
        const file = await screenshot(`chat-panel-${kind}-theme`);
        await page.locator('.part.sidebar').screenshot({ path: path.join(path.dirname(file), path.basename(file, '.png') + '-panel.png') });
      }
      // Back to the theme the suites after this one expect.
      if (original && original !== 'Light Modern') await selectColorTheme(page, original);

      await frame.locator('.composer .chips .chip-remove').first().click();
      await frame.locator('.composer .chips .chip').first().waitFor({ state: 'detached', timeout: 5_000 });
    },
  },
];

/**
 * Asks a question whose answer streams a few words and then stalls, waits for them to show, stops it
 * with `stop` (which gets ready, e.g. finds the button, and returns the user's action itself: the clock
 * starts at that action), and checks the fake saw the client close the request within the budget and the
 * panel keeps the partial answer marked stopped.
 */
async function stopMidStream(page: Page, frame: Frame, fakeUrl: string, how: string, stop: () => Promise<() => Promise<void>>): Promise<void> {
  // Its own key: the tests run in any order, and another may have removed the key.
  await setKeyFromPalette(page, 'xai-chat-panel-stop-e2e-0013');
  await control(fakeUrl, '/reset');
  const events = [...STORY_SENT, ...STORY_NEVER_SENT].map((p) => textChunk(p));
  await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events, chunkDelayMs: 60, stall: { afterEvents: STORY_SENT.length } } });

  const input = frame.locator('textarea.composer-input');
  const question = `Tell me a story (${how})`;
  await input.pressSequentially(question);
  await input.press('Enter');
  // The question in the conversation first: when it is not, the failure says where it went (once, under
  // load, neither the question nor its answer showed and the input was empty).
  await frame
    .locator('.messages article.message.user', { hasText: question })
    .waitFor({ state: 'visible', timeout: 10_000 })
    .catch(async (e: unknown) => {
      const left = await input.inputValue().catch(() => '(no input)');
      const shown = (await shownConversation(frame).catch(() => [])).map((m) => `${m.role}: ${m.text.slice(0, 40)}`);
      const requests = (await chatRequests(fakeUrl).catch(() => [])).length;
      throw new Error(`${how}: the question never showed in the conversation (input now ${JSON.stringify(left)}; the fake saw ${requests} chat request(s); shown: ${JSON.stringify(shown)})`, { cause: e });
    });

  const partialText = STORY_SENT.join('');
  await frame.locator('.messages article.message.assistant.streaming .markdown-body', { hasText: partialText }).waitFor({ state: 'visible', timeout: 10_000 });
  assert.ok(await frame.locator('.composer button.stop').isVisible(), 'Stop is offered while the answer streams');
  const [open] = await chatRequests(fakeUrl);
  assert.ok(open && !open.closedByClient && open.endedAt === undefined, `the request is not open and stalled: ${JSON.stringify(open)}`);

  try {
    await stopAndCheck(page, frame, fakeUrl, how, stop);
  } finally {
    // A failed stop must not leave the answer running into the suites after this one.
    if (await frame.locator('.composer button.stop').isVisible().catch(() => false)) {
      await runFromPalette(page, 'Grok: Stop Generating');
      await frame.locator('.composer button.send').waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {});
    }
  }
}

async function stopAndCheck(page: Page, frame: Frame, fakeUrl: string, how: string, stop: () => Promise<() => Promise<void>>): Promise<void> {
  const article = frame.locator('.messages article.message.assistant').last();
  const body = article.locator('.markdown-body');
  const partialText = STORY_SENT.join('');
  const act = await stop();
  const stoppedAt = Date.now();
  await act();
  // Timed on this process's clock only: the fake's timestamps come from another process's monotonic
  // clock, which drifts from this one by seconds over a long run (seen: a close "8.9 s before the stop").
  // The request was open and stalled just before the stop (checked by the caller), so the first poll
  // that sees it closed bounds the close from above (within the 20 ms poll).
  let closedSeenAt: number | undefined;
  await waitUntil(async () => {
    const closed = (await chatRequests(fakeUrl)).some((r) => r.closedByClient);
    if (closed) closedSeenAt = Date.now();
    return closed;
  }, 5_000, 20);
  assert.ok(closedSeenAt !== undefined, `${how}: the fake never saw the client close the request`);
  const closeMs = closedSeenAt - stoppedAt;
  console.log(`    ${how}: the fake saw the request closed within ${closeMs} ms of the stop`);
  assert.ok(closeMs < STOP_CLOSE_BUDGET_MS, `${how}: the request closed ${closeMs} ms after the stop (budget ${STOP_CLOSE_BUDGET_MS} ms)`);

  const status = article.locator('.message-status.status-stopped');
  await status.waitFor({ state: 'visible', timeout: 5_000 });
  const markedMs = Date.now() - stoppedAt;
  assert.ok(markedMs < 2000, `${how}: the answer was marked stopped ${markedMs} ms after the stop`);
  assert.equal((await status.locator('.stopped-badge').innerText()).trim(), 'Stopped');
  assert.match(await status.innerText(), /Partial answer kept\./);
  assert.equal(await article.getAttribute('aria-busy'), 'false');
  assert.equal((await body.innerText()).trim(), partialText, 'the partial answer is kept as it was');
  assert.ok(!(await article.locator('.usage').isVisible()), 'a stopped answer without usage shows no usage line');
  await frame.locator('.composer button.send').waitFor({ state: 'visible', timeout: 5_000 });
  assert.ok(!(await frame.locator('.composer button.stop').isVisible()), 'Stop is still shown after the answer stopped');
  // Nothing more arrives: the words after the stall never show.
  await page.waitForTimeout(300);
  assert.equal((await body.innerText()).trim(), partialText);
}

/**
 * Preferences: Color Theme from the palette, then the theme by its name, as a user picks it. Returns the
 * theme that was in use (the picker opens on it).
 */
async function selectColorTheme(page: Page, theme: string): Promise<string> {
  await runFromPalette(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input.input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const current = rows.and(page.locator('.focused')).first();
  await current.waitFor({ state: 'visible', timeout: 10_000 });
  const previous = (await current.locator('.label-name').first().innerText()).trim();
  await input.fill(theme);
  const first = rows.first().locator('.label-name').first();
  const offered = await waitUntil(async () => (await first.innerText().catch(() => '')).trim() === theme, 5_000);
  assert.ok(offered, `the theme picker does not offer "${theme}" first (it shows ${JSON.stringify(await rows.allInnerTexts())})`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 5_000 });
  return previous;
}
