// Driving the VS Code workbench (code-server in headless Chromium) as a user does: the activity bar,
// the command palette, notifications, webview frames.
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for these machines: no sandbox as root, no GPU, and no background traffic to the outside. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Opens the workbench and waits until it is laid out. */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url);
  await waitForWorkbench(page, timeoutMs);
}

export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
}

/** Runs a command by its palette label, e.g. "Grok: Test Connection", as a user would: F1, type, Enter. */
export async function runFromPalette(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  // The palette lists the commands registered when it opens: just after a window reload the extension
  // may not have registered its own yet, so a palette without the row is closed and opened again.
  for (let listing = 1; ; listing++) {
    for (let attempt = 0; ; attempt++) {
      // Escape only closes a palette left open: in an editor it would also clear the selection (VS Code's
      // cancelSelection), which a command like Explain Selection is about to read. It usually went to a
      // notification toast instead and the selection survived; when the toast had gone, Explain found
      // nothing selected (seen at a load of 8).
      if (await input.isVisible()) await page.keyboard.press('Escape');
      // Keyboard focus inside the workbench (the status bar takes a click without side effects).
      await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, force: true }).catch(() => {});
      await page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt >= 2) throw new Error(`the command palette did not open: ${(e as Error).message}`, { cause: e });
      }
    }
    const typed = await input.fill(`>${label}`, { timeout: 10_000 }).then(
      () => true,
      async (e: unknown) => {
        // A view the previous step opened can take focus a moment later (Open Chat moves it into its
        // page), and a palette that loses focus closes: not what is tested here, so it is opened again,
        // and said in the log.
        if (listing < 3 && !(await input.isVisible())) {
          console.log(`  runFromPalette: the palette closed before "${label}" was typed (focus went to ${await focused(page)}); opening it again`);
          return false;
        }
        throw new Error(`typing "${label}" into the command palette failed (${await inTheWay(page)}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      },
    );
    if (!typed) continue;
    try {
      await row.waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      if (listing >= 3) throw e;
    }
  }
  const first = (await page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label')) ?? '';
  if (!first.includes(label)) {
    await row.click();
  } else {
    await page.keyboard.press('Enter');
  }
}

/** The focused element, e.g. "iframe.webview" (a view's page) or "textarea.inputarea" (an editor). */
function focused(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}` : 'nothing';
    })
    .catch(() => 'unknown');
}

/** The text of each modal dialog open in the workbench (one makes the rest of the workbench inert). */
export function modalDialogs(page: Page): Promise<string[]> {
  return shownTexts(page, '.monaco-dialog-box');
}

/** The text of each element shown that matches, its white space collapsed; none when the page is gone. */
async function shownTexts(page: Page, selector: string): Promise<string[]> {
  const all = await page.locator(selector).filter({ visible: true }).allInnerTexts().catch(() => [] as string[]);
  return all.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/**
 * What may have taken the palette away: a modal dialog (it makes the rest of the workbench inert) or
 * notifications, by their text. Said in the failure instead of pressing Escape again, which would dismiss
 * a dialog nobody expected.
 */
async function inTheWay(page: Page): Promise<string> {
  const dialogs = await modalDialogs(page);
  const toasts = await shownTexts(page, '.notifications-toasts .notification-list-item');
  const parts = [dialogs.length ? `a modal dialog: ${dialogs.map((t) => JSON.stringify(t)).join(', ')}` : 'no modal dialog'];
  if (toasts.length) parts.push(`notifications: ${toasts.map((t) => JSON.stringify(t)).join(', ')}`);
  return parts.join('; ');
}

/**
 * Waits for a notification whose text matches and returns its text. Looks at the toasts first, then in
 * the notification center (a toast can be hidden before we look); the error lists what was there.
 */
export async function waitForNotification(page: Page, text: RegExp, timeoutMs = 20_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
  try {
    await toast.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 8_000) });
    return (await toast.innerText()).trim();
  } catch {
    await runFromPalette(page, 'Notifications: Show Notifications');
    const item = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: Math.max(timeoutMs - 8_000, 2_000) });
      return (await item.innerText()).trim();
    } catch {
      const seen = await page.locator('.notification-list-item').allInnerTexts();
      throw new Error(`no notification matching ${text}; notifications shown: ${JSON.stringify(seen)}`);
    } finally {
      await page.keyboard.press('Escape');
    }
  }
}

/** Clears every notification and waits until no toast is left, so a later match is a new one. */
export async function clearNotifications(page: Page): Promise<void> {
  await runFromPalette(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 5_000 });
  await page.keyboard.press('Escape');
}

/** The frame that has an element matching selector (webviews are iframes inside iframes). */
export async function findFrame(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (!frame.isDetached() && (await frame.$(selector).catch(() => null)) && (await shownFrame(frame))) return frame;
    }
    if (Date.now() > until) {
      throw new Error(`no frame has ${selector} after ${timeoutMs} ms (frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')})`);
    }
    await page.waitForTimeout(200);
  }
}

/**
 * True when every iframe that holds `frame` is in the layout: a webview being torn down (a view hidden
 * and shown again, a reload) can still hold the selector for a moment, and a test that picked it would
 * wait on a page nobody sees.
 */
async function shownFrame(frame: Frame): Promise<boolean> {
  for (let f: Frame | null = frame; f && f.parentFrame(); f = f.parentFrame()) {
    const element = await f.frameElement().catch(() => null);
    if (!element || !(await element.isVisible().catch(() => false))) return false;
  }
  return true;
}

/** Waits for the workbench's fade-in animations to end, so a screenshot shows what a user sees. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('.notification-toast:not(.notification-fade-in-done)').length === 0, undefined, { timeout: 5_000 }).catch(() => {});
  await page.waitForTimeout(300);
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a user would; resolves once its editor has focus. */
export async function openFile(page: Page, name: string): Promise<void> {
  const quick = page.locator('.quick-input-widget input.input');
  // Go to File opened while a webview (the chat) holds focus can close again at once when the frame takes
  // focus back (the box turns inert, then hidden): a user would press Ctrl+P again, and so does this.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    try {
      await quick.waitFor({ state: 'visible', timeout: 10_000 });
      await quick.fill(name, { timeout: 5_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 10_000 });
  // VS Code reopens a file where it was last left: a test that grew a file and took the lines out again
  // could leave it scrolled past the lines the next test clicks (seen as a 30 s wait for "function greet"
  // with only line 4 in view). Every test starts at the top.
  await page.keyboard.press('Control+Home');
}

/**
 * An editor's rendered lines (a short file is rendered whole), in order, with plain spaces; '' while the
 * editor is not there (closed, or not yet rendered).
 */
export async function visibleText(lines: Locator): Promise<string> {
  const rows = await lines
    .locator('.view-line')
    .evaluateAll((els) => els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top || '0'), text: (el.textContent ?? '').replace(/\u00a0/g, ' ') })))
    .catch(() => []);
  return rows
    .sort((a, b) => a.top - b.top)
    .map((r) => r.text)
    .join('\n');
}

/** The side bar's width in px. */
export async function sidebarWidth(page: Page): Promise<number> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the side bar is not shown');
  return Math.round(box.width);
}

/** Drags the sash on the side bar's right edge, as a user does, until the side bar is `width` px wide. */
export async function dragSidebarTo(page: Page, width: number): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const box = await page.locator('.part.sidebar').boundingBox();
    if (!box) throw new Error('the side bar is not shown');
    if (Math.abs(box.width - width) <= 1) return;
    const edge = box.x + box.width;
    const sash = await page.locator('.monaco-sash.vertical').evaluateAll(
      (els, x) => {
        const hit = els.map((el) => el.getBoundingClientRect()).find((r) => r.width > 0 && Math.abs(r.left + r.width / 2 - x) <= 4);
        return hit ? { x: hit.left + hit.width / 2, y: hit.top + hit.height / 2 } : undefined;
      },
      edge,
    );
    if (!sash) throw new Error(`no sash at the side bar's edge (x ${edge})`);
    await page.mouse.move(sash.x, sash.y);
    await page.mouse.down();
    await page.mouse.move(sash.x + (width - box.width) / 2, sash.y, { steps: 4 });
    await page.mouse.move(sash.x + (width - box.width), sash.y, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(200);
  }
  const final = await sidebarWidth(page);
  if (Math.abs(final - width) > 2) throw new Error(`could not drag the side bar to ${width} px (it is ${final})`);
}
