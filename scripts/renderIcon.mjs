// Renders an SVG to a PNG of the given size with the installed Chromium (playwright-core), for images
// that must be PNG: the Marketplace icon (media/icon.png from scripts/assets/icon.svg).
//
//   node scripts/renderIcon.mjs scripts/assets/icon.svg media/icon.png 128
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [svg, out, size = '128'] = process.argv.slice(2);
if (!svg || !out) {
  console.error('usage: node scripts/renderIcon.mjs <in.svg> <out.png> [size]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: Number(size), height: Number(size) } });
  await page.setContent(`<html><body style="margin:0">${readFileSync(svg, 'utf8')}</body></html>`);
  await page.locator('svg').screenshot({ path: out, omitBackground: true });
} finally {
  await browser.close();
}
console.log(`${out}: ${size}×${size}`);
