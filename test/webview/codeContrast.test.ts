// Code colours against the code block's background meet WCAG AA (4.5:1) in the light, dark and
// high-contrast themes, with the page's own fallback colours (before the theme's colours arrive) and
// with colours the host sends: a theme colour too faint on the code background is not shown as is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assistantMessage, closePage, snapshot, useChatPages } from './harness';
import type { ThemeName } from './themes';

const pages = useChatPages();

const CODE = [
  '```ts',
  '// a comment',
  'import { readFile } from "node:fs/promises";',
  'export async function load(path: string): Promise<number> {',
  '  const text = await readFile(path, "utf8");',
  '  if (text === null || /^\\s*$/.test(text)) return 42;',
  '  return Number(text) * 2.5 + true;',
  '}',
  'class Box<T> { constructor(readonly value: T) {} }',
  '```',
].join('\n');

async function lowContrast(theme: ThemeName, colors?: Record<string, string>): Promise<string[]> {
  const chat = await pages.open({ theme });
  await chat.post(snapshot({ messages: [assistantMessage('a1', CODE)] }));
  if (colors) await chat.post({ type: 'tokenColors', colors });
  await chat.frames();
  const bad = await chat.page.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const out: string[] = [];
    // The block's background, composited over the page's (it may be translucent).
    const page = parse(getComputedStyle(document.body).backgroundColor);
    const blockBg = parse(getComputedStyle(document.querySelector('.code-block')!).backgroundColor);
    const a = blockBg.length > 3 ? blockBg[3] : 1;
    const bg = [0, 1, 2].map((i) => blockBg[i] * a + page[i] * (1 - a));
    for (const el of Array.from(document.querySelectorAll('.code-block pre code [class^="hljs-"]'))) {
      const fg = parse(getComputedStyle(el).color);
      const fa = fg.length > 3 ? fg[3] : 1;
      const c = [0, 1, 2].map((i) => fg[i] * fa + bg[i] * (1 - fa));
      const [l1, l2] = [lum(c), lum(bg)].sort((x, y) => y - x);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      if (ratio < 4.5) out.push(`${el.className} "${el.textContent}" ${ratio.toFixed(2)}:1`);
    }
    return out;
  });
  await closePage(chat);
  return bad;
}

for (const theme of ['light', 'dark', 'hc'] as ThemeName[]) {
  test(`code colours meet 4.5:1 on the code background, ${theme} theme, page fallbacks`, async () => {
    assert.deepEqual(await lowContrast(theme), []);
  });
}

test('a theme colour too faint on the light code background is darkened until it reads (Light Modern keyword and friends)', async () => {
  // Colours a light theme might give; #ffcc00 on a near-white background is about 1.5:1.
  assert.deepEqual(await lowContrast('light', { keyword: '#0000ff', string: '#a31515', comment: '#008000', number: '#098658', 'title-function': '#ffcc00', literal: '#ff7b72' }), []);
});
