// Helpers for the browser suites of the agent (agentTask.e2e.ts; agentChat.e2e.ts can move to them): a folder of files in
// the test workspace, the fake's scripted Responses function calls, the task's cards in the panel. Not a
// suite itself (no .e2e.ts).
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { control, waitUntil } from './chat';
import type { E2eContext } from './e2eTest';

export const RESPONSES_ROUTE = 'POST /v1/responses';

export interface SeenResponses {
  route: string;
  body?: string;
  json?: { input?: Array<{ type?: string; call_id?: string; output?: string }>; tools?: Array<{ name?: string }> };
}

/** The workspace code-server opened (test-output/workspace, beside the profile). */
export function workspace(ctx: E2eContext): string {
  return path.resolve(ctx.userDataDir, '..', '..', 'workspace');
}

/** `dir` in the workspace, emptied and filled with these files (strings or exact bytes). */
export function freshFolder(ctx: E2eContext, dir: string, files: Record<string, string | Uint8Array>): string {
  const root = path.join(workspace(ctx), dir);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

/** A model answer that calls one of the agent's tools (billed `usd`). */
export function call(name: string, args: unknown, usd = 0.002): object {
  return { responses: { functionCall: { name, arguments: JSON.stringify(args) }, costInUsdTicks: Math.round(usd * 1e10) } };
}

export function answer(text: string): object {
  return { responses: { text, costInUsdTicks: 10_000_000 } };
}

export async function responsesRequests(fakeUrl: string): Promise<SeenResponses[]> {
  const { requests } = await control<{ requests: SeenResponses[] }>(fakeUrl, '/requests');
  return requests.filter((r) => r.route === RESPONSES_ROUTE);
}

/** Picks Agent in the composer's Mode picker, as a user does, once the chat is on the Responses API. */
export async function chooseAgentMode(frame: Frame): Promise<void> {
  const webSearch = frame.getByRole('button', { name: 'Web search' });
  assert.ok(await waitUntil(async () => !(await webSearch.isDisabled()), 10_000), 'the chat did not switch to the Responses API');
  const mode = frame.getByRole('combobox', { name: 'Mode', exact: true });
  await mode.selectOption('agent');
  // The host's answer to the pick comes back as the conversation's options; one it sent before (the
  // grok.chat.api change) can show the old mode for a moment in between.
  assert.ok(await waitUntil(async () => (await mode.inputValue()) === 'agent', 5_000), `the mode reads ${await mode.inputValue()} after picking Agent`);
}

export async function ask(frame: Frame, question: string): Promise<void> {
  const input = frame.locator('textarea.composer-input');
  await input.fill(question);
  await input.press('Enter');
}

/** The task's answer has ended (finished, stopped or failed). */
export async function done(frame: Frame, timeoutMs = 20_000): Promise<void> {
  await frame.locator('.messages article.message.assistant:not(.streaming)').last().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The newest card of `tool` waiting for Approve or Deny. */
export function waiting(frame: Frame, tool: string) {
  return frame.locator(`.agent-card[data-tool="${tool}"][data-status="awaitingApproval"]`).last();
}
