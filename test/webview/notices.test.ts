// Several notices stack into one line (the newest) with "N more notices" to expand them; dismissing
// back to one notice takes the toggle away.
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
