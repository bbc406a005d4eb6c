// run_command: approvals from the allow-list, output and exit code, the timeout and Stop kill the whole
// process tree, and a huge output stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_TOOLS } from '../../src/agent/tools/registry';
import { executePrepared, prepareToolCall } from '../../src/agent/tools/dispatch';
import { ChildProcessRunner } from '../../src/agent/processRunner';
import { tempWorkspace, toolContext, type TestContext } from './agentToolHelpers';

async function prepare(ctx: TestContext, args: unknown) {
  const d = await prepareToolCall('run_command', JSON.stringify(args), ALL_TOOLS, ALL_TOOLS, ctx);
  assert.ok(d.ok, d.ok ? '' : d.result.output);
  return d.prepared;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(25);
  }
}

test('an allow-listed command runs without asking; its output and exit code come back', async () => {
  const ctx = toolContext(tempWorkspace({ 'a.txt': 'x' }));
  const p = await prepare(ctx, { command: 'echo hello && ls' });
  assert.equal(p.approval, undefined);
  assert.deepEqual(p.command, { line: 'echo hello && ls', cwd: ctx.root });
  const r = await executePrepared('run_command', p, new AbortController().signal, ctx);
  assert.equal(r.output, 'Exit code 0\nhello\na.txt\n');
  assert.equal(r.exitCode, 0);
});

test('a denied sub-command inside && asks; so does what cannot be judged', async () => {
  const ctx = toolContext(tempWorkspace({}));
  const p = await prepare(ctx, { command: 'rm -rf node_modules && echo done' });
  assert.equal(p.approval?.kind, 'command');
  assert.match(p.approval?.reason ?? '', /Not on your allow-list[\s\S]*`rm -rf node_modules`/);
  const sub = await prepare(ctx, { command: 'echo $(rm -rf ~)' });
  assert.match(sub.approval?.reason ?? '', /command substitution/);
  const out = await prepare(ctx, { command: 'echo hi > ../x' });
  assert.match(out.approval?.reason ?? '', /outside the workspace/);
  const inside = await prepare(ctx, { command: 'echo hi > out.txt', cwd: '.' });
  assert.equal(inside.approval, undefined);
});

test('an allow-listed command naming a sensitive file still asks', async () => {
  const ctx = toolContext(tempWorkspace({ '.env': 'SECRET=1' }), { allowedCommands: ['cat *', 'ls *'] });
  for (const command of ['cat .env', 'cat ./.env.local', 'ls && cat config/server.pem']) {
    const p = await prepare(ctx, { command });
    assert.match(p.approval?.reason ?? '', /matches grok.agent.sensitiveFiles/, command);
  }
  assert.equal((await prepare(ctx, { command: 'cat README.md' })).approval, undefined);
});

test('a failing command reports its exit code; cwd outside the workspace is refused', async () => {
  const ctx = toolContext(tempWorkspace({ 'sub/f.txt': '' }));
  const r = await executePrepared('run_command', await prepare(ctx, { command: 'ls missing-file', cwd: 'sub' }), new AbortController().signal, ctx);
  assert.equal(r.ok, false);
  assert.match(r.output, /^Exit code [12]\n/);
  const d = await prepareToolCall('run_command', JSON.stringify({ command: 'ls', cwd: '..' }), ALL_TOOLS, ALL_TOOLS, ctx);
  assert.equal(d.ok, false);
});

test('a command that ended in time is not reported as timed out when the event loop was held up past the timeout', async () => {
  const runner = new ChildProcessRunner();
  const root = tempWorkspace({});
  const outcome = runner.run('echo done && touch ended', root, { timeoutMs: 100, maxChars: 10_000, signal: new AbortController().signal });
  // The extension host busy until the command has ended (its last step done, then a second for the shell
  // to exit): the timeout is due when the loop is back, with the command's end waiting behind it.
  const marker = join(root, 'ended');
  const until = Date.now() + 20_000;
  while (!existsSync(marker) && Date.now() < until) {
    // busy
  }
  const exited = Date.now() + 1000;
  while (Date.now() < exited) {
    // busy
  }
  assert.ok(existsSync(marker), 'the command did not run within 20 s');
  const r = await outcome;
  assert.deepEqual([r.exitCode, r.timedOut, r.output], [0, false, 'done\n']);
});

test('the timeout kills the whole process tree, background children included', async () => {
  const ctx = toolContext(tempWorkspace({}), { commandTimeoutSeconds: 1 });
  const p = await prepare(ctx, { command: 'sleep 30 & echo $! > child.pid; sleep 30' });
  const started = Date.now();
  const r = await executePrepared('run_command', p, new AbortController().signal, ctx);
  assert.ok(Date.now() - started < 8000);
  assert.match(r.output, /did not finish within 1 s[\s\S]*killed/);
  const pid = Number(readFileSync(join(ctx.root, 'child.pid'), 'utf8'));
  await waitFor(() => !alive(pid));
});

test('Stop (the abort signal) kills a running command and its children at once', async () => {
  const ctx = toolContext(tempWorkspace({}));
  const p = await prepare(ctx, { command: 'node -e "setInterval(()=>{},1000)" & echo $! > child.pid; echo started; sleep 60' });
  const stop = new AbortController();
  const running = executePrepared('run_command', p, stop.signal, ctx);
  await waitFor(() => existsSync(join(ctx.root, 'child.pid')) && readFileSync(join(ctx.root, 'child.pid'), 'utf8').trim() !== '');
  const pid = Number(readFileSync(join(ctx.root, 'child.pid'), 'utf8'));
  assert.ok(alive(pid));
  const stopped = Date.now();
  stop.abort();
  const r = await running;
  assert.ok(Date.now() - stopped < 3000);
  assert.match(r.output, /The user stopped the command[\s\S]*started/);
  await waitFor(() => !alive(pid));
});

test('a 16 MB single-line output comes back bounded, head and tail kept', async () => {
  const ctx = toolContext(tempWorkspace({}));
  const p = await prepare(ctx, { command: `node -e "process.stdout.write('START'+'x'.repeat(16*1024*1024)+'END')"` });
  const r = await executePrepared('run_command', p, new AbortController().signal, ctx);
  assert.ok(r.output.length < 25000, String(r.output.length));
  assert.ok(r.output.startsWith('Exit code 0\nSTARTxxx'));
  assert.ok(r.output.endsWith('xxxEND'));
  assert.match(r.output, /characters of output left out/);
});
