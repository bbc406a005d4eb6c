// Test harness for the chat page in real Chromium: builds the webview bundle with esbuild's API (only
// the webview entry, minified as shipped), serves it from a loopback server behind the same strict CSP
// as src/chat/webviewHtml.ts (a per-page nonce, enforced by the browser), with a stubbed
// acquireVsCodeApi that records every posted message, and drives it with Playwright.
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before } from 'node:test';
import * as esbuild from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chatCsp } from '../../src/chat/csp';
import type { HostMessage, MessagePart, MessageView, WebviewMessage } from '../../src/protocol';
import { themes, type ThemeName } from './themes';

export const ROOT = path.resolve(__dirname, '../..');
export const OUTPUT = path.join(ROOT, 'test-output', 'webview');
const CHROMIUM = '/usr/bin/chromium';

let bundle: Promise<string> | undefined;

/** The webview bundle as shipped (minified), built once per test process. */
export function buildWebview(): Promise<string> {
  bundle ??= buildBrowserBundle('src/webview/main.ts');
  return bundle;
}

/** A browser bundle of `entry` (relative to the repository), minified as shipped, kept in memory. */
export function buildBrowserBundle(entry: string): Promise<string> {
  return esbuild
    .build({
      entryPoints: [path.join(ROOT, entry)],
      bundle: true,
      // GROK_NO_MINIFY=1 keeps names readable in a CPU profile.
      minify: process.env.GROK_NO_MINIFY !== '1',
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
    })
    .then((r) => r.outputFiles[0].text);
}


export interface PageOptions {
  theme?: ThemeName;
  /** What getState() returns at start (the state saved before the view was hidden). */
  state?: unknown;
}

export interface Server {
  origin: string;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  const js = await buildWebview();
  const css = fs.readFileSync(path.join(ROOT, 'media/chat.css'), 'utf8');
  const requests: string[] = [];
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push(url.pathname);
    if (url.pathname === '/chat.html') {
      const nonce = crypto.randomBytes(18).toString('base64');
      const options = JSON.parse(url.searchParams.get('options') ?? '{}') as PageOptions;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(shell(origin, nonce, options));
    } else if (url.pathname === '/dist/webview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(js);
    } else if (url.pathname === '/media/chat.css') {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-store' });
      res.end(css);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A second loopback server that only counts hits: XSS payloads point their requests at it. */
export async function startTrap(): Promise<{ origin: string; port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(204);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { origin: `http://127.0.0.1:${port}`, port, hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// The page as VS Code would build it, plus the stub: acquireVsCodeApi (callable once, like VS Code's),
// theme variables set through CSSOM the way VS Code sets them (a style attribute would break the CSP),
// and traps for anything a payload might try (alert, confirm, prompt, CSP violations, errors).
function shell(origin: string, nonce: string, options: PageOptions): string {
  const theme = themes[options.theme ?? 'dark'];
  const boot = {
    state: options.state ?? null,
    vars: theme.vars,
  };
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${chatCsp(origin, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/media/chat.css">
<title>Grok</title>
<script nonce="${nonce}">
(() => {
  const boot = ${json};
  for (const [k, v] of Object.entries(boot.vars)) document.documentElement.style.setProperty(k, v);
  window.__posted = [];
  window.__state = boot.state === null ? undefined : boot.state;
  window.__violations = [];
  window.__errors = [];
  window.__pwned = [];
  window.__dialogs = 0;
  window.alert = window.confirm = window.prompt = () => { window.__dialogs++; };
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
  window.addEventListener('error', (e) => window.__errors.push(String(e.message)));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); return s; },
    };
  };
})();
</script>
</head>
<body class="${theme.bodyClass}">
<div id="app" role="main"></div>
<script nonce="${nonce}" src="${origin}/dist/webview.js"></script>
</body>
</html>`;
}

/** `extraArgs`: more Chromium switches, e.g. --force-renderer-accessibility (as when a screen reader runs). */
export async function launch(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium) to run the webview tests`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

declare global {
  interface Window {
    __posted: WebviewMessage[];
    __state: unknown;
    __violations: { directive: string; blocked: string; sample: string }[];
    __errors: string[];
    __pwned: string[];
    __dialogs: number;
  }
}

export class ChatPage {
  readonly pageErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly server: Server,
  ) {
    page.on('pageerror', (e) => this.pageErrors.push(String(e)));
  }

  /** Post host messages in order and wait until the page has received them all. */
  async post(...messages: HostMessage[]): Promise<void> {
    await this.page.evaluate(async (msgs) => {
      for (const m of msgs) window.postMessage(m, '*');
      // Messages are delivered in order: once this one arrives, the page has handled the rest.
      await new Promise<void>((resolve) => {
        const token = Math.random();
        const onMessage = (e: MessageEvent) => {
          if (e.data && e.data.__sync === token) {
            window.removeEventListener('message', onMessage);
            resolve();
          }
        };
        window.addEventListener('message', onMessage);
        window.postMessage({ __sync: token }, '*');
      });
    }, messages);
  }

  /** Wait for two animation frames (a scheduled render has run). */
  async frames(n = 2): Promise<void> {
    await this.page.evaluate(async (count) => {
      for (let i = 0; i < count; i++) await new Promise((r) => requestAnimationFrame(r));
    }, n);
  }

  posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => window.__posted);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      window.__posted.length = 0;
    });
  }

  /** The posted messages of one type. */
  async postedOf<T extends WebviewMessage['type']>(type: T): Promise<Extract<WebviewMessage, { type: T }>[]> {
    return (await this.posted()).filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);
  }

  violations(): Promise<Window['__violations']> {
    return this.page.evaluate(() => window.__violations);
  }

  /** Throws if the page logged errors or CSP violations: the page itself must never trip its CSP. */
  async assertClean(): Promise<void> {
    const [violations, errors] = await Promise.all([this.violations(), this.page.evaluate(() => window.__errors)]);
    if (violations.length || errors.length || this.pageErrors.length) {
      throw new Error(`page not clean: ${JSON.stringify({ violations, errors, pageErrors: this.pageErrors })}`);
    }
  }

  innerHTML(selector: string): Promise<string> {
    return this.page.locator(selector).evaluate((el) => el.innerHTML);
  }
}

/**
 * One browser and one page server shared by the tests of a file: registers the file's before/after
 * hooks and opens chat pages on them.
 */
export function useChatPages(): { readonly server: Server; open(options?: PageOptions, viewport?: { width: number; height: number }): Promise<ChatPage> } {
  let browser: Browser | undefined;
  let server: Server | undefined;
  before(async () => {
    [browser, server] = await Promise.all([launch(), startServer()]);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = () => {
    if (!browser || !server) throw new Error('useChatPages(): the browser is not started yet (use it inside a test)');
    return { browser, server };
  };
  return {
    get server() {
      return started().server;
    },
    open(options, viewport) {
      const { browser: b, server: s } = started();
      return openPage(b, s, options, viewport);
    },
  };
}

export async function openPage(browser: Browser, server: Server, options: PageOptions = {}, viewport = { width: 420, height: 760 }): Promise<ChatPage> {
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
  // tsx compiles the functions handed to page.evaluate with esbuild's keepNames, which wraps named
  // inner functions in a __name() helper that only exists in Node; give the page a no-op one.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  const chat = new ChatPage(page, server);
  await page.goto(`${server.origin}/chat.html?options=${encodeURIComponent(JSON.stringify(options))}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return chat;
}

export async function closePage(chat: ChatPage): Promise<void> {
  await chat.page.context().close();
}

// ---------- host message builders ----------

export const MODELS = [
  { id: 'grok-4-1-fast-non-reasoning', contextWindow: 2_000_000, promptPrice: 0.2, completionPrice: 0.5 },
  { id: 'grok-4.3', contextWindow: 256_000, promptPrice: 3, completionPrice: 15, reasoning: true },
  { id: 'grok-code-fast-1', contextWindow: 256_000, promptPrice: 0.2, completionPrice: 1.5, reasoning: true },
];

export function snapshot(over: Partial<Extract<HostMessage, { type: 'snapshot' }>> & { messages?: MessageView[] } = {}): HostMessage {
  const { messages, ...rest } = over;
  return {
    type: 'snapshot',
    conversation: { id: 'c1', title: 'Test', messages: messages ?? [] },
    hasKey: true,
    generating: false,
    models: MODELS,
    model: 'grok-4-1-fast-non-reasoning',
    pendingContext: [],
    ...rest,
  };
}

/** Extra fields for a test message; `reasoning` becomes a reasoning part before the text, `parts` follow the text. */
export type MessageExtra = Partial<MessageView> & { reasoning?: string };

function withParts(base: Omit<MessageView, 'parts'>, text: string, extra: MessageExtra): MessageView {
  const { reasoning, parts, ...rest } = extra;
  const all: MessagePart[] = [];
  if (reasoning) all.push({ type: 'reasoning', text: reasoning });
  if (text) all.push({ type: 'text', text });
  all.push(...(parts ?? []));
  return { ...base, ...rest, parts: all };
}

export function userMessage(id: string, text: string, extra: MessageExtra = {}): MessageView {
  const m = withParts({ id, role: 'user', status: 'done' }, '', extra);
  // A user message always has its text part, even an empty one.
  m.parts.unshift({ type: 'text', text });
  return m;
}

export function assistantMessage(id: string, text: string, extra: MessageExtra = {}): MessageView {
  return withParts({ id, role: 'assistant', status: 'done', model: 'grok-4-1-fast-non-reasoning' }, text, extra);
}

/** Split text into deltas of pseudo-random sizes (1..max chars), like tokens arriving. */
export function chunk(text: string, max = 7, seed = 1): string[] {
  const out: string[] = [];
  let s = seed;
  for (let i = 0; i < text.length; ) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const n = 1 + (s % max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** A 1×1 PNG as a data: URL. */
export const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Pastes a 1×1 PNG called `name` into the composer, as the clipboard does, and waits for its thumbnail. */
export async function pasteImage(chat: ChatPage, name: string): Promise<void> {
  const before = await chat.page.locator('.attached-images img').count();
  await chat.page.evaluate(([png, file]) => {
    const bytes = Uint8Array.from(atob(png.split(',')[1]), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([new Blob([bytes], { type: 'image/png' })], file, { type: 'image/png' }));
    document.querySelector('.composer-input')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [PNG, name]);
  await chat.page.locator('.attached-images img').nth(before).waitFor();
}

/**
 * A label that counts whole seconds ("Thinking… 5s", "Waiting 3 s"): its one captured number lies between
 * what it could show when the test posted and what it can show now. A loaded machine may take seconds between
 * posting a message and reading the page, so an exact figure would fail there for no fault of the page.
 */
export function assertSeconds(label: string | null, pattern: RegExp, lowest: number, highest: number): void {
  const m = pattern.exec(label ?? '');
  assert.ok(m, `"${label}" should match ${pattern}`);
  const n = Number(m[1]);
  assert.ok(n >= lowest && n <= highest, `"${label}": ${n} s should be within ${lowest}–${highest} s`);
}

/** Whole seconds since a time, as the page counts them. */
export const secondsSince = (at: number): number => Math.floor((Date.now() - at) / 1000);
