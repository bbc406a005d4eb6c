// Pending approvals live in the host until the user answers; only answer() resolves them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApprovalBroker } from '../../src/agent/approvalBroker';
import type { ToolCallCard } from '../../src/agent/agentTypes';
import { runAgentLoop } from '../../src/agent/agentLoop';
import { callsAnswer, scripted, textAnswer } from './agentLoopHelpers';
import { tempWorkspace, toolContext } from './agentToolHelpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const card = (callId: string, taskId = 't1'): ToolCallCard => ({ taskId, callId, step: 1, tool: 'run_command', rawArguments: '{}', summary: 'Run', status: 'awaitingApproval' });

test('requests wait until answered; pending() lists them for a panel shown again; a second answer is ignored', async () => {
  const seen: number[] = [];
  const broker = new ApprovalBroker((p) => seen.push(p.length));
  const a = broker.request({ card: card('c1') });
  const b = broker.request({ card: card('c2') });
  assert.deepEqual(broker.pending().map((c) => c.callId), ['c1', 'c2']);
  assert.equal(broker.answer('c2', { approved: false, reason: 'no' }), true);
  assert.deepEqual(await b, { approved: false, reason: 'no' });
  assert.equal(broker.answer('c2', { approved: true }), false, 'stale answer');
  assert.equal(broker.answer('c1', { approved: true }), true);
  assert.deepEqual(await a, { approved: true, reason: undefined });
  assert.deepEqual(seen, [1, 2, 1, 0]);
});

test('ending a task denies its pending requests only', async () => {
  const broker = new ApprovalBroker();
  const a = broker.request({ card: card('c1', 't1') });
  broker.request({ card: card('c2', 't2') });
  broker.cancelTask('t1');
  assert.equal((await a).approved, false);
  assert.deepEqual(broker.pending().map((c) => c.callId), ['c2']);
});

test('with the loop: the edit waits in the broker and runs only after answer()', async () => {
  const ctx = toolContext(tempWorkspace({ 'a.ts': 'a = 1\n' }));
  const broker = new ApprovalBroker();
  const s = scripted([callsAnswer([['c1', 'edit_file', { path: 'a.ts', edits: [{ search: 'a = 1', replace: 'a = 2' }] }]]), textAnswer('done')]);
  const running = runAgentLoop({
    taskId: ctx.taskId, api: 'responses', model: 'm', input: [{ role: 'user', content: 'go' }], mode: 'agent', ctx, send: s.send,
    approve: broker.request, limits: { maxSteps: 5, maxCostUsd: 1 }, onLimit: async () => false, signal: new AbortController().signal,
  });
  while (broker.pending().length === 0) await sleep(5);
  assert.equal(readFileSync(join(ctx.root, 'a.ts'), 'utf8'), 'a = 1\n', 'nothing written while waiting');
  assert.equal(broker.pending()[0].change?.after, 'a = 2\n');
  broker.answer('c1', { approved: true });
  assert.equal((await running).reason, 'done');
  assert.equal(readFileSync(join(ctx.root, 'a.ts'), 'utf8'), 'a = 2\n');
});
