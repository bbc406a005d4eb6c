// The VSIX holds only what runs and what the Marketplace shows: vsce's own file list (what `vsce ls`
// prints, from .vscodeignore) has no sources, tests, dependencies or source maps, and has the icon,
// the manifest's media and the documents. The manifest carries what a gallery page needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function vsceLs(): string[] {
  const out = execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').map((l) => l.trim()).filter(Boolean);
}

test('vsce ls lists only the bundles, media and documents: no sources, tests, node_modules or maps', () => {
  const files = vsceLs();
  const forbidden = files.filter((f) => /^(src|test|scripts|docs|node_modules|\.ci|\.github|test-output)\//.test(f) || /\.(map|ts|vsix)$/.test(f) || /(^|\/)\./.test(f));
  assert.deepEqual(forbidden, [], 'files that do not belong in the VSIX');
  const translations = ['package.nls.json', 'package.nls.de.json', 'package.nls.ja.json', 'package.nls.zh-cn.json', 'l10n/bundle.l10n.de.json', 'l10n/bundle.l10n.ja.json', 'l10n/bundle.l10n.zh-cn.json'];
  for (const needed of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png', 'media/chat.css', ...translations]) {
    assert.ok(files.includes(needed), `${needed} is missing from the VSIX (files: ${files.join(', ')})`);
  }
  const allowed = (f: string) => /^dist\/(extension\.mjs|chunk-[A-Z0-9]+\.mjs|webview\.js)$/.test(f) || f.startsWith('media/') || ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(f) || /^package\.nls(\.[a-z-]+)?\.json$/.test(f) || /^l10n\/bundle\.l10n\.[a-z-]+\.json$/.test(f);
  assert.deepEqual(files.filter((f) => !allowed(f)), [], 'unexpected files in the VSIX');
  // The bundles are listed whenever they are built (npm run build writes them): the extension's entry,
  // which the manifest names, every chunk it loads, at activation or later, and the chat page's.
  assert.equal(manifest.main, './dist/extension.mjs');
  const built = existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')).filter((f) => /\.(mjs|js)$/.test(f)).map((f) => `dist/${f}`) : [];
  for (const bundle of built) assert.ok(files.includes(bundle), `${bundle} is built but not packaged`);
});

test('every file the manifest points at is packaged: icon, view icons, walkthrough media', () => {
  const files = new Set(vsceLs());
  const referenced = new Set<string>([manifest.icon]);
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && /^media\/.+\.(png|svg|md)$/.test(v)) referenced.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(manifest.contributes);
  for (const f of referenced) {
    assert.ok(existsSync(join(root, f)), `${f} does not exist`);
    assert.ok(files.has(f), `${f} is not in the VSIX`);
  }
});

test('the gallery fields: a 128×128 PNG icon, a banner, categories and keywords', () => {
  assert.match(manifest.icon, /\.png$/, 'the Marketplace refuses SVG icons');
  const png = readFileSync(join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'icon size');
  assert.ok(png.length < 32 * 1024, `the icon is ${png.length} bytes`);
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  assert.ok(manifest.categories.includes('AI') && manifest.categories.includes('Chat'));
  assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30, 'the Marketplace takes up to 30 keywords');
});

test('the CHANGELOG has an entry for the manifest\'s version', () => {
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'));
});
