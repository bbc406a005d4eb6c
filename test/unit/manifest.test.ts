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

test('every setting has a markdownDescription; enums describe each value; settings are ordered by importance without ties', () => {
  const properties: Record<string, { markdownDescription?: string; enum?: unknown[]; enumDescriptions?: string[]; markdownEnumDescriptions?: string[]; order?: number }> =
    manifest.contributes.configuration.properties;
  const orders: number[] = [];
  const nls: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  for (const [key, p] of Object.entries(properties)) {
    const described = p.markdownDescription?.replace(/^%(.+)%$/, (_, k: string) => nls[k] ?? '');
    assert.ok(described && described.length > 20, `${key} has no markdownDescription`);
    if (p.enum) {
      const descriptions = p.markdownEnumDescriptions ?? p.enumDescriptions;
      assert.equal(descriptions?.length, p.enum.length, `${key}: one description per enum value`);
    }
    assert.equal(typeof p.order, 'number', `${key} has no order`);
    orders.push(p.order!);
  }
  assert.equal(new Set(orders).size, orders.length, 'two settings share an order');
  // The two a user must see first: where requests go and which model answers.
  const first = Object.entries(properties).sort(([, a], [, b]) => a.order! - b.order!).slice(0, 2).map(([k]) => k);
  assert.deepEqual(first.sort(), ['grok.baseUrl', 'grok.model']);
});

test('the walkthrough: every step has an image that exists, completes on an event, and its buttons run declared commands', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  const walkthroughTs = readFileSync(join(root, 'src', 'platform', 'walkthrough.ts'), 'utf8');
  const hasKey = /HAS_KEY_CONTEXT = '([^']+)'/.exec(walkthroughTs)?.[1];
  assert.deepEqual(walkthrough.steps.map((s: { id: string }) => s.id), ['setKey', 'openChat', 'explainSelection', 'chooseModel']);
  for (const s of walkthrough.steps) {
    const image = s.media.svg ?? s.media.image;
    assert.ok(image && s.media.altText, `${s.id} has an image with alt text`);
    assert.ok(statSync(join(root, image)).size > 0, `${image} exists`);
    assert.ok(s.completionEvents.length >= 1, `${s.id} completes on an event`);
    for (const [, command] of String(s.description).matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(command), `${s.id} links ${command}`);
  }
  assert.deepEqual(walkthrough.steps[0].completionEvents, [`onContext:${hasKey}`], 'the key step completes on the context key walkthrough.ts sets');
});
