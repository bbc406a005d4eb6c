// Several notices stack into one line (the newest) with "N more notices" to expand them; dismissing
// back to one notice takes the toggle away. A keyed notice replaces its predecessor (a problem, then its end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closePage, snapshot, useChatPages } from './harness';

const pages = useChatPages();

test('notices stack into one line that expands', async () => {
  const chat = await pages.open({}, { width: 300, height: 700 });
  await chat.post(
    snapshot(),
    { type: 'notice', level: 'warning', message: 'First: a conversation could not be read and was set aside.', actions: ['showLog'] },
    { type: 'notice', level: 'info', message: 'Second: the answer reached its token limit.' },
    { type: 'notice', level: 'info', message: 'Third: select some code in an editor first, then add it.' },
  );
  const notices = chat.page.locator('.notices .notice');
  const visible = async () => (await notices.evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => e.querySelector('.notice-message')?.textContent ?? '')));
  assert.deepEqual(await visible(), ['Third: select some code in an editor first, then add it.']);
  const last = notices.last();
  assert.ok((await last.boundingBox())!.height < 40, 'the newest notice is one line');
  const toggle = chat.page.getByRole('button', { name: '2 more notices' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal((await visible()).length, 3);
  assert.equal(await chat.page.locator('.notices-toggle').getAttribute('aria-expanded'), 'true');
  await chat.page.getByRole('button', { name: 'Show only the latest notice' }).click();
  assert.equal((await visible()).length, 1);

  await last.getByRole('button', { name: 'Dismiss notice' }).click();
  assert.deepEqual(await visible(), ['Second: the answer reached its token limit.']);
  assert.ok(await chat.page.getByRole('button', { name: '1 more notice' }).isVisible());
  await notices.last().getByRole('button', { name: 'Dismiss notice' }).click();
  assert.equal(await chat.page.locator('.notices-toggle').isVisible(), false);
  assert.deepEqual(await visible(), ['First: a conversation could not be read and was set aside.']);
  await chat.assertClean();
  await closePage(chat);
});

test('a notice with a key takes the place of the one shown with that key; others stay', async () => {
  const chat = await pages.open({}, { width: 300, height: 700 });
  const failed = 'Could not save the conversation "Plan": the disk is full. It stays open here and is saved by itself once the disk takes writes again.';
  await chat.post(
    snapshot(),
    { type: 'notice', level: 'warning', message: 'A conversation could not be read and was set aside.', actions: ['showLog'] },
    { type: 'notice', level: 'error', message: failed, actions: ['showLog'], key: 'historySave' },
  );
  const notices = chat.page.locator('.notices .notice');
  const all = () => notices.evaluateAll((els) => els.map((e) => `${e.className}: ${e.querySelector('.notice-message')?.textContent ?? ''}`));
  assert.deepEqual(await all(), ['notice notice-warning: A conversation could not be read and was set aside.', `notice notice-error: ${failed}`]);

  await chat.post({ type: 'notice', level: 'info', message: 'The history is saved again.', key: 'historySave' });
  assert.deepEqual(await all(), ['notice notice-warning: A conversation could not be read and was set aside.', 'notice notice-info: The history is saved again.']);
  assert.equal(await chat.page.getByRole('alert').count(), 0, 'the error is still announced');
  // A notice without a key never replaces one.
  await chat.post({ type: 'notice', level: 'info', message: 'The history is saved again.' });
  assert.equal(await notices.count(), 3);
  await chat.assertClean();
  await closePage(chat);
});

test('editing an earlier message says, before sending, that the later turns will be dropped', async () => {
  const chat = await pages.open();
  await chat.post(
    snapshot({
      messages: [
        { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'first' }], status: 'done' },
        { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'one' }], status: 'done' },
        { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'second' }], status: 'done' },
        { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'two' }], status: 'done' },
      ],
    }),
  );
  await chat.page.locator('[data-message-id="u1"]').hover();
  await chat.page.locator('[data-message-id="u1"]').getByRole('button', { name: 'Edit and resend this message' }).click();
  const warning = chat.page.locator('[data-message-id="u1"] .edit-warning');
  assert.equal(await warning.textContent(), 'Sending this drops the 3 later messages and asks again from here.');
  assert.equal(await chat.page.getByRole('textbox', { name: 'Edit message' }).getAttribute('aria-describedby'), await warning.getAttribute('id'));
  assert.deepEqual(await chat.postedOf('editAndResend'), [], 'nothing is sent by opening the editor');
  await chat.page.keyboard.press('Escape');
  // The last message of the user has only its answer after it.
  await chat.page.locator('[data-message-id="u2"]').hover();
  await chat.page.locator('[data-message-id="u2"]').getByRole('button', { name: 'Edit and resend this message' }).click();
  assert.equal(await chat.page.locator('[data-message-id="u2"] .edit-warning').textContent(), 'Sending this drops the 1 later message and asks again from here.');
  await closePage(chat);
});
