// A question queued while an answer streams goes out when that answer ends. If the key was removed
// meanwhile (Clear API Key here; another window in real life), the host cannot send it: the question must
// come back into the box, not vanish, and go nowhere near the server. Setting a key shows it there again.
import * as assert from 'node:assert/strict';
import { CHAT_ROUTE, chatRequests, control, setKeyFromPalette, shownConversation, textChunk, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { ask, newChat } from './grokChat';
import { clearNotifications, runFromPalette, settled, waitForNotification } from './workbench';

const FIRST = 'Outline a migration plan for the billing tables';
const QUEUED = 'Then list the risks of each step';

export const tests: E2eTest[] = [
  {
    name: 'a question queued while the key is removed comes back into the box when it cannot be sent',
    phase: 'afterReload',
    async run({ page, fakeUrl, screenshot }) {
      await clearNotifications(page);
      await setKeyFromPalette(page, 'xai-queued-without-key-e2e-0013');
      await control(fakeUrl, '/reset');
      // The first answer starts and then hangs, so the second question has to wait in the queue.
      await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [textChunk('Step one: copy the invoices table.')], stall: { afterEvents: 1 } } });

      const frame = await newChat(page);
      await ask(frame, FIRST);
      await frame.locator('.messages article.message.assistant', { hasText: 'Step one' }).waitFor({ state: 'visible', timeout: 15_000 });
      const input = frame.locator('textarea.composer-input');
      await input.pressSequentially(QUEUED);
      await input.press('Enter');
      await frame.locator('.queued-item', { hasText: QUEUED }).waitFor({ state: 'visible', timeout: 5_000 });

      await runFromPalette(page, 'Grok: Clear API Key');
      await waitForNotification(page, /API key was removed/);
      await frame.locator('.setup-card').waitFor({ state: 'visible', timeout: 10_000 });
      // The answer ends (Stop from the palette: the panel's Stop went with the composer), the page sends
      // the queued question, and the host, without a key, hands it back.
      await runFromPalette(page, 'Grok: Stop Generating');
      const noKeyNotice = frame.locator('.notices .notice', { hasText: 'No xAI API key is set. Set one to chat with Grok.' });
      await noKeyNotice.first().waitFor({ state: 'visible', timeout: 10_000 });
      assert.ok(await noKeyNotice.first().getByRole('button', { name: 'Set API Key' }).isVisible(), 'the notice offers no Set API Key');
      const handedBack = await waitUntil(async () => (await input.inputValue()) === QUEUED, 10_000);
      assert.ok(handedBack, `the queued question is not back in the box: it holds ${JSON.stringify(await input.inputValue())}`);
      assert.equal(await frame.locator('.queued-item').count(), 0, 'the question is still shown as queued');
      await settled(page);
      await screenshot('queued-without-key');

      await setKeyFromPalette(page, 'xai-queued-without-key-e2e-0013');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await input.inputValue(), QUEUED, 'the box lost the question when the key came back');
      const shown = (await shownConversation(frame)).map((m) => m.text);
      assert.equal(shown.length, 2, `the panel shows more than the first turn: ${JSON.stringify(shown)}`);
      assert.equal(shown[0], FIRST);
      const sent = await chatRequests(fakeUrl);
      assert.equal(sent.length, 1, `the server was asked ${sent.length} times: the queued question went out without a key`);

      await input.fill('');
      await clearNotifications(page);
      await control(fakeUrl, '/reset');
    },
  },
];
