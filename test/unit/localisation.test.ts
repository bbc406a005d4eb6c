// The manifest is localised: every string a user reads (titles, descriptions, settings, the walkthrough)
// is a %key% into package.nls.json, so that a pseudo-locale, applied the way VS Code applies a
// package.nls.<locale>.json, leaves no manifest string in English; the German, Japanese and Simplified
// Chinese translations cover every key and keep what must not change (code, links, commands).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { statusBarView } from '../../src/platform/statusBarView';
import { PAGE_STRINGS } from '../../src/shared/pageStrings';
import { english as englishT } from '../../src/shared/localise';
import { errorView } from '../../src/platform/errorView';
import { useTranslator } from '../../src/platform/localise';
import { cancelledError, errorFromResponse, errorFromStreamPayload, malformedError, missingKeyError, networkError } from '../../src/xai/errors';
import { say } from '../../src/shared/localise';
import { join } from 'node:path';
import { ALL_TOOLS } from '../../src/agent/tools/registry';
import { prepareToolCall } from '../../src/agent/tools/dispatch';
import { instructionChips, instructionSources } from '../../src/conversation/instructions';
import { newConversation } from '../../src/conversation/conversation';
import { tempWorkspace, toolContext } from './agentToolHelpers';

const root = join(__dirname, '..', '..');
const read = (f: string) => JSON.parse(readFileSync(join(root, f), 'utf8'));
const manifest = read('package.json');
const english: Record<string, string> = read('package.nls.json');
const LOCALES = ['de', 'ja', 'zh-cn'];

/** Fields VS Code shows to a user; brand names that read the same in every language may stay literal. */
const SHOWN = new Set(['displayName', 'description', 'title', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'name', 'contextualTitle', 'altText', 'label', 'category', 'userDescription']);
/**
 * What a language model tool declares for the calling model, not for the user: its `name` is the id the
 * code registers and models call (the same in every language), its `modelDescription` and `inputSchema`
 * are read by the model. Its displayName and userDescription are the user's, and are checked.
 */
const FOR_THE_MODEL = new Set(['name', 'modelDescription', 'inputSchema']);
const SAME_IN_EVERY_LANGUAGE = new Set(['Grok']);

/** Every user-visible string in the manifest, with where it is. */
function shownStrings(m: Record<string, unknown>): { where: string; value: string }[] {
  const out: { where: string; value: string }[] = [];
  const walk = (v: unknown, where: string, key: string): void => {
    if (typeof v === 'string') {
      if (SHOWN.has(key)) out.push({ where, value: v });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${where}[${i}]`, SHOWN.has(key) ? key : ''));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`, k);
    }
  };
  walk(m.displayName, 'displayName', 'displayName');
  walk(m.description, 'description', 'description');
  const { languageModelTools, ...rest } = (m.contributes ?? {}) as Record<string, unknown>;
  walk(rest, 'contributes', '');
  ((languageModelTools ?? []) as Record<string, unknown>[]).forEach((tool, i) => {
    for (const [k, x] of Object.entries(tool)) if (!FOR_THE_MODEL.has(k)) walk(x, `contributes.languageModelTools[${i}].${k}`, k);
  });
  return out;
}

/** What VS Code does with package.nls.<locale>.json: %key% becomes the translation, else the English. */
function localise(m: unknown, strings: Record<string, string>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(m), (_, v: unknown) => (typeof v === 'string' && /^%[^%]+%$/.test(v) ? (strings[v.slice(1, -1)] ?? english[v.slice(1, -1)] ?? v) : v));
}

/** A pseudo-locale: every letter marked, the whole bracketed, so English that slipped through stands out. */
function pseudo(text: string): string {
  return `⟦${text.replace(/[a-z]/gi, (c) => `${c}\u0301`)}⟧`;
}

test('every string the manifest shows is a %key% that package.nls.json defines', () => {
  const literal = shownStrings(manifest).filter((s) => !/^%[^%]+%$/.test(s.value) && !SAME_IN_EVERY_LANGUAGE.has(s.value));
  assert.deepEqual(literal, [], 'manifest strings not localised (put them in package.nls.json and refer to them as %key%)');
  const missing = shownStrings(manifest).filter((s) => /^%[^%]+%$/.test(s.value) && !(s.value.slice(1, -1) in english));
  assert.deepEqual(missing, [], 'keys package.nls.json does not define');
  assert.ok(shownStrings(manifest).length >= 40);
});

test('a pseudo-locale leaves no manifest string untranslated', () => {
  const strings = Object.fromEntries(Object.entries(english).map(([k, v]) => [k, pseudo(v)]));
  const shown = shownStrings(localise(manifest, strings));
  const untranslated = shown.filter((s) => !s.value.startsWith('⟦') && !SAME_IN_EVERY_LANGUAGE.has(s.value));
  assert.deepEqual(untranslated, []);
  assert.ok(shown.filter((s) => s.value.startsWith('⟦')).length >= 40);
});

test('package.nls.json has no key the manifest does not use', () => {
  const text = readFileSync(join(root, 'package.json'), 'utf8');
  assert.deepEqual(Object.keys(english).filter((k) => !text.includes(`"%${k}%"`)), []);
});

for (const locale of LOCALES) {
  test(`package.nls.${locale}.json translates every key and keeps code, links and commands intact`, () => {
    const strings: Record<string, string> = read(`package.nls.${locale}.json`);
    assert.deepEqual(Object.keys(strings).sort(), Object.keys(english).sort(), 'the same keys as package.nls.json');
    // German names the Ctrl key Strg; the keys pressed are the same.
    const keep = (s: string) => [...s.matchAll(/`[^`]+`|\]\([^)]+\)|https?:\/\/\S+?(?=[)\s]|$)|(?:Ctrl|Strg)\+Alt\+G X/g)].map((m) => m[0].replace(/^Strg/, 'Ctrl')).sort();
    const untranslated: string[] = [];
    for (const [key, en] of Object.entries(english)) {
      const t = strings[key];
      assert.ok(t.trim(), `${locale}: ${key} is empty`);
      assert.deepEqual(keep(t), keep(en), `${locale}: ${key} changed its code, links or commands`);
      // Product names and one-word terms can read the same; sentences cannot.
      if (t === en && en.split(' ').length > 4) untranslated.push(key);
    }
    assert.deepEqual(untranslated, [], `${locale}: left in English`);
    // Localised through the real files, the manifest shows the translation wherever one differs.
    const shown = shownStrings(localise(manifest, strings)).map((s) => s.value);
    assert.ok(shown.includes(strings['command.explainSelection']));
  });
}

/** The messages the host code passes to vscode.l10n.t (or to a `t` it is handed), as written. */
function hostMessages(): string[] {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  const found = new Set<string>();
  for (const f of files(join(root, 'src')).filter((p) => !p.includes(join('src', 'webview')))) {
    // vscode.l10n.t('…') and the `t` of platform/localise.ts; say('…') keeps a client message for translation.
    for (const m of readFileSync(f, 'utf8').matchAll(/\b(?:l10n\.)?(?:t|say)\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1].replace(/\\'/g, "'"));
  }
  return [...found].sort();
}

for (const locale of LOCALES) {
  test(`l10n/bundle.l10n.${locale}.json translates every message the host passes to vscode.l10n.t and every string of the chat page, placeholders kept`, () => {
    const bundle: Record<string, string> = read(`l10n/bundle.l10n.${locale}.json`);
    // The page's table goes through vscode.l10n.t by its English (chat/chatViewProvider.ts).
    const messages = [...new Set([...hostMessages(), ...Object.values(PAGE_STRINGS)])];
    assert.ok(Object.keys(PAGE_STRINGS).length >= 150);
    assert.ok(messages.length >= 9, `found ${messages.length} messages`);
    assert.deepEqual(messages.filter((m) => !(m in bundle)), [], 'messages without a translation');
    assert.deepEqual(Object.keys(bundle).filter((k) => !messages.includes(k)), [], 'translations no code uses');
    for (const [en, t] of Object.entries(bundle)) {
      assert.deepEqual([...t.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort(), [...en.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort(), `${locale}: ${en}`);
      // Words, not placeholders or the brand: "Grok: {0} {1}" reads the same in every language.
      if (en.split(' ').filter((w) => /[a-z]{2,}/i.test(w) && w !== 'Grok:').length > 2) assert.notEqual(t, en, `${locale}: left in English: ${en}`);
    }
  });
}

test('a pseudo-locale leaves no English in the status bar item\'s tooltip and accessible name', () => {
  const pseudoT = (message: string, ...args: Array<string | number | boolean>) => pseudo(message).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  for (const [busy, model] of [false, true].flatMap((b) => [{ id: 'grok-x', newest: false }, { id: 'grok-x', newest: true }, { id: '', newest: true }].map((m) => [b, m] as const))) {
    const view = statusBarView(model, busy, 0.12, { chat: 0.1, editor: 0.02 }, pseudoT);
    // Left after removing the translated parts: the model id, amounts, and the brand in the item's text.
    const english = (s: string) => s.replace(/⟦[^⟧]*⟧/g, '').replace(/grok-x|\$[0-9.]+|[:.,·\s]/g, '');
    assert.equal(english(view.tooltip), '', view.tooltip);
    assert.equal(english(view.label), '', view.label);
  }
});

/**
 * What the host shows the user goes through vscode.l10n.t (or the `t` of platform/localise.ts): no
 * notification, status bar message, input box, quick pick or chat notice takes a bare English literal.
 * A literal may only be a brand, a codicon or a placeholder filled with translated text.
 */
test('no host file shows a bare English string literal that bypasses l10n.t', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  const shown = [
    /\b(?:show(?:Information|Warning|Error)Message|setStatusBarMessage)\(\s*(['`])((?:[^'`\\]|\\.)*)\1/g,
    /\b(?:title|prompt|placeHolder|placeholder|saveLabel|validationMessage|tooltip|name)\s*[:=]\s*(['`])((?:[^'`\\]|\\.)*)\1/g,
    /\bnotice\(\s*'(?:info|warning|error)',\s*(['`])((?:[^'`\\]|\\.)*)\1/g,
  ];
  // Left after taking out ${…} (values, translated text), codicons and the brand: any English word.
  const english = (literal: string) => /[A-Za-z]{3,}/.test(literal.replace(/\$\{[^}]*\}|\$\([\w~-]+\)|\bGrok\b|\bxai-…/g, ''));
  const bare: string[] = [];
  let scanned = 0;
  for (const f of files(join(root, 'src')).filter((p) => !p.includes(join('src', 'webview')) && !p.includes(join('src', 'agent')) && !p.includes(join('src', 'xai')))) {
    const text = readFileSync(f, 'utf8');
    if (!/vscode\.window|notice\(/.test(text)) continue;
    scanned++;
    for (const pattern of shown) for (const m of text.matchAll(pattern)) if (english(m[2])) bare.push(`${f.slice(root.length + 1)}: ${m[0]}`);
  }
  assert.ok(scanned >= 10, `scanned ${scanned} files`);
  assert.deepEqual(bare, []);
});

test('a bare literal is caught by that scan, and a translated one is not', () => {
  const pattern = /\b(?:show(?:Information|Warning|Error)Message|setStatusBarMessage)\(\s*(['`])((?:[^'`\\]|\\.)*)\1/g;
  assert.equal([..."vscode.window.showInformationMessage('Grok: nothing to do.')".matchAll(pattern)].length, 1);
  assert.equal([..."vscode.window.showInformationMessage(vscode.l10n.t('Grok: nothing to do.'))".matchAll(pattern)].length, 0);
});

test('a pseudo-locale leaves no English in the error messages the chat and the editor show; the log keeps the English', () => {
  const pseudoT = (message: string, ...args: Array<string | number | boolean>) => pseudo(message).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  const ctx = { server: 'xAI', path: '/responses', model: 'grok-x' };
  const json = (message: string) => JSON.stringify({ error: { message } });
  const infos = [
    errorFromResponse(401, json('⟦server words⟧'), new Headers(), ctx),
    errorFromResponse(403, json('⟦server words⟧'), new Headers(), ctx),
    errorFromResponse(404, json('⟦model gone⟧'), new Headers(), ctx),
    errorFromResponse(429, json('⟦slow down⟧'), new Headers({ 'retry-after': '3' }), ctx),
    errorFromResponse(502, '<html>proxy</html>', new Headers(), ctx),
    errorFromResponse(400, json('⟦maximum prompt length⟧ maximum prompt length'), new Headers(), ctx),
    errorFromStreamPayload({ error: '⟦boom⟧' }, ctx),
    networkError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), '127.0.0.1'),
    missingKeyError(),
    cancelledError(),
    malformedError(ctx, say('a stream event that is not JSON'), '⟦not json⟧'),
    malformedError(ctx, say('a {0} page instead of an event stream', 'text/html')),
  ];
  useTranslator(pseudoT);
  try {
    for (const info of infos) {
      const shown = errorView(info).message;
      // Left: the server's own words and what it said (marked above), codes, hosts, the model id, numbers.
      // Translated letters carry the mark (messages nest: the server's words inside a sentence).
      const left = shown.replace(/[A-Za-z]\u0301/g, '').replace(/⟦[^⟧]*⟧/g, '').replace(/grok-x|xAI|ECONNREFUSED|127\.0\.0\.1|HTTP|maximum prompt length|text\/html/g, '').replace(/[^A-Za-z]+/g, ' ').trim();
      assert.equal(left, '', `${info.kind}: ${shown}`);
      assert.ok(shown.includes('⟦'), shown);
      // The log's copy stays English.
      assert.ok(!info.message.includes('\u0301'), info.message);
    }
  } finally {
    useTranslator(englishT);
  }
});

/**
 * The agent layer's card texts (a tool call's summary, why it needs approval, why a command cannot be
 * judged, a denial the host gives) are the user's; what the tools return goes to the model and stays English.
 */
test('no agent file gives a card a bare English summary or approval reason', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  const shown = [
    /\b(?:summary|reason|deniedReason)\s*:\s*(['`])((?:[^'`\\]|\\.)*)\1/g,
    /\bnew CannotJudge\(\s*(['`])((?:[^'`\\]|\\.)*)\1/g,
  ];
  // A nested template literal ends the match inside its ${…}: what is left of that is code, not words.
  const english = (literal: string) => /[A-Za-z]{3,}/.test(literal.replace(/\$\{[^}]*\}|\$\{.*$|\bGrok\b/g, ''));
  const bare: string[] = [];
  const agentFiles = files(join(root, 'src', 'agent'));
  assert.ok(agentFiles.length >= 20, `${agentFiles.length} files`);
  for (const f of agentFiles) {
    const text = readFileSync(f, 'utf8');
    for (const pattern of shown) for (const m of text.matchAll(pattern)) if (english(m[2])) bare.push(`${f.slice(root.length + 1)}: ${m[0]}`);
  }
  assert.deepEqual(bare, []);
  // The scan sees a bare one.
  assert.equal([..."return { kind: 'edit', reason: `Grok wants to ${verb} ${f}.` };".matchAll(shown[0])].length, 1);
  assert.equal([..."throw new CannotJudge('it has an unclosed quote');".matchAll(shown[1])].length, 1);
});

test('a pseudo-locale leaves no English in the tool cards\' summaries and approval reasons, the instruction chips and a new chat\'s title', async () => {
  const pseudoT = (message: string, ...args: Array<string | number | boolean>) => pseudo(message).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  const root = tempWorkspace({ 'src/a.ts': 'const a = 1;\nconst b = 2;\n', '.env': 'KEY=1\n' });
  const ctx = toolContext(root);
  const calls: Array<[string, Record<string, unknown>]> = [
    ['read_file', { path: 'src/a.ts' }],
    ['read_file', { path: 'src/a.ts', startLine: 1, endLine: 2 }],
    ['read_file', { path: 'src/a.ts', startLine: 2 }],
    ['read_file', { path: '.env' }],
    ['edit_file', { path: 'src/a.ts', edits: [{ search: 'b = 2', replace: 'b = 3' }] }],
    ['edit_file', { path: 'src/a.ts', edits: [{ search: 'a = 1', replace: 'a = 0' }, { search: 'b = 2', replace: 'b = 3' }] }],
    ['edit_file', { path: '.env', edits: [{ search: 'KEY=1', replace: 'KEY=2' }] }],
    ['create_file', { path: 'src/new.ts', content: 'x' }],
    ['create_file', { path: 'src/a.ts', content: 'x', overwrite: true }],
    ['delete_file', { path: 'src/a.ts' }],
    ['list_files', {}],
    ['list_files', { glob: 'src/**' }],
    ['search_text', { query: 'needle' }],
    ['search_text', { query: 'needle', glob: 'src/**' }],
    ['get_diagnostics', {}],
    ['get_diagnostics', { path: 'src/a.ts' }],
    ['run_command', { command: 'rm -rf build' }],
    ['run_command', { command: 'echo $(whoami)', cwd: 'src' }],
    ['run_command', { command: 'cat .env' }],
  ];
  useTranslator(pseudoT);
  try {
    const texts: string[] = [];
    for (const [name, args] of calls) {
      const d = await prepareToolCall(name, JSON.stringify(args), ALL_TOOLS, ALL_TOOLS, ctx);
      assert.ok(d.ok, `${name} ${JSON.stringify(args)}`);
      texts.push(d.prepared.summary);
      if (d.prepared.approval) texts.push(d.prepared.approval.reason);
    }
    assert.ok(texts.length >= 28, `${texts.length} texts`);
    const sources = instructionSources('Answer briefly.', [{ name: 'AGENTS.md', text: 'Use tabs.' }]);
    texts.push(...instructionChips(sources).map((c) => c.label), newConversation().title);
    for (const text of texts) {
      // Left: paths, commands, globs, setting ids and the query (what the user or Grok wrote), numbers.
      const left = text.replace(/[A-Za-z]\u0301/g, '').replace(/`[^`]*`|"[^"]*"|grok\.agent\.\w+|AGENTS\.md|src\/[\w.*/]+|\.env|\bsrc\b|Grok/g, '').replace(/[^A-Za-z]+/g, ' ').trim();
      assert.equal(left, '', text);
      assert.ok(text.includes('⟦'), text);
    }
  } finally {
    useTranslator(englishT);
  }
  // In English (the default until activation) the cards read as before.
  const d = await prepareToolCall('edit_file', JSON.stringify({ path: 'src/a.ts', edits: [{ search: 'b = 2', replace: 'b = 3' }] }), ALL_TOOLS, ALL_TOOLS, ctx);
  assert.ok(d.ok);
  assert.equal(d.prepared.summary, 'Edit src/a.ts (1 change)');
  assert.equal(d.prepared.approval?.reason, 'Grok wants to edit src/a.ts.');
});
