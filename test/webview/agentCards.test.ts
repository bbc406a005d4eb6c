// The agent in the chat page, in real Chromium under the real CSP: the Chat / Ask / Agent picker (saved
// through the host, usable at 180 px), tool cards (readable arguments, the exact command line, status,
// result as text, collapsible), approvals by keyboard (Tab to Approve / Deny, a reason with Deny, nothing
// approved by typing in the composer), Open Diff, the budget pause and the task card's Revert task.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { AgentTaskPart, ClientToolPart } from '../../src/protocol';
import { assistantMessage, closePage, OUTPUT, snapshot, userMessage, useChatPages } from './harness';
import { LAYOUT_AUDIT, type LayoutProblem } from './layoutCheck';

const pages = useChatPages();

const task = (over: Partial<AgentTaskPart> = {}): AgentTaskPart => ({ type: 'agentTask', id: 'task-1', mode: 'agent', status: 'running', steps: 2, files: [], ...over });
const editCard = (over: Partial<ClientToolPart> = {}): ClientToolPart => ({
  type: 'toolCall',
  id: 'call_1',
  name: 'edit_file',
  arguments: '{"path":"src/a.ts","edits":[{"search":"a = 1","replace":"a = 2"}]}',
  status: 'awaitingApproval',
  taskId: 'task-1',
  summary: 'Edit src/a.ts (1 change)',
  approval: { kind: 'edit', reason: 'Changing a file needs your approval.' },
  file: 'src/a.ts',
  change: 'edit',
  ...over,
});
const commandCard = (over: Partial<ClientToolPart> = {}): ClientToolPart => ({
  type: 'toolCall',
  id: 'call_2',
  name: 'run_command',
  arguments: '{"command":"rm -rf node_modules && npm install"}',
  status: 'awaitingApproval',
  taskId: 'task-1',
  summary: 'Run rm -rf node_modules && npm install',
  approval: { kind: 'command', reason: 'Commands always ask unless every part is on your allow-list.' },
  command: 'rm -rf node_modules && npm install',
  ...over,
});

function agentAnswer(parts: Array<ClientToolPart | AgentTaskPart>, status: 'streaming' | 'done' = 'streaming') {
  return assistantMessage('a1', '', { status, startedAt: Date.now(), parts });
}

test('the mode picker: Chat / Ask / Agent, the default from the setting, the conversation\'s own choice saved through the host', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ defaultMode: 'ask' }));
    const picker = chat.page.getByRole('combobox', { name: 'Mode', exact: true });
    assert.equal(await picker.inputValue(), 'ask', 'a conversation without its own mode shows the default');
    assert.deepEqual(await picker.locator('option').allTextContents(), ['Chat', 'Ask', 'Agent']);
    await chat.post({ type: 'options', options: { webSearch: true }, defaultMode: 'ask' });
    await picker.selectOption('agent');
    const posted = await chat.postedOf('setOptions');
    assert.deepEqual(posted.at(-1)?.options, { webSearch: true, mode: 'agent' }, 'the other choices are kept');
    // Another conversation with its own mode.
    await chat.post(snapshot({ options: { mode: 'chat' }, defaultMode: 'agent' }));
    assert.equal(await picker.inputValue(), 'chat');
    assert.match((await picker.getAttribute('title')) ?? '', /no access to your workspace/);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('at 180 px the mode picker, tool cards with approvals and the task card fit; screenshot', async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const chat = await pages.open({ theme: 'dark' }, { width: 180, height: 720 });
  try {
    await chat.post(
      snapshot({ messages: [userMessage('u1', 'Bump a and reinstall')], generating: true, defaultMode: 'agent' }),
      { type: 'messageAdded', message: agentAnswer([task(), editCard(), commandCard()]) },
    );
    await chat.frames();
    const problems = (await chat.page.evaluate(LAYOUT_AUDIT)) as LayoutProblem[];
    assert.deepEqual(problems, [], problems.map((p) => `${p.what}: ${p.problem}`).join('\n'));
    const picker = chat.page.getByRole('combobox', { name: 'Mode', exact: true });
    assert.ok(await picker.isVisible());
    const box = await picker.boundingBox();
    assert.ok(box && box.width >= 40, `the picker is wide enough to read (${box?.width} px)`);
    await chat.page.screenshot({ path: path.join(OUTPUT, 'agent-180.png') });
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('a waiting card shows the exact command, and is answered by keyboard: Tab to Deny with a reason, Tab to Approve', async () => {
  const chat = await pages.open();
  try {
    await chat.post(
      snapshot({ messages: [userMessage('u1', 'Reinstall')], generating: true }),
      { type: 'messageAdded', message: agentAnswer([task(), commandCard(), editCard()]) },
    );
    const cmd = chat.page.locator('[data-call-id="call_2"]');
    assert.equal(await cmd.locator('.agent-approval-command').textContent(), 'rm -rf node_modules && npm install', 'the whole line, not a summary');
    assert.match((await cmd.textContent()) ?? '', /Waiting for your approval/);
    // Typing in the composer approves nothing.
    await chat.clearPosted();
    await chat.page.getByRole('textbox', { name: 'Message Grok' }).fill('yes, approve it');
    await chat.page.keyboard.press('Enter');
    assert.equal((await chat.postedOf('approveTool')).length, 0, 'no approval from composer text');

    // Keyboard: from the reason box, Tab reaches Approve, then Deny (Open Diff comes first on an edit card).
    const reason = cmd.getByRole('textbox', { name: /Reason for denying/ });
    await reason.focus();
    await chat.page.keyboard.type('not on this machine');
    await chat.page.keyboard.press('Tab');
    assert.equal(await chat.page.evaluate(() => document.activeElement?.textContent), 'Approve');
    await chat.page.keyboard.press('Tab');
    assert.equal(await chat.page.evaluate(() => document.activeElement?.textContent), 'Deny');
    await chat.page.keyboard.press('Enter');
    assert.deepEqual(await chat.postedOf('approveTool'), [{ type: 'approveTool', callId: 'call_2', approved: false, reason: 'not on this machine' }]);
    assert.ok(await cmd.getByRole('button', { name: /^Deny/ }).isDisabled(), 'one answer per press');

    // The edit card: Open Diff (no approval), then Approve with the keyboard.
    const edit = chat.page.locator('[data-call-id="call_1"]');
    await chat.clearPosted();
    await edit.getByRole('button', { name: 'Open Diff: src/a.ts' }).focus();
    await chat.page.keyboard.press('Enter');
    assert.deepEqual(await chat.posted(), [{ type: 'openToolDiff', messageId: 'a1', callId: 'call_1' }]);
    await chat.page.keyboard.press('Tab');
    await chat.page.keyboard.press('Space');
    assert.deepEqual(await chat.postedOf('approveTool'), [{ type: 'approveTool', callId: 'call_1', approved: true }]);

    // The host's update: denied with its reason, collapsed, buttons gone.
    await chat.post({ type: 'part', messageId: 'a1', part: commandCard({ status: 'denied', deniedReason: 'not on this machine', result: 'The user denied this run_command call.' }) });
    assert.equal(await cmd.getByRole('button', { name: /^Approve/ }).count(), 0);
    assert.match((await cmd.textContent()) ?? '', /You denied this: not on this machine/);
    assert.equal(await cmd.locator('details').evaluate((d) => (d as HTMLDetailsElement).open), false, 'a settled card folds away');
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('a card shows the arguments readably and the result as text; file and command output never become markup', async () => {
  const chat = await pages.open();
  try {
    const evil = '<img src=x onerror="window.__pwned.push(1)"><b>bold</b>';
    await chat.post(
      snapshot({ messages: [userMessage('u1', 'Read it')] }),
      {
        type: 'messageAdded',
        message: agentAnswer(
          [
            task({ status: 'done', steps: 2, costUsd: 0.0123 }),
            { type: 'toolCall', id: 'c1', name: 'read_file', arguments: '{"path":"README.md"}', status: 'done', summary: 'Read README.md', result: `README.md (1 line):\n${evil}` },
            { type: 'toolCall', id: 'c2', name: 'run_command', arguments: '{not json', status: 'error', command: 'npm test', result: 'Exit code 1\nfailed', exitCode: 1 },
          ],
          'done',
        ),
      },
    );
    const read = chat.page.locator('[data-call-id="c1"]');
    assert.match((await read.locator('summary').textContent()) ?? '', /Read README.md.*Done/);
    await read.locator('summary').click();
    assert.equal(await read.locator('.agent-card-fields').textContent(), 'path: README.md', 'plain values as "name: value" lines');
    assert.equal(await read.locator('.agent-card-result').textContent(), `README.md (1 line):\n${evil}`);
    assert.equal(await chat.page.locator('.agent-card img, .agent-card b').count(), 0);
    assert.deepEqual(await chat.page.evaluate(() => (window as unknown as { __pwned: number[] }).__pwned), []);
    const failed = chat.page.locator('[data-call-id="c2"]');
    await failed.locator('summary').click();
    assert.equal(await failed.locator('.agent-card-args').textContent(), '{not json', 'arguments that are not JSON are shown as sent');
    assert.match((await failed.textContent()) ?? '', /Result \(exit code 1\)/);
    assert.equal(await chat.page.locator('.agent-task-line').textContent(), 'Agent task · Finished · 2 requests · $0.0123');
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('an edit shows the lines it takes out and puts in, a new file its content, a command its line once; the JSON as sent is one click away', async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const chat = await pages.open({}, { width: 300, height: 900 });
  try {
    const twoEdits = JSON.stringify({ path: 'src/a.ts', edits: [{ search: 'const a = 1;\nconst b = 2;', replace: 'const a = 2;' }, { search: 'old()', replace: 'renamed()\nextra()' }] });
    await chat.post(
      snapshot({ messages: [userMessage('u1', 'Change things')], generating: true }),
      {
        type: 'messageAdded',
        message: agentAnswer([
          task(),
          editCard({ arguments: twoEdits, summary: 'Edit src/a.ts (2 changes)' }),
          { type: 'toolCall', id: 'c3', name: 'create_file', arguments: JSON.stringify({ path: 'docs/NEW.md', content: '# New\n<b>not bold</b>', overwrite: true }), status: 'awaitingApproval', summary: 'Create docs/NEW.md', approval: { kind: 'edit', reason: 'Creating a file needs your approval.' }, file: 'docs/NEW.md', change: 'create' },
          commandCard({ status: 'done', result: 'Exit code 0', exitCode: 0 }),
          commandCard({ id: 'c4', arguments: JSON.stringify({ command: 'npm test', cwd: 'packages/web' }), command: 'npm test', status: 'done', result: 'Exit code 0', exitCode: 0 }),
          { type: 'toolCall', id: 'c5', name: 'edit_file', arguments: JSON.stringify({ path: 'x.ts', edits: [{ search: 'a', replace: 'b', note: 'odd' }] }), status: 'error', result: 'Rejected' },
        ]),
      },
    );
    const edit = chat.page.locator('[data-call-id="call_1"]');
    assert.match((await edit.locator('.agent-card-label').first().textContent()) ?? '', /^Changes \(edit_file\)$/);
    assert.equal(await edit.locator('.agent-card-fields').textContent(), 'path: src/a.ts');
    const blocks = edit.locator('pre.agent-card-edit');
    assert.equal(await blocks.count(), 2);
    assert.deepEqual(await blocks.nth(0).locator('span').allTextContents(), ['- const a = 1;', '- const b = 2;', '+ const a = 2;']);
    assert.deepEqual(await blocks.nth(1).locator('span').allTextContents(), ['- old()', '+ renamed()', '+ extra()']);
    assert.equal(await blocks.nth(1).getAttribute('aria-label'), 'Change 2 of 2: lines taken out, then lines put in');
    const [del, ins] = await Promise.all([blocks.nth(0).locator('.edit-del').first(), blocks.nth(0).locator('.edit-ins').first()].map((l) => l.evaluate((e) => getComputedStyle(e).backgroundColor)));
    assert.notEqual(del, ins, 'lines out and lines in look different');
    // The exact JSON, folded.
    const sent = edit.locator('details.agent-card-sent');
    assert.equal(await sent.evaluate((d) => (d as HTMLDetailsElement).open), false);
    await sent.locator('summary').click();
    assert.deepEqual(JSON.parse((await sent.locator('.agent-card-args').textContent()) ?? ''), JSON.parse(twoEdits));

    const create = chat.page.locator('[data-call-id="c3"]');
    assert.equal(await create.locator('.agent-card-label').first().textContent(), 'Content (create_file)');
    assert.equal(await create.locator('.agent-card-content').textContent(), '# New\n<b>not bold</b>');
    assert.match((await create.textContent()) ?? '', /Replaces the file if it exists\./);
    assert.equal(await chat.page.locator('.agent-card b').count(), 0, 'file content never becomes markup');

    // A command: its line once, no JSON repeating it; a folder, when given, as a value.
    const cmd = chat.page.locator('[data-call-id="call_2"]');
    await cmd.locator('summary').first().click();
    assert.equal(await cmd.locator('.agent-card-command').textContent(), 'rm -rf node_modules && npm install');
    assert.equal(await cmd.locator('.agent-card-args, .agent-card-fields').count(), 0, 'the command line is shown twice');
    const inFolder = chat.page.locator('[data-call-id="c4"]');
    await inFolder.locator('summary').first().click();
    assert.equal(await inFolder.locator('.agent-card-fields').textContent(), 'cwd: packages/web');

    // Arguments of a shape the tool does not have: the JSON as sent, nothing reinterpreted.
    const odd = chat.page.locator('[data-call-id="c5"]');
    await odd.locator('summary').first().click();
    assert.equal(await odd.locator('.agent-card-edit').count(), 0);
    assert.match((await odd.locator('.agent-card-args').textContent()) ?? '', /"note": "odd"/);
    await edit.screenshot({ path: path.join(OUTPUT, 'agent-card-edit.png') });
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('the budget pause asks on the task card; Continue and End task post the answer once', async () => {
  const chat = await pages.open();
  try {
    await chat.post(
      snapshot({ messages: [userMessage('u1', 'Refactor')], generating: true }),
      { type: 'messageAdded', message: agentAnswer([task({ status: 'paused', steps: 7, costUsd: 1.02, limit: { kind: 'cost', limit: 1 } })]) },
    );
    const card = chat.page.locator('.agent-task');
    assert.match((await card.textContent()) ?? '', /Paused: this task has cost \$1\.02, reaching its \$1\.00 budget/);
    await card.getByRole('button', { name: 'Continue the task' }).click();
    assert.deepEqual(await chat.postedOf('continueTask'), [{ type: 'continueTask', taskId: 'task-1', goOn: true }]);
    assert.ok(await card.getByRole('button', { name: 'End task here' }).isDisabled());
    await chat.post({ type: 'part', messageId: 'a1', part: task({ status: 'paused', steps: 50, limit: { kind: 'steps', limit: 50 } }) });
    assert.match((await card.textContent()) ?? '', /made 50 requests, reaching its limit of 50/);
    await card.getByRole('button', { name: 'End task here' }).click();
    assert.deepEqual((await chat.postedOf('continueTask')).at(-1), { type: 'continueTask', taskId: 'task-1', goOn: false });
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('the task card lists the changed files with Open Diff and offers Revert task once the task ended', async () => {
  const chat = await pages.open();
  try {
    const files: AgentTaskPart['files'] = [{ path: 'src/a.ts', change: 'edit' }, { path: 'src/new.ts', change: 'create' }, { path: 'old.txt', change: 'delete' }];
    await chat.post(
      snapshot({ messages: [userMessage('u1', 'Refactor')], generating: true }),
      { type: 'messageAdded', message: agentAnswer([task({ files })]) },
    );
    const card = chat.page.locator('.agent-task');
    assert.equal(await card.getByRole('button', { name: /^Revert task/ }).count(), 0, 'no revert while the task runs');
    assert.deepEqual(await card.locator('li').allTextContents(), ['src/a.ts editedOpen Diff', 'src/new.ts createdOpen Diff', 'old.txt deletedOpen Diff']);
    await card.getByRole('button', { name: 'Open Diff: src/new.ts' }).click();
    assert.deepEqual(await chat.postedOf('openTaskDiff'), [{ type: 'openTaskDiff', taskId: 'task-1', path: 'src/new.ts' }]);

    await chat.post({ type: 'part', messageId: 'a1', part: task({ status: 'done', files }) }, { type: 'messageDone', messageId: 'a1', status: 'done' });
    const revert = card.getByRole('button', { name: 'Revert task: put back the 3 files it changed' });
    await revert.click();
    assert.deepEqual(await chat.postedOf('revertTask'), [{ type: 'revertTask', messageId: 'a1', taskId: 'task-1' }]);
    await chat.post({ type: 'part', messageId: 'a1', part: task({ status: 'done', files, revertedAt: Date.now() }) });
    assert.match((await card.textContent()) ?? '', /Reverted: the files are back as they were before this task\./);
    assert.equal(await card.getByRole('button', { name: /^Revert task/ }).count(), 0);

    // A page rebuilt (view hidden and shown, window reloaded) shows the same from the snapshot.
    await chat.post(snapshot({ messages: [userMessage('u1', 'Refactor'), agentAnswer([task({ status: 'stopped', files })], 'done')] }));
    assert.ok(await chat.page.getByRole('button', { name: /^Revert task/ }).isVisible());
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('a pending approval is shown again by a snapshot (the view hidden and shown) and announced', async () => {
  const chat = await pages.open();
  try {
    await chat.post(snapshot({ messages: [userMessage('u1', 'Reinstall'), agentAnswer([task(), commandCard()])], generating: true }));
    const card = chat.page.locator('[data-call-id="call_2"]');
    assert.ok(await card.getByRole('button', { name: /^Approve/ }).isVisible());
    assert.ok(await card.getByRole('button', { name: /^Deny/ }).isVisible());
    assert.match((await chat.page.locator('[aria-live]').allTextContents()).join(' '), /Grok asks for your approval: Run rm -rf node_modules/);
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});

test('while a step waits for Approve the answer\'s status line says so, and while a tool runs it says that (not "No answer yet")', async () => {
  const chat = await pages.open();
  try {
    const started = Date.now() - 20_000;
    await chat.post(
      snapshot({ messages: [userMessage('u1', 'Bump a')], generating: true, defaultMode: 'agent' }),
      { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', startedAt: started, parts: [task(), editCard()] }) },
    );
    const label = chat.page.locator('.messages article.message.assistant .thinking-label').last();
    await label.waitFor({ state: 'visible' });
    assert.equal((await label.innerText()).trim(), 'Waiting for your approval');
    await chat.post({ type: 'part', messageId: 'a1', part: editCard({ status: 'running' }) });
    await chat.page.waitForFunction(() => /^Running a tool · \d+s$/.test(document.querySelector('.messages article.message.assistant .thinking-label')?.textContent?.trim() ?? ''));
    await chat.assertClean();
  } finally {
    await closePage(chat);
  }
});
