// npm run screenshots: regenerates the README's pictures (docs/images/*.png) from the real VS Code.
// Runs the integration tier (its readme screenshots suite, test/e2e/readmeScreenshots.e2e.ts, saves
// test-output/screenshots/readme-*.png after checking each shows what it should), then scales each
// down with Chromium so the repository stays small. `npm run screenshots -- --from test-output/screenshots`
// only scales the pictures an earlier integration run (e.g. GROK_SUITES=readme) left.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// --no-run scales what an earlier run left; --from DIR takes readme-*.png from another folder.
const fromAt = process.argv.indexOf('--from');
const FROM = fromAt > 0 ? path.resolve(process.argv[fromAt + 1]) : path.join(ROOT, 'test-output', 'screenshots');
const TO = path.join(ROOT, 'docs', 'images');
// Wide pictures (the window, or the chat with the editor beside it) to 70 %; a side bar alone keeps 85 %
// of its size, or its text would be too small to read.
const scaleOf = (width) => (width > 700 ? 0.7 : 0.85);
const EXPECTED = ['chat-dark', 'chat-light', 'insert-at-cursor', 'edit-selection', 'web-search', 'agent-approval', 'imagine'];

if (!process.argv.includes('--no-run') && fromAt < 0) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/integration.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) console.warn(`\nthe integration tier failed (exit ${r.status}); copying whatever readme screenshots it took`);
}

const shots = readdirSync(FROM).filter((f) => /^readme-.+\.png$/.test(f));
const missing = EXPECTED.filter((name) => !shots.includes(`readme-${name}.png`));
if (missing.length) {
  console.error(`no screenshot for ${missing.join(', ')} in ${FROM}`);
  process.exit(1);
}
mkdirSync(TO, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const name of EXPECTED) {
    const png = readFileSync(path.join(FROM, `readme-${name}.png`));
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    const w = Math.round(width * scaleOf(width));
    const h = Math.round(height * scaleOf(width));
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await page.setContent(`<body style="margin:0"><img style="display:block;width:${w}px;height:${h}px" src="data:image/png;base64,${png.toString('base64')}"></body>`);
    const out = path.join(TO, `${name}.png`);
    await page.screenshot({ path: out });
    await page.close();
    console.log(`${path.relative(ROOT, out)}: ${w}×${h}, ${(statSync(out).size / 1024).toFixed(0)} KB`);
  }
} finally {
  await browser.close();
}
