// A whole agent task in the real VS Code, against the fake xAI server scripted with Responses function
// calls: read, search, two edits and a new file each approved on its card, a command approved and run in
// the Grok terminal, then Revert task putting every file back byte for byte (the new file and its folder
// gone). And a task that runs for seconds (edits auto-approved, an allow-listed command, slowly streamed
// answers) while the user types in another editor: every keystroke lands there, in order, and nothing
// the task does opens an editor or takes focus. Real files in the test workspace, the real terminal.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { answer, ask, call, chooseAgentMode, done, freshFolder, responsesRequests, RESPONSES_ROUTE, waiting } from './agent';
import { control, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { onResponsesApi } from './grokChat';
import { openFile, runFromPalette, settled } from './workbench';

/** Approves the waiting card of `tool` and waits until it has run; returns its card. */
async function approve(frame: Frame, tool: string): Promise<Locator> {
  const card = waiting(frame, tool);
  await card.waitFor({ state: 'visible', timeout: 20_000 });
  const id = await card.getAttribute('data-call-id');
  assert.ok(id, 'the card has no call id');
  await card.getByRole('button', { name: /^Approve/ }).click();
  const ran = frame.locator(`.agent-card[data-call-id="${id}"]`);
  await frame.locator(`.agent-card[data-call-id="${id}"][data-status="done"]`).waitFor({ state: 'visible', timeout: 20_000 });
  return ran;
}

function bytes(file: string): Buffer {
  return readFileSync(file);
}

/** The output the task sent back to Grok for its n-th tool call (0-based), from the request after it. */
function outputOf(sent: Array<{ json?: { input?: Array<{ type?: string; output?: string }> } }>, n: number): string {
  const outputs = sent[sent.length - 1].json?.input?.filter((i) => i.type === 'function_call_output').map((i) => i.output ?? '') ?? [];
  return outputs[n] ?? '';
}

export const tests: E2eTest[] = [
  {
    name: 'agent task: reads, searches, edits two files and creates one (each approved in the panel), runs an approved command; Revert task restores both files byte for byte and removes the new one',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      const DIR = 'agent-task-e2e';
      // Bytes a careless write would change: CRLF line ends, non-ASCII text, no newline at the end.
      const config = Buffer.from('# Server\r\nport = 8080\r\nname = "café ☕"\r\n', 'utf8');
      const app = Buffer.from("// ünïcode stays\nconst port = 8080;\nmodule.exports = { port };", 'utf8');
      const root = freshFolder(ctx, DIR, { 'config.ini': config, 'src/app.js': app });
      const configFile = path.join(root, 'config.ini');
      const appFile = path.join(root, 'src', 'app.js');
      const created = path.join(root, 'docs', 'CHANGES.md');
      const command = `node -e "console.log('port-seen-' + require('./${DIR}/src/app.js').port)" && cat ${DIR}/docs/CHANGES.md`;
      try {
        await runFromPalette(page, 'View: Close All Editors');
        await onResponsesApi(
          ctx,
          'xai-agent-task-e2e-revert-0011',
          async (frame) => {
            await chooseAgentMode(frame);
            await control(fakeUrl, '/enqueue', {
              route: RESPONSES_ROUTE,
              replies: [
                call('read_file', { path: `${DIR}/config.ini` }),
                call('search_text', { query: '8080', glob: `${DIR}/**` }),
                call('edit_file', { path: `${DIR}/config.ini`, edits: [{ search: 'port = 8080', replace: 'port = 9090' }] }),
                call('edit_file', { path: `${DIR}/src/app.js`, edits: [{ search: 'const port = 8080;', replace: 'const port = 9090;' }] }),
                call('create_file', { path: `${DIR}/docs/CHANGES.md`, content: '# Changes\n\n- The port moved to 9090.\n' }),
                call('run_command', { command }),
                answer('The port is 9090 in config.ini and src/app.js, noted in docs/CHANGES.md.'),
              ],
            });
            await ask(frame, `Move the port from 8080 to 9090 everywhere in ${DIR}`);

            // The read and the search ran without asking; nothing is written before an Approve.
            const firstEdit = waiting(frame, 'edit_file');
            await firstEdit.waitFor({ state: 'visible', timeout: 20_000 });
            assert.equal(await frame.locator('.agent-card[data-tool="read_file"]').first().getAttribute('data-status'), 'done');
            const search = frame.locator('.agent-card[data-tool="search_text"]').first();
            assert.equal(await search.getAttribute('data-status'), 'done');
            await page.waitForTimeout(500);
            assert.ok(bytes(configFile).equals(config) && bytes(appFile).equals(app), 'a file changed before Approve');

            // Each change lands on disk on its Approve, exactly as proposed, and not before.
            await approve(frame, 'edit_file');
            assert.ok(bytes(configFile).equals(Buffer.from('# Server\r\nport = 9090\r\nname = "café ☕"\r\n', 'utf8')), `config.ini after its edit: ${JSON.stringify(readFileSync(configFile, 'utf8'))}`);
            await waiting(frame, 'edit_file').waitFor({ state: 'visible', timeout: 20_000 });
            assert.ok(bytes(appFile).equals(app), 'src/app.js changed before its Approve');
            await screenshot('agent-task-second-edit-awaiting-approval');
            await approve(frame, 'edit_file');
            assert.ok(bytes(appFile).equals(Buffer.from("// ünïcode stays\nconst port = 9090;\nmodule.exports = { port };", 'utf8')), `src/app.js after its edit: ${JSON.stringify(readFileSync(appFile, 'utf8'))}`);
            await waiting(frame, 'create_file').waitFor({ state: 'visible', timeout: 20_000 });
            assert.ok(!existsSync(created), 'the new file exists before its Approve');
            await approve(frame, 'create_file');
            assert.equal(readFileSync(created, 'utf8'), '# Changes\n\n- The port moved to 9090.\n');

            // The command waits with its exact line; once approved it sees the saved edits and the new file.
            const proposed = waiting(frame, 'run_command');
            await proposed.waitFor({ state: 'visible', timeout: 20_000 });
            assert.equal((await proposed.locator('.agent-approval-command').innerText()).trim(), command);
            const ran = await approve(frame, 'run_command');
            await done(frame);
            // No tool opened an editor (the test began with none open).
            const tabs = (await page.locator('.part.editor .tabs-container .tab').allInnerTexts()).map((t) => t.replace(/\s+/g, ''));
            // The tabs' accessible names say which editor each is (a file, a diff, a preview, its folder).
            const named = await page.locator('.part.editor .tabs-container .tab').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
            assert.deepEqual(tabs, [], `the task opened editors: ${JSON.stringify(named)}`);
            await search.locator('summary').click();
            const found = await search.locator('.agent-card-result').innerText();
            assert.match(found, new RegExp(`${DIR}/config\\.ini:2: port = 8080`), `the search result: ${found}`);
            assert.match(found, new RegExp(`${DIR}/src/app\\.js:2: const port = 8080;`), `the search result: ${found}`);
            await ran.locator('summary').click();
            const output = await ran.locator('.agent-card-result').innerText();
            assert.match(output, /port-seen-9090/, `the command's output in its card: ${output}`);
            assert.match(output, /The port moved to 9090/, `the command's output in its card: ${output}`);

            const sent = await responsesRequests(fakeUrl);
            assert.equal(sent.length, 7);
            assert.match(outputOf(sent, 0), /port = 8080/, 'the read went back to Grok');
            assert.match(outputOf(sent, 1), /config\.ini:2: port = 8080/, 'the search went back to Grok');
            assert.match(outputOf(sent, 5), /Exit code 0[\s\S]*port-seen-9090[\s\S]*The port moved to 9090/, `the command's result sent to Grok: ${outputOf(sent, 5)}`);
            assert.match(await frame.locator('.messages article.message.assistant .markdown-body').last().innerText(), /The port is 9090/);

            // The task card lists what changed; Revert task puts it all back in one step.
            const task = frame.locator('.agent-task').last();
            const summary = (await task.innerText()).replace(/\s+/g, ' ');
            assert.match(summary, /Agent task · Finished · 7 requests/);
            assert.match(summary, new RegExp(`${DIR}/config\\.ini edited`));
            assert.match(summary, new RegExp(`${DIR}/src/app\\.js edited`));
            assert.match(summary, new RegExp(`${DIR}/docs/CHANGES\\.md created`));
            await settled(page);
            await screenshot('agent-task-finished');
            await task.getByRole('button', { name: /^Revert task/ }).click();
            await task.locator('.agent-task-reverted').waitFor({ state: 'visible', timeout: 10_000 });
            assert.ok(bytes(configFile).equals(config), `config.ini is not back byte for byte: ${JSON.stringify(readFileSync(configFile, 'utf8'))}`);
            assert.ok(bytes(appFile).equals(app), `src/app.js is not back byte for byte: ${JSON.stringify(readFileSync(appFile, 'utf8'))}`);
            assert.ok(!existsSync(created), 'the created file is still there');
            assert.ok(!existsSync(path.dirname(created)), 'the folder made for the created file is still there');
            assert.match(await task.innerText(), /Reverted: the files are back as they were before this task\.$/m);
          },
          { settings: { 'grok.chat.api': 'responses' } },
        );
      } finally {
        await runFromPalette(page, 'View: Close All Editors').catch(() => undefined);
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'agent task: the user types in another editor throughout a task and every keystroke lands there; the edits land in their own file, no editor opens, focus stays',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl, screenshot } = ctx;
      const DIR = 'agent-typing-e2e';
      const root = freshFolder(ctx, DIR, { 'typed.txt': '', 'target.txt': 'one\ntwo\nthree\n' });
      const typedFile = path.join(root, 'typed.txt');
      const targetFile = path.join(root, 'target.txt');
      // Slow answers, so the task lasts seconds: every event of every answer 80 ms apart.
      const slow = (reply: object) => ({ ...reply, chunkDelayMs: 80 });
      try {
        await onResponsesApi(
          ctx,
          'xai-agent-task-e2e-typing-0011',
          async (frame) => {
            await chooseAgentMode(frame);
            await control(fakeUrl, '/enqueue', {
              route: RESPONSES_ROUTE,
              replies: [
                slow(call('read_file', { path: `${DIR}/target.txt` })),
                slow(call('search_text', { query: 'two', glob: `${DIR}/**` })),
                slow(call('edit_file', { path: `${DIR}/target.txt`, edits: [{ search: 'two', replace: 'TWO' }] })),
                slow(call('create_file', { path: `${DIR}/made.txt`, content: 'made by the task\n' })),
                slow(call('run_command', { command: 'echo typing-e2e-ran' })),
                slow(call('edit_file', { path: `${DIR}/target.txt`, edits: [{ search: 'three', replace: 'THREE' }] })),
                slow(answer('Capitalised two and three in target.txt, made made.txt and ran the echo; all of this took a few seconds while you typed elsewhere.')),
              ],
            });

            // The user's editor, the only one open, before the task starts.
            await runFromPalette(page, 'View: Close All Editors');
            await openFile(page, 'typed.txt');
            const editor = page.locator('.part.editor .editor-instance .monaco-editor').first();
            await frame.locator('textarea.composer-input').focus();
            await ask(frame, `Capitalise two and three in ${DIR}/target.txt`);
            await frame.locator('.agent-task').last().waitFor({ state: 'visible', timeout: 10_000 });

            // Back to the editor and type, one key at a time, until the task has ended, then a little more.
            await editor.locator('.view-lines').click();
            assert.ok(await waitUntil(async () => (await page.locator('.part.editor .monaco-editor.focused').count()) === 1, 5_000), 'the editor did not take focus');
            const words = 'the quick brown fox jumps over the lazy dog 0123456789 ';
            let typed = '';
            let finished = false;
            let typedWhenEdited = -1;
            const started = Date.now();
            const ending = done(frame, 60_000).then(() => {
              finished = true;
            });
            for (let after = 0; after < 15; ) {
              const key = words[typed.length % words.length];
              await page.keyboard.type(key);
              typed += key;
              await page.waitForTimeout(25);
              if (typedWhenEdited < 0 && readFileSync(targetFile, 'utf8') !== 'one\ntwo\nthree\n') typedWhenEdited = typed.length;
              if (finished) after++;
              assert.ok(Date.now() - started < 60_000, 'the task did not end within 60 s');
            }
            await ending;
            const took = Date.now() - started;

            // The task went on while the user typed: it lasted seconds, and its first edit landed mid-typing.
            assert.ok(took >= 3_000, `the task took only ${took} ms: not long enough to type through`);
            assert.ok(typedWhenEdited > 0 && typedWhenEdited < typed.length - 15, `the first edit did not land while the user typed (after ${typedWhenEdited} of ${typed.length} keys)`);
            assert.equal(await frame.locator('.agent-task').last().getAttribute('data-status'), 'done', 'the task finished');
            assert.equal(readFileSync(targetFile, 'utf8'), 'one\nTWO\nTHREE\n', 'the edits landed in their own file');
            assert.equal(readFileSync(path.join(root, 'made.txt'), 'utf8'), 'made by the task\n');
            const echoed = frame.locator('.agent-card[data-tool="run_command"]').last();
            assert.equal(await echoed.getAttribute('data-status'), 'done', 'the allow-listed command ran without asking');

            // Focus is still in the user's editor, and no tool opened an editor of its own.
            assert.equal(await page.locator('.part.editor .monaco-editor.focused').count(), 1, 'the editor lost focus');
            assert.equal(await frame.evaluate(() => document.hasFocus()), false, 'the chat took focus');
            const tabs = (await page.locator('.part.editor .tabs-container .tab').allInnerTexts()).map((t) => t.replace(/\s+/g, ''));
            assert.ok(tabs.length === 1 && tabs[0].startsWith('typed.txt'), `editors open: ${JSON.stringify(tabs)}`);
            await settled(page);
            await screenshot('agent-task-typed-throughout');

            // Every keystroke, in order, in that editor and nowhere else.
            await page.keyboard.press('Control+S');
            assert.ok(await waitUntil(async () => readFileSync(typedFile, 'utf8') === typed, 5_000), `typed.txt holds ${JSON.stringify(readFileSync(typedFile, 'utf8'))}, typed ${JSON.stringify(typed)}`);
            assert.equal(await frame.locator('textarea.composer-input').inputValue(), '', 'keys reached the composer');
          },
          { settings: { 'grok.chat.api': 'responses', 'grok.agent.autoApproveEdits': true, 'grok.agent.allowedCommands': ['echo *'] } },
        );
      } finally {
        await runFromPalette(page, 'View: Revert and Close Editor').catch(() => undefined);
        await runFromPalette(page, 'View: Close All Editors').catch(() => undefined);
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
];
