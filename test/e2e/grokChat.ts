// Helpers for the browser suites of the Grok-native chat (the Responses API, search and code cards,
// images in and out): switch the chat to the Responses API for one test, read what the server was
// asked, and watch the panel. Not a suite itself (no .e2e.ts).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { clickNewChat, clickViewAction, control, openChatPanel, setKeyFromPalette } from './chat';
import type { E2eContext } from './e2eTest';
import { setUserSettings } from './hostSettings';

export const RESPONSES_ROUTE = 'POST /v1/responses';

export interface SeenResponsesRequest {
  route: string;
  body: string;
  json?: {
    model?: string;
    tools?: Array<{ type: string }>;
    store?: boolean;
    input?: Array<{ role?: string; type?: string; content?: unknown }>;
    prompt?: string;
    n?: number;
  };
}

export async function requestsTo(fakeUrl: string, route: string): Promise<SeenResponsesRequest[]> {
  const { requests } = await control<{ requests: SeenResponsesRequest[] }>(fakeUrl, '/requests');
  return requests.filter((r) => r.route === route);
}

/**
 * One test on the Responses API (grok.chat.api "auto", set through the VS Code API and put back after),
 * with a key of its own, in a new chat: the other suites script /chat/completions. The fake is reset
 * before and after; `prepare` scripts it before the key is set (a new key reloads the model list).
 */
export async function onResponsesApi(
  ctx: E2eContext,
  key: string,
  body: (frame: Frame) => Promise<void>,
  options: { settings?: Record<string, unknown>; prepare?: () => Promise<void> } = {},
): Promise<void> {
  await control(ctx.fakeUrl, '/reset');
  await options.prepare?.();
  const restore = await setUserSettings(ctx, { 'grok.chat.api': 'auto', ...options.settings });
  try {
    await setKeyFromPalette(ctx.page, key);
    const frame = await newChat(ctx.page);
    await body(frame);
  } finally {
    await restore();
    await control(ctx.fakeUrl, '/reset');
  }
}

/** The chat panel with a new, empty conversation (the view's New Chat action). */
export async function newChat(page: Page): Promise<Frame> {
  const frame = await openChatPanel(page);
  await clickNewChat(page, frame);
  await frame.locator('.messages article.message').first().waitFor({ state: 'detached', timeout: 10_000 });
  return frame;
}

export function toolToggle(frame: Frame, name: 'Web search' | 'X search' | 'Code execution'): Locator {
  return frame.getByRole('button', { name, exact: true });
}

/** Turns a toggle on as a user does, once it is offered (it follows grok.chat.api). */
export async function switchOn(frame: Frame, name: 'Web search' | 'X search' | 'Code execution'): Promise<void> {
  const toggle = toolToggle(frame, name);
  await toggle.waitFor({ state: 'visible', timeout: 10_000 });
  await frame.waitForFunction((label) => {
    const b = [...document.querySelectorAll<HTMLButtonElement>('.composer-tools button.tool-toggle')].find((x) => x.getAttribute('aria-label') === label);
    return b !== undefined && !b.disabled;
  }, name, { timeout: 10_000 });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', `${name} did not turn on`);
}

/** Types a question and sends it with Enter; resolves once its answer has started in the panel. */
export async function ask(frame: Frame, question: string): Promise<void> {
  const answers = frame.locator('.messages article.message.assistant');
  const before = await answers.count();
  const input = frame.locator('textarea.composer-input');
  await input.click();
  // A new window's view restores the draft VS Code last stored for it, which can be another test's
  // question typed before it was sent (seen in the two-windows test): the box is emptied first.
  await input.fill('');
  await input.pressSequentially(question);
  await input.press('Enter');
  await answers.nth(before).waitFor({ state: 'attached', timeout: 15_000 });
}

export function lastAnswer(frame: Frame): Locator {
  return frame.locator('.messages article.message.assistant').last();
}

/** Waits until no answer streams and the last one shows its usage line. */
export async function answerDone(frame: Frame, timeoutMs = 30_000): Promise<Locator> {
  await frame.waitForFunction(() => !document.querySelector('.messages article.message.assistant.streaming'), undefined, { timeout: timeoutMs });
  return lastAnswer(frame);
}

/**
 * Records every state each tool card of the page goes through ("<card>|running|Searching the web"),
 * the card named by the element itself: a card redrawn in place keeps its number, a replaced one
 * would get a new one. Read with cardStates().
 */
export async function watchCards(frame: Frame): Promise<void> {
  // A script text, not a function: the test runner's compiler would wrap named inner functions in a
  // helper the page does not have.
  await frame.evaluate(`(() => {
    window.grokCardObserver?.disconnect();
    const states = [];
    window.grokCardStates = states;
    const ids = new WeakMap();
    const last = new Map();
    let next = 0;
    window.grokCardObserver = new MutationObserver(() => {
      for (const card of document.querySelectorAll('.messages .tool-card')) {
        if (!ids.has(card)) ids.set(card, ++next);
        const id = ids.get(card);
        const state = (card.classList.contains('running') ? 'running' : 'settled') + '|' + (card.querySelector('.tool-card-title')?.textContent ?? '');
        if (last.get(id) !== state) {
          last.set(id, state);
          states.push(id + '|' + state);
        }
      }
    });
    window.grokCardObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
}

export async function cardStates(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => (window as unknown as { grokCardStates?: string[] }).grokCardStates ?? []);
}

/** The Grok extension's folder under code-server's global storage. */
export function storageDir({ userDataDir, manifest }: Pick<E2eContext, 'userDataDir' | 'manifest'>): string {
  return path.join(userDataDir, 'User', 'globalStorage', `${manifest.publisher}.${manifest.name}`.toLowerCase());
}

export function conversationsDir(ctx: Pick<E2eContext, 'userDataDir' | 'manifest'>): string {
  return path.join(storageDir(ctx), 'history', 'conversations');
}

/** The id of the saved conversation with this title (its file name), or undefined. */
export function conversationIdByTitle(ctx: Pick<E2eContext, 'userDataDir' | 'manifest'>, title: string): string | undefined {
  const dir = conversationsDir(ctx);
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { title?: string }).title === title) return f.slice(0, -'.json'.length);
    } catch {
      // another conversation mid-write: not the one looked for
    }
  }
  return undefined;
}

/** Deletes a conversation as a user does: History, the row's Delete, confirmed; then back to the chat. */
export async function deleteFromHistory(page: Page, frame: Frame, id: string): Promise<void> {
  await clickViewAction(page, 'Show Chat History');
  // The list keeps the search an earlier visit left in its box: clear it, as a user would.
  const search = frame.locator('.history-view input.history-search');
  await search.waitFor({ state: 'visible', timeout: 10_000 });
  if (await search.inputValue()) await search.fill('');
  const row = frame.locator(`.history-view .history-item[data-id="${id}"]`);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await clickRowAction(row, /^Delete “/);
  await clickRowAction(row, /^Confirm delete “/);
  await row.waitFor({ state: 'detached', timeout: 10_000 });
  await frame.getByRole('button', { name: 'Back to the chat' }).click();
  await frame.locator('.history-view').waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Clicks one of a history row's actions, which show while the pointer is over the row (or it holds
 * focus): the row is hovered first, and again should a new list from the host redraw it under the pointer.
 */
async function clickRowAction(row: Locator, name: RegExp): Promise<void> {
  const button = row.getByRole('button', { name });
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1 && (await row.count()) === 0) return; // the click before did land
    await row.hover({ timeout: 10_000 });
    try {
      await button.click({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

/** Every line of the Grok log (the "Grok" output channel) of every extension host of this run. */
export function grokLogLines(userDataDir: string): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost/i.test(p) && /grok/i.test(e.name) && e.name.endsWith('.log')) lines.push(...readFileSync(p, 'utf8').split('\n'));
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return lines;
}
