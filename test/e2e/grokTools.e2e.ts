// Grok's own tools in the real VS Code, as a user drives them against the fake xAI server on the
// Responses API (grok.chat.api "auto" for each test, through the VS Code API; the other suites pin Chat
// Completions). The fake builds its answer from the request (responsesScript.ts): it searches only when
// the request carries the tool, so the cards prove the toggle reached the wire.
//  - Web search: the request carries web_search; the card says "Searching the web" while it runs and
//    turns into "Searched the web: <query>" in place; the answer's numbered citation markers point to a
//    Sources list whose entry opens through VS Code (its "open the external website?" dialog, so the
//    open went through the host's openExternal) and never as a request from the page; the usage line
//    shows the cost xAI billed (cost_in_usd_ticks), not a computed price.
//  - X search: the card shows the query while it runs ("Searching X: …"), Sources name the @handles.
//  - Code execution: a collapsible card with the code Grok ran and its output.
import * as assert from 'node:assert/strict';
import type { Locator, Page, Request } from 'playwright-core';
import { control } from './chat';
import type { E2eTest } from './e2eTest';
import { answerDone, ask, cardStates, onResponsesApi, requestsTo, RESPONSES_ROUTE, switchOn, watchCards } from './grokChat';

/** $0.1234 in xAI's ticks (1e10 per dollar): nowhere near what the tokens would cost at list prices. */
const BILLED_TICKS = 1_234_000_000;

/** Cancels VS Code's "open the external website?" dialog: nothing is opened. */
async function cancelDialog(page: Page, dialog: Locator): Promise<void> {
  const cancel = dialog.getByRole('button', { name: 'Cancel', exact: true });
  if (await cancel.count()) await cancel.click();
  else await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}

export const tests: E2eTest[] = [
  {
    name: 'Grok tools: Web search on sends web_search; the card updates in place; numbered markers and Sources that open through VS Code; the billed cost',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      await onResponsesApi(ctx, 'xai-grok-web-search-e2e-0010', async (frame) => {
        const question = 'What is new in VS Code this month?';
        await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { responses: { costInUsdTicks: BILLED_TICKS }, chunkDelayMs: 120 } });
        await switchOn(frame, 'Web search');
        await watchCards(frame);
        await ask(frame, question);
        const answer = await answerDone(frame);

        const [sent, ...more] = await requestsTo(fakeUrl, RESPONSES_ROUTE);
        assert.equal(more.length, 0, 'one question, one request to /responses');
        assert.deepEqual(sent.json?.tools, [{ type: 'web_search' }], 'the toggle sends the web_search tool');
        assert.equal(sent.json?.store, false);

        // One card, drawn while it ran and redrawn in place when the search finished.
        const states = await cardStates(frame);
        assert.ok(states.includes('1|running|Searching the web'), `the card never said it was searching: ${JSON.stringify(states)}`);
        assert.equal(states.at(-1), `1|settled|Searched the web: ${question}`, `card states: ${JSON.stringify(states)}`);
        assert.ok(states.every((s) => s.startsWith('1|')), `the card was replaced instead of updated: ${JSON.stringify(states)}`);
        assert.equal(await answer.locator('.tool-card[data-tool="web_search"]').count(), 1);

        // Numbered markers in the text, linked to the Sources list.
        assert.deepEqual(await answer.locator('.markdown-body .citation-marker').allInnerTexts(), ['[1]', '[2]']);
        assert.deepEqual(
          (await answer.locator('.sources li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
          ['[1] example.com', '[2] example.com'],
          'each source shows its number and domain (xAI titles its citations "1", "2": no title)',
        );
        assert.equal(await answer.locator('.sources li .source-link').first().getAttribute('data-href'), 'https://example.com/grok/answer-1');

        // The billed cost, exactly: $0.1234, said to be xAI's own figure.
        const usage = answer.locator('.usage');
        assert.match(await usage.innerText(), / · 2 sources · 1 tool call · \$0\.1234$/);
        assert.match((await usage.getAttribute('title')) ?? '', /cost \$0\.1234 \(billed by xAI\)$/);
        await screenshot('grok-web-search-answer');

        // A source opens through VS Code, which asks before opening an external site; the page itself
        // requests nothing from it.
        const fromPage: string[] = [];
        const onRequest = (r: Request) => {
          if (r.url().includes('example.com')) fromPage.push(r.url());
        };
        page.on('request', onRequest);
        try {
          await answer.locator('.sources li .source-link').first().click();
          const dialog = page.locator('.monaco-dialog-box', { hasText: 'example.com/grok/answer-1' });
          await dialog.waitFor({ state: 'visible', timeout: 10_000 });
          await screenshot('grok-source-opens-through-vscode');
          await cancelDialog(page, dialog);
          // A marker in the text opens the same way.
          await answer.locator('.markdown-body .citation-marker').nth(1).click();
          const second = page.locator('.monaco-dialog-box', { hasText: 'example.com/grok/answer-2' });
          await second.waitFor({ state: 'visible', timeout: 10_000 });
          await cancelDialog(page, second);
        } finally {
          page.off('request', onRequest);
        }
        assert.deepEqual(fromPage, [], 'the page requested a source itself');
      });
    },
  },
  {
    name: 'Grok tools: X search on sends x_search; the card shows the query while it searches; Sources name the @handles',
    phase: 'afterReload',
    async run(ctx) {
      const { fakeUrl, screenshot } = ctx;
      await onResponsesApi(ctx, 'xai-grok-x-search-e2e-0010', async (frame) => {
        const question = 'What did xAI post today?';
        await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { responses: {}, chunkDelayMs: 150 } });
        await switchOn(frame, 'X search');
        await watchCards(frame);
        await ask(frame, question);
        const answer = await answerDone(frame);

        const [sent] = await requestsTo(fakeUrl, RESPONSES_ROUTE);
        assert.deepEqual(sent.json?.tools, [{ type: 'x_search' }], 'the toggle sends the x_search tool');
        const states = await cardStates(frame);
        assert.ok(states.includes(`1|running|Searching X: ${question}`), `the card never showed the query while searching: ${JSON.stringify(states)}`);
        assert.equal(states.at(-1), `1|settled|Searched X: ${question}`, `card states: ${JSON.stringify(states)}`);
        assert.ok(states.every((s) => s.startsWith('1|')), `the card was replaced instead of updated: ${JSON.stringify(states)}`);
        assert.deepEqual(await answer.locator('.markdown-body .citation-marker').allInnerTexts(), ['[1]', '[2]']);
        assert.deepEqual(
          (await answer.locator('.sources li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
          ['[1] @xai', '[2] @xai'],
        );
        assert.match(await answer.locator('.usage').innerText(), / · 2 sources · 1 tool call · \$0\.\d{4}$/);
        await screenshot('grok-x-search-answer');
      });
    },
  },
  {
    name: 'Grok tools: Code execution on sends code_interpreter; a collapsible card shows the code Grok ran and its output',
    phase: 'afterReload',
    async run(ctx) {
      const { fakeUrl, screenshot } = ctx;
      await onResponsesApi(ctx, 'xai-grok-code-e2e-0010', async (frame) => {
        await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { responses: {}, chunkDelayMs: 120 } });
        await switchOn(frame, 'Code execution');
        await watchCards(frame);
        await ask(frame, 'Add up the numbers from 1 to 10 in Python');
        const answer = await answerDone(frame);

        const [sent] = await requestsTo(fakeUrl, RESPONSES_ROUTE);
        assert.deepEqual(sent.json?.tools, [{ type: 'code_interpreter' }], 'the toggle sends the code tool');
        const states = await cardStates(frame);
        assert.ok(states.some((s) => s.startsWith('1|running|Running code')), `the card never said it was running: ${JSON.stringify(states)}`);
        assert.equal(states.at(-1), '1|settled|Ran code', `card states: ${JSON.stringify(states)}`);

        // Collapsed once done; opened, it shows the code and its output as text.
        const card = answer.locator('.tool-card[data-tool="code_execution"]');
        assert.equal(await card.locator('details').evaluate((d) => (d as HTMLDetailsElement).open), false, 'the finished card is not collapsed');
        await card.locator('summary').click();
        assert.equal(await card.locator('.tool-card-code').innerText(), 'print(sum(range(1, 11)))');
        assert.equal((await card.locator('.tool-card-output').innerText()).trim(), '55');
        assert.match(await answer.locator('.markdown-body').innerText(), /The code printed 55\./);
        assert.match(await answer.locator('.usage').innerText(), / · 1 tool call · \$0\.\d{4}$/);
        await screenshot('grok-code-execution-card');
      });
    },
  },
];
