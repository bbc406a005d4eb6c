// The manifest and the code agree: every setting read is declared, every declared setting is read,
// every command declared is one the code registers, and the contribution ids are the ones the docs name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const hostCode = sources(join(root, 'src'))
  .filter((p) => !p.includes(`${join('src', 'webview')}`))
  .map((p) => readFileSync(p, 'utf8'))
  .join('\n');

test('every setting config.ts reads is declared in package.json, and every declared one is read', () => {
  const configTs = readFileSync(join(root, 'src', 'platform', 'config.ts'), 'utf8');
  const listed = /CONFIG_KEYS = \[([^\]]*)\]/.exec(configTs)?.[1] ?? '';
  const read = [...listed.matchAll(/'([^']+)'/g)].map((m) => `grok.${m[1]}`).sort();
  const declared = Object.keys(manifest.contributes.configuration.properties).sort();
  assert.ok(read.length >= 6, 'config.ts lists the keys it reads');
  assert.deepEqual(read, declared);
  // Each listed key is really read by a c.get('<key>') call, not only listed.
  for (const key of read) assert.ok(configTs.includes(`'${key.slice('grok.'.length)}'`), key);
});

test('no file but config.ts reads workspace configuration', () => {
  const offenders = sources(join(root, 'src'))
    .filter((p) => !p.endsWith('config.ts'))
    .filter((p) => /getConfiguration\(/.test(readFileSync(p, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('no file but secrets.ts touches SecretStorage', () => {
  const offenders = sources(join(root, 'src'))
    .filter((p) => !p.endsWith('secrets.ts'))
    .filter((p) => /\.secrets\b/.test(readFileSync(p, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('every declared command is registered in code, and every registered grok command is declared', () => {
  const declared: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  const registered = [...hostCode.matchAll(/registerCommand\(\s*'(grok\.[A-Za-z.]+)'/g)].map((m) => m[1]).sort();
  assert.ok(declared.length >= 5);
  assert.deepEqual([...new Set(registered)], declared);
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Grok', `${c.command} has the Grok category`);
});

test('the view container and chat view have the documented ids, and the client never imports vscode', () => {
  assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, 'grok');
  assert.equal(manifest.contributes.views.grok[0].id, 'grok.chat');
  const client = sources(join(root, 'src', 'xai')).filter((p) => /from 'vscode'|require\('vscode'\)/.test(readFileSync(p, 'utf8')));
  assert.deepEqual(client, []);
});
