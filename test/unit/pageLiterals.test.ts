// The chat page shows no English of its own: every fixed word it shows comes from the page string table
// (shared/pageStrings.ts, translated by the host), and numbers are written in the user's language.
// The scan is in pageLiterals.ts; here it runs over src/webview and is shown to catch what it must.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOWED, bareEnglish, fixedLocales, literals } from './pageLiterals';

const dir = join(__dirname, '..', '..', 'src', 'webview');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));

test('no chat page file shows an English string literal outside the page string table', () => {
  assert.ok(files.length >= 30, `${files.length} files`);
  const count = files.reduce((n, f) => n + literals(f.text).length, 0);
  assert.ok(count >= 1000, `read ${count} literals`);
  const bare = files.flatMap((f) => bareEnglish(f.text).map((b) => `src/webview/${f.name}:${b}`));
  assert.deepEqual(bare, [], 'put these in src/shared/pageStrings.ts (whole sentences with {0} placeholders), show them with s(), and translate them in l10n/');
});

test('no chat page file writes numbers in a fixed language', () => {
  assert.deepEqual(files.flatMap((f) => fixedLocales(f.text).map((b) => `src/webview/${f.name}:${b}`)), []);
});

test('every entry of the allow-list is still a literal of the page (none kept for code that is gone)', () => {
  const all = new Set(files.flatMap((f) => literals(f.text).map((l) => l.text)));
  assert.deepEqual([...ALLOWED.keys()].filter((text) => !all.has(text)), []);
});

// The strings the page showed in English before they moved into the table, as they were written.
const BEFORE: Array<[where: string, code: string]> = [
  ['composer.ts, /imagine without a description', `if (!prompt) return this.say('Describe the image after /imagine, e.g. "/imagine a lighthouse at dusk".');`],
  ['composer.ts, the chip preview head', "h('div', { class: 'chip-preview-head', text: `${chip.label}: ${typeof chip.chars === 'number' ? chip.chars.toLocaleString('en') : '?'} characters are sent${typeof chip.preview === 'string' && chip.preview.length < chip.chars ? '; they start with' : ''}:` }),"],
  ['composer.ts, queuedText', "return m.images?.length ? `${m.text} (+${m.images.length} image${m.images.length > 1 ? 's' : ''})`.trim() : m.text;"],
  ['composerTools.ts, take()', "this.deps.say(`${this.model} does not take images.${able.length ? ` Models that do: ${able.join(', ')}.` : ''} The images stay attached.`);"],
  ['composerTools.ts, a toggle without the Responses API', "b.title = serverTools ? (b.getAttribute('aria-label') ?? '') : `${b.getAttribute('aria-label') ?? ''}: needs the Responses API (grok.chat.api, or a server without /responses)`;"],
  ['parts.ts, an image whose file is gone', ": h('div', { class: 'message-image missing', text: `${label} (the file is no longer available)` });"],
  ['parts.ts, a failed tool card', "if (part.status === 'failed') label += ' (failed)';"],
  ['parts.ts, an interrupted tool card', "else if (!streaming && part.status !== 'completed') label += ' (interrupted)';"],
  ['liveRegion.ts, a code block read out', ".replace(/^ {0,3}(`{3,}|~{3,})[^\\n]*\\n[\\s\\S]*?(^ {0,3}\\1[^\\n]*$|$(?![\\s\\S]))/gm, ' Code block. ')"],
  ['agentCards.ts, a call without arguments', "if (!raw.trim()) return '(none)';"],
  ['a one-word button', "const b = button('Send', () => send());"],
  ['a one-word label', "h('span', { class: 'queued-label', text: 'Queued' })"],
  ['an accessible name', "el.setAttribute('aria-label', 'Remove image');"],
];

for (const [where, code] of BEFORE) {
  test(`the scan catches the English that was bare in ${where}`, () => {
    assert.ok(bareEnglish(code).length > 0, code);
  });
}

test('the scan catches numbers written in English whatever the user\'s language', () => {
  assert.equal(fixedLocales("text: `${chip.chars.toLocaleString('en')} characters`").length, 1);
  assert.equal(fixedLocales("const integer = new Intl.NumberFormat('en-US');").length, 1);
  assert.equal(fixedLocales('new Intl.NumberFormat(pageLocale(), options)').length, 0);
});

test('the scan leaves code alone: table lookups, class names, selectors, ids, Error texts, regular expressions', () => {
  const code = [
    "const b = button(s('composer.send'), () => send(), { class: 'primary send', label: s('composer.sendLabel') });",
    "h('span', { class: 'chip-remove icon', attrs: { id: `edit-warning-${id}` } });",
    "this.el.querySelector('pre > code'); el.classList.toggle('tool-card running', on);",
    "throw new Error(`unhandled host message ${JSON.stringify(x)}`);",
    "const words = text.replace(/[`'\"]+ not a string (at all)/g, ' ');",
    "label = s(`action.${a}`);",
    "import { h } from './dom';",
    "h('div', { 'aria-label': 'Grok' });",
  ].join('\n');
  assert.deepEqual(bareEnglish(code), []);
});
