// The chat on a server without the Responses API, and xAI's errors with the action that helps, in the
// real VS Code:
//  - a fake server of this test's own (scenario no-responses-api: POST /v1/responses answers 404 as a
//    compatible server does) as grok.baseUrl: the chat answers through /chat/completions, logs the
//    fallback once, never asks that base URL for /responses again, and greys out the tool toggles with
//    the reason. Its own server, so that what the chat remembers about a base URL touches no other suite;
//  - on the shared fake's Responses route, from the recordings: a retired model (404, recording 49) says
//    so and offers Choose Model, which opens the model picker; out of credits (403) says where to add
//    credits and offers no Retry and no Set API Key; a 429 with Retry-After shows the waiting line, then
//    the answer.
import * as assert from 'node:assert/strict';
import { CHAT_ROUTE, control, setKeyFromPalette, textChunk } from './chat';
import type { E2eTest } from './e2eTest';
import { answerDone, ask, grokLogLines, lastAnswer, newChat, onResponsesApi, RESPONSES_ROUTE, toolToggle } from './grokChat';
import { setUserSettings } from './hostSettings';
import { startFakeXai } from '../fake-xai/server';

const TOGGLES = ['Web search', 'X search', 'Code execution'] as const;

function chatAnswer(text: string): object {
  return { events: [textChunk(text, 'fallback-e2e'), { ...textChunk('', 'fallback-e2e'), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }] };
}

export const tests: E2eTest[] = [
  {
    name: 'Grok on a server without /responses: answers through chat completions, logs the fallback once, never asks /responses again there, and greys out the tool toggles with the reason',
    phase: 'afterReload',
    async run(ctx) {
      const { page, userDataDir, screenshot } = ctx;
      const fake = await startFakeXai({ scenario: 'no-responses-api' });
      try {
        const restore = await setUserSettings(ctx, { 'grok.baseUrl': fake.url, 'grok.chat.api': 'auto' });
        try {
          await setKeyFromPalette(page, 'xai-grok-fallback-e2e-0010');
          const frame = await newChat(page);
          // Not known yet: the toggles are offered.
          for (const name of TOGGLES) await frame.waitForFunction((label) => [...document.querySelectorAll<HTMLButtonElement>('.composer-tools button.tool-toggle')].some((b) => b.getAttribute('aria-label') === label && !b.disabled), name, { timeout: 10_000 });

          fake.enqueue(CHAT_ROUTE, chatAnswer('Answered over Chat Completions.'), chatAnswer('Still Chat Completions.'));
          await ask(frame, 'Are you there?');
          let answer = await answerDone(frame);
          assert.equal((await answer.locator('.markdown-body').innerText()).trim(), 'Answered over Chat Completions.');
          const asked = () => fake.requests.filter((r) => r.method === 'POST');
          assert.deepEqual(
            asked().map((r) => `${r.route} ${r.status}`),
            ['POST /v1/responses 404', 'POST /v1/chat/completions 200'],
            'asked /responses once, then the same question over /chat/completions',
          );
          const ask1 = asked()[1].json as { messages?: Array<{ role: string; content: unknown }> };
          assert.equal(ask1.messages?.at(-1)?.role, 'user');
          assert.match(JSON.stringify(ask1.messages?.at(-1)?.content), /Are you there\?/);

          // The toggles follow at once: greyed out, saying why.
          for (const name of TOGGLES) {
            const toggle = toolToggle(frame, name);
            await frame.waitForFunction((label) => [...document.querySelectorAll<HTMLButtonElement>('.composer-tools button.tool-toggle')].some((b) => b.getAttribute('aria-label') === label && b.disabled), name, { timeout: 10_000 });
            assert.equal(await toggle.getAttribute('title'), `${name}: needs the Responses API (grok.chat.api, or a server without /responses)`);
          }
          await screenshot('grok-fallback-toggles-greyed');

          // The next question goes straight to /chat/completions.
          await ask(frame, 'And now?');
          answer = await answerDone(frame);
          assert.equal((await answer.locator('.markdown-body').innerText()).trim(), 'Still Chat Completions.');
          assert.deepEqual(
            asked().map((r) => r.route),
            ['POST /v1/responses', 'POST /v1/chat/completions', 'POST /v1/chat/completions'],
            'the base URL was asked for /responses again',
          );

          // Logged once: the line names this server.
          const said = `chat: ${fake.url} has no /responses`;
          const logged = await (async () => {
            const until = Date.now() + 10_000;
            let n = 0;
            while (Date.now() < until) {
              n = grokLogLines(userDataDir).filter((l) => l.includes(said)).length;
              if (n > 0) return n;
              await new Promise((r) => setTimeout(r, 200));
            }
            return n;
          })();
          assert.equal(logged, 1, `the Grok log says "${said}" ${logged} times`);
        } finally {
          await restore();
        }
      } finally {
        await fake.close();
      }
    },
  },
  {
    name: 'Grok errors with their action: a retired model offers Choose Model (the picker opens); out of credits says so, names no billing page of another server (no Retry, no Set API Key); a 429 shows the waiting line, then the answer',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      await onResponsesApi(ctx, 'xai-grok-errors-e2e-0010', async (frame) => {
        // A retired model: recording 49 (404).
        await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { recorded: '49' } });
        await ask(frame, 'Hello, old model?');
        let answer = await answerDone(frame);
        let box = answer.locator('.error-box');
        await box.waitFor({ state: 'visible', timeout: 10_000 });
        assert.match(await box.locator('.error-message').innerText(), /grok-beta was deprecated/);
        assert.deepEqual(await box.locator('.error-actions button').allInnerTexts(), ['Choose Model', 'Show Log']);
        await screenshot('grok-error-retired-model');
        await box.getByRole('button', { name: 'Choose Model' }).click();
        const picker = page.locator('.quick-input-widget');
        await picker.waitFor({ state: 'visible', timeout: 10_000 });
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'grok-4-1-fast-non-reasoning' }).first().waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Escape');
        await picker.waitFor({ state: 'hidden', timeout: 10_000 });

        // Out of credits, as xAI says it now: 403 "permission-denied" with the credits sentence.
        await control(fakeUrl, '/enqueue', {
          route: RESPONSES_ROUTE,
          reply: {
            status: 403,
            json: {
              code: 'permission-denied',
              error: 'Your team 0d9c3e52-1f4a-4b8e-9a51-7c2f1e0b6d13 has either used all available credits or reached its monthly spending limit. To continue making API requests, please purchase more credits or raise your spending limit.',
            },
          },
        });
        await ask(frame, 'Still there?');
        answer = await answerDone(frame);
        box = answer.locator('.error-box');
        await box.waitFor({ state: 'visible', timeout: 10_000 });
        const credits = await box.locator('.error-message').innerText();
        assert.match(credits, /^Your 127\.0\.0\.1 account is out of credits or reached its spending limit \(.*used all available credits/);
        // This server is not xAI: its account's billing page is unknown, so neither xAI's page nor its
        // Open Billing button is offered (unit tests cover both on xAI's own API).
        assert.doesNotMatch(credits, /x\.ai/);
        assert.deepEqual(await box.locator('.error-actions button').allInnerTexts(), ['Show Log'], 'a Retry or a new key cannot help until the team has credits');
        await screenshot('grok-error-out-of-credits');

        // 429 with Retry-After: the line says how long it waits and why, then the answer comes.
        await control(fakeUrl, '/enqueue', {
          route: RESPONSES_ROUTE,
          replies: [
            { status: 429, headers: { 'Retry-After': '4' }, json: { code: 'Too many requests', error: 'Too many requests: the rate limit of your team was reached.' } },
            { responses: { text: 'Here after the wait.', reasoning: '' } },
          ],
        });
        await ask(frame, 'One more?');
        const waiting = lastAnswer(frame).locator('.thinking-label');
        await frame.waitForFunction(
          () => /^Waiting [1-4] s: rate limited \(429\) \(retry 1\)$/.test([...document.querySelectorAll('.messages article.message.assistant .thinking-label')].at(-1)?.textContent ?? ''),
          undefined,
          { timeout: 10_000 },
        );
        assert.match(await waiting.innerText(), /^Waiting [1-4] s: rate limited \(429\) \(retry 1\)$/);
        await screenshot('grok-waiting-rate-limited');
        answer = await answerDone(frame, 20_000);
        assert.equal((await answer.locator('.markdown-body').innerText()).trim(), 'Here after the wait.');
        assert.equal(await answer.locator('.error-box').count(), 0);
      });
    },
  },
];
