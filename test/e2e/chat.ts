// Helpers for the browser suites that use the chat panel: open it as a user does, read what it shows,
// and script the fake xAI server through its control endpoint. Not a suite itself (no .e2e.ts).
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { findFrame, runFromPalette, waitForNotification } from './workbench';

export const CHAT_ROUTE = 'POST /v1/chat/completions';

/** Grok: Open Chat from the palette (safe whether or not the view is showing), then the panel's frame. */
export async function openChatPanel(page: Page): Promise<Frame> {
  await runFromPalette(page, 'Grok: Open Chat');
  await page.locator('.part.sidebar .composite.title', { hasText: /grok/i }).first().waitFor({ state: 'visible', timeout: 10_000 });
  const frame = await findFrame(page, '#app .chat-view');
  await frame.locator('#app > .chat-view:not([hidden]), #app > .history-view:not([hidden])').waitFor({ state: 'visible', timeout: 10_000 });
  await focusLanded(frame);
  return frame;
}

/**
 * The chat page takes focus (its input, or the setup card without a key) when the host's request reaches
 * it, which on a loaded machine can be seconds after the command that opened the chat: wait for that, or
 * it closes a palette or quick pick the caller opens next. Gives up after 10 s without failing (whether
 * focus moves is the Open Chat focus test's subject), saying so in the log.
 */
export async function focusLanded(frame: Frame): Promise<void> {
  await frame
    .waitForFunction(() => document.hasFocus() && document.activeElement !== document.body && document.activeElement !== null, undefined, { timeout: 10_000 })
    .catch(() => console.log('  focusLanded: the chat page did not take focus within 10 s'));
}

/** Clicks one of the chat view's title-bar actions ("New Chat", "Show Chat History"), as a user does. */
export async function clickViewAction(page: Page, name: string): Promise<void> {
  const action = page.locator(`.part.sidebar .title-actions .action-label[aria-label^="${name}"]`).first();
  await action.waitFor({ state: 'visible', timeout: 10_000 });
  await action.click();
}

/**
 * The view's New Chat, done once the panel shows another conversation: the one before may be empty
 * too, and what is typed or picked before the new chat's snapshot arrives would go to the old one.
 */
export async function clickNewChat(page: Page, frame: Frame): Promise<void> {
  const shown = () => frame.locator('.messages').getAttribute('data-conversation');
  const before = await shown();
  await clickViewAction(page, 'New Chat');
  assert.ok(await waitUntil(async () => (await shown()) !== before, 10_000), 'New Chat did not show a new conversation');
}

/** Grok: Set API Key from the palette, as explainSelection.e2e.ts does (the afterReload suites clear it). */
export async function setKeyFromPalette(page: Page, key: string): Promise<void> {
  await runFromPalette(page, 'Grok: Set API Key');
  await page.locator('.quick-input-widget', { hasText: 'xAI API key' }).waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('.quick-input-widget input.input').fill(key);
  await page.keyboard.press('Enter');
  await waitForNotification(page, /API key saved/);
}

export interface ShownMessage {
  role: 'user' | 'assistant';
  text: string;
  stopped: boolean;
}

/** The conversation as the panel shows it: each message's role, visible text and Stopped mark. */
export async function shownConversation(frame: Frame): Promise<ShownMessage[]> {
  return frame.locator('.messages article.message').evaluateAll((els) =>
    els.map((el) => ({
      role: el.classList.contains('user') ? ('user' as const) : ('assistant' as const),
      text: ((el.querySelector('.user-text, .markdown-body') as HTMLElement | null)?.innerText ?? '').trim(),
      stopped: !!el.querySelector('.message-status.status-stopped .stopped-badge'),
    })),
  );
}

/** A call to the fake's control endpoint (beside /v1); GET without a body, POST with one (or for reset). */
export async function control<T = unknown>(fakeUrl: string, pathname: string, body?: unknown): Promise<T> {
  const origin = new URL(fakeUrl).origin;
  const init: RequestInit =
    body === undefined
      ? { method: pathname === '/reset' ? 'POST' : 'GET' }
      : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${origin}/__control${pathname}`, init);
  assert.equal(res.status, 200, `${pathname} answered ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

export interface SeenRequest {
  route: string;
  closedByClient: boolean;
  receivedAt: number;
  endedAt?: number;
  closedAt?: number;
  chunksSent?: number;
  json?: { messages?: Array<{ role: string; content: unknown }> };
}

export async function chatRequests(fakeUrl: string): Promise<SeenRequest[]> {
  const { requests } = await control<{ requests: SeenRequest[] }>(fakeUrl, '/requests');
  return requests.filter((r) => r.route === CHAT_ROUTE);
}

/** A chat.completion.chunk carrying one piece of answer text, in xAI's shape. */
export function textChunk(content: string, id = 'chat-panel-e2e'): object {
  return { id, object: 'chat.completion.chunk', created: 1772541411, model: 'grok-4-1-fast-non-reasoning', choices: [{ index: 0, delta: { content } }] };
}

/** True once the fake has seen a request closed by the client (a Stop reaching the network). */
export async function anyClosedByClient(fakeUrl: string): Promise<boolean> {
  const { requests } = await control<{ requests: SeenRequest[] }>(fakeUrl, '/requests');
  return requests.some((r) => r.closedByClient);
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return check();
}
