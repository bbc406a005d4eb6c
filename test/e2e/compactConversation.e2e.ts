// Compacting a conversation in the real VS Code, against the fake xAI server on the Responses API:
//  - a question answered with context-too-long (the real 400's wording) offers Compact and Retry, New Chat
//    and Show Log, in that order; Compact and Retry sends the turns before the question to
//    /responses/compact, then asks the question again on top of the compaction item (the fake refuses an
//    item that is not sent back byte for byte); the answer shows, the error is gone, a divider says what
//    was compacted;
//  - after a window reload the divider is still there and the next question's input still starts with the
//    compaction item, extending the previous request byte for byte;
//  - Grok: Compact Conversation from the palette: while the server is slow the divider says "Compacting
//    earlier turns…" and Stop cancels it with nothing changed; run again it compacts all of it; reopened
//    from History, the next question starts from the newer item.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { clickNewChat, clickViewAction, control } from './chat';
import type { E2eTest } from './e2eTest';
import { answerDone, ask, lastAnswer, onResponsesApi, requestsTo, RESPONSES_ROUTE, type SeenResponsesRequest } from './grokChat';
import { findFrame, runFromPalette, waitForWorkbench } from './workbench';
import { contextTooLongReply } from '../fake-xai/errorBodies';

const COMPACT_ROUTE = 'POST /v1/responses/compact';

type Item = { type?: string; role?: string; content?: unknown; encrypted_content?: string };

function inputOf(r: SeenResponsesRequest): Item[] {
  return (r.json?.input ?? []) as Item[];
}

/** The raw JSON text of the request's input, for byte-for-byte prefix checks. */
function rawInput(r: SeenResponsesRequest): string {
  return JSON.stringify(r.json?.input ?? []);
}

function contentText(item: Item | undefined): string {
  return typeof item?.content === 'string' ? item.content : JSON.stringify(item?.content ?? '');
}

async function dividers(frame: Frame): Promise<string[]> {
  return frame.locator('.messages .compaction-divider:not(.running)').allInnerTexts();
}

export const tests: E2eTest[] = [
  {
    name: 'compact: context-too-long offers Compact and Retry; the earlier turns are compacted, the question asked again on the compaction item, which later requests keep after a reload and from History',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      await onResponsesApi(ctx, 'xai-compact-e2e-0015', async (frame) => {
        await control(fakeUrl, '/enqueue', {
          route: RESPONSES_ROUTE,
          replies: [{ responses: { text: 'The first answer.' } }, contextTooLongReply(212_345), { responses: { text: 'The answer after compaction.' } }],
        });
        await ask(frame, 'The first question');
        await answerDone(frame);
        await ask(frame, 'The second question, with a huge file');
        const failed = await answerDone(frame);
        const box = failed.locator('.error-box');
        await box.waitFor({ state: 'visible', timeout: 10_000 });
        assert.match(await box.locator('.error-message').innerText(), /212345 tokens.*Compact the earlier turns and ask again/s);
        assert.deepEqual(await box.locator('.error-actions button').allInnerTexts(), ['Compact and Retry', 'New Chat', 'Show Log']);
        await screenshot('compact-context-too-long');

        await box.getByRole('button', { name: 'Compact and Retry' }).click();
        await frame.locator('.messages .compaction-divider:not(.running)').waitFor({ state: 'visible', timeout: 20_000 });
        await frame.locator('.messages article.message.assistant .markdown-body', { hasText: 'The answer after compaction.' }).waitFor({ state: 'visible', timeout: 20_000 });
        await answerDone(frame);

        const [first, tooLong, retried, ...more] = await requestsTo(fakeUrl, RESPONSES_ROUTE);
        assert.equal(more.length, 0, 'three requests to /responses');
        const compacts = await requestsTo(fakeUrl, COMPACT_ROUTE);
        assert.equal(compacts.length, 1, 'one request to /responses/compact');
        assert.deepEqual(inputOf(compacts[0]), inputOf(tooLong).slice(0, -1), 'the earlier turns, without the question that was too long, went to /responses/compact');
        assert.ok(inputOf(compacts[0]).length > inputOf(first).length, 'the first question and its answer were compacted');
        const input = inputOf(retried);
        assert.equal(input.length, 2, `the retried request is the compaction item and the question: ${JSON.stringify(input).slice(0, 400)}`);
        assert.equal(input[0].type, 'compaction');
        assert.equal(typeof input[0].encrypted_content, 'string');
        assert.match(contentText(input[1]), /The second question, with a huge file/);

        // The failed answer was replaced by the new one; the divider sits under the first answer, with the counts.
        assert.equal(await frame.locator('.messages article.message.assistant').count(), 2);
        assert.equal(await frame.locator('.messages .error-box').count(), 0, 'the error box is gone');
        const shown = await dividers(frame);
        assert.equal(shown.length, 1);
        assert.match(shown[0], /^Earlier turns compacted · [\d,]+ tokens → [\d,]+$/);
        const firstAnswer = frame.locator('.messages article.message.assistant').first();
        assert.equal(await firstAnswer.locator('.compaction-divider').count(), 1, 'the divider closes the compacted turns');
        assert.match(await lastAnswer(frame).locator('.markdown-body').innerText(), /The answer after compaction\./);
        await screenshot('compact-divider-and-answer');

        // A window reload: the divider is still there, and the next question starts from the same item.
        await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, force: true });
        const loaded = page.waitForEvent('load', { timeout: 30_000 });
        await runFromPalette(page, 'Developer: Reload Window');
        await loaded;
        await waitForWorkbench(page);
        await page.locator('.part.statusbar', { hasText: 'Activating Extensions' }).waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
        // The view was open before the reload and comes back by itself (the palette may not list Grok's commands yet).
        const after = await findFrame(page, '#app .chat-view', 30_000);
        await after.locator('.messages .compaction-divider').waitFor({ state: 'visible', timeout: 20_000 });
        assert.deepEqual(await dividers(after), shown);
        await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, replies: [{ responses: { text: 'The third answer.' } }, { responses: { text: 'The fourth answer.' } }] });
        await ask(after, 'The third question');
        await answerDone(after);
        const third = (await requestsTo(fakeUrl, RESPONSES_ROUTE))[3];
        assert.deepEqual(inputOf(third)[0], input[0], 'after the reload the input still starts with the compaction item');
        assert.ok(rawInput(third).startsWith(rawInput(retried).slice(0, -1)), 'the request extends the previous one byte for byte');

        // Grok: Compact Conversation, with a server slow to answer: the panel says it is compacting, and Stop
        // cancels it, leaving everything as it was.
        await control(fakeUrl, '/enqueue', { route: COMPACT_ROUTE, reply: { compaction: true, headersDelayMs: 15_000 } });
        await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, force: true });
        await runFromPalette(page, 'Grok: Compact Conversation');
        const running = after.locator('.messages .compaction-divider.running');
        await running.waitFor({ state: 'visible', timeout: 10_000 });
        assert.equal(await running.innerText(), 'Compacting earlier turns…');
        await screenshot('compact-running');
        await after.getByRole('button', { name: /^Stop generating/ }).click();
        await running.waitFor({ state: 'detached', timeout: 5_000 });
        await after.locator('.notice', { hasText: 'Compaction stopped. The conversation is unchanged.' }).waitFor({ state: 'visible', timeout: 5_000 });
        assert.deepEqual(await dividers(after), shown, 'a stopped compaction leaves the conversation as it was');

        // Again, answered: all of it is compacted; reopened from History, the next question starts from the newer item.
        await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, force: true });
        await runFromPalette(page, 'Grok: Compact Conversation');
        await after.waitForFunction(() => document.querySelectorAll('.messages .compaction-divider:not(.running)').length === 2, undefined, { timeout: 20_000 });
        const second = await requestsTo(fakeUrl, COMPACT_ROUTE);
        assert.equal(second.length, 3, 'the first compaction, the stopped one, this one');
        assert.equal(inputOf(second[2])[0].encrypted_content, input[0].encrypted_content, 'the second compaction starts from the first item');
        const conversationTitle = 'The first question';
        await clickNewChat(page, after);
        await after.locator('.messages article.message').first().waitFor({ state: 'detached', timeout: 10_000 });
        await clickViewAction(page, 'Show Chat History');
        const row = after.locator('.history-view .history-item', { hasText: conversationTitle }).first();
        await row.waitFor({ state: 'visible', timeout: 10_000 });
        await row.locator('.history-open').click();
        await after.locator('.messages .compaction-divider').nth(1).waitFor({ state: 'visible', timeout: 10_000 });
        await ask(after, 'The fourth question');
        await answerDone(after);
        const fourth = (await requestsTo(fakeUrl, RESPONSES_ROUTE))[4];
        const fourthInput = inputOf(fourth);
        assert.equal(fourthInput.length, 2, 'the newer compaction item and the question');
        assert.equal(fourthInput[0].type, 'compaction');
        assert.notEqual(fourthInput[0].encrypted_content, input[0].encrypted_content, 'the newer item');
        assert.match(contentText(fourthInput[1]), /The fourth question/);
        await screenshot('compact-reopened-from-history');
      });
    },
  },
];
