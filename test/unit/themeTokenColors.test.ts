// The chat's code colours from a theme file: which rule colours which highlight.js class (TextMate's
// "most specific selector wins, then the later rule"), include chains and tokenColors files, JSON with
// comments, and theme values that must never reach the page's stylesheet.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { HEX_COLOR, loadThemeRules, parseJsonc, rulesOf, tokenColorsFromRules, type ReadText } from '../../src/chat/themeTokenColors';

const rule = (scope: string | string[], foreground?: string, fontStyle?: string) => ({ scope, settings: { ...(foreground ? { foreground } : {}), ...(fontStyle ? { fontStyle } : {}) } });

/** Theme files kept in memory, under /themes. */
function files(entries: Record<string, unknown>): ReadText {
  return async (file) => {
    const name = path.relative('/themes', file);
    if (!(name in entries)) throw new Error(`ENOENT: ${file}`);
    const content = entries[name];
    return typeof content === 'string' ? content : JSON.stringify(content);
  };
}

test('each class takes the colour of the most specific rule that matches its scope', () => {
  const colors = tokenColorsFromRules(
    rulesOf([
      rule('keyword', '#0000ff'),
      rule('keyword.control', '#af00db'), // more specific than the `keyword` scope: does not apply to it
      rule('entity.name', '#111111'),
      rule('entity.name.function', '#795e26'),
      rule('entity.name.type', '#267f99'),
      rule('comment', '#008000'),
      rule('string', '#a31515'),
      rule('string.regexp', '#811f3f'),
      rule('constant', '#222222'),
      rule('constant.numeric', '#098658'),
      rule('text.html.markdown markup.quote', '#ff0000'), // needs an ancestor the token has not
      rule('markup.inserted, markup.deleted', '#333333'), // one string, two selectors
    ]),
  );
  assert.equal(colors.keyword, '#0000ff');
  assert.equal(colors['title-function'], '#795e26');
  assert.equal(colors.title, '#795e26');
  assert.equal(colors['title-class'], '#267f99');
  assert.equal(colors.type, '#267f99');
  assert.equal(colors.comment, '#008000');
  assert.equal(colors.string, '#a31515');
  assert.equal(colors.regexp, '#811f3f');
  assert.equal(colors.number, '#098658');
  assert.equal(colors.literal, '#222222', 'constant.language falls to the `constant` rule');
  assert.equal(colors.addition, '#333333');
  assert.equal(colors.deletion, '#333333');
  assert.equal(colors.name, '#111111', 'entity.name.tag takes the `entity.name` rule, a prefix of it');
  assert.equal(colors.quote, undefined, 'no rule without an ancestor colours markup.quote');
  assert.equal(colors.variable, undefined, 'a class no rule colours is left out');
});

test('a later rule wins a tie; a rule without a foreground does not hide a less specific one', () => {
  const colors = tokenColorsFromRules(rulesOf([rule('string', '#aaaaaa'), rule('string', '#bbbbbb'), rule('comment', '#cccccc'), rule('comment.line', undefined, 'italic')]));
  assert.equal(colors.string, '#bbbbbb');
  assert.equal(colors.comment, '#cccccc');
});

test('a class falls back to its next scope when the theme has no rule for the first', () => {
  // No `keyword` rule: `const` and `if` are storage.type to such a theme.
  assert.equal(tokenColorsFromRules(rulesOf([rule('storage.type', '#569cd6')])).keyword, '#569cd6');
  // A `keyword` rule, when there is one, comes first even if storage.type is more specific.
  assert.equal(tokenColorsFromRules(rulesOf([rule('storage.type', '#569cd6'), rule('keyword', '#ff7b72')])).keyword, '#ff7b72');
});

test('included themes load first, so the including theme wins ties; tokenColors may be a .json file', async () => {
  const read = files({
    'base.json': { tokenColors: [rule('keyword', '#000001'), rule('comment', '#000002'), rule('string', '#000003')] },
    'middle.json': `{
      // a comment, as theme files have
      "include": "./base.json",
      /* block comment */ "tokenColors": [
        { "scope": "comment", "settings": { "foreground": "#000012", }, },
      ],
    }`,
    'top.json': { include: './middle.json', tokenColors: './colors/top-colors.json' },
    'colors/top-colors.json': { tokenColors: [rule('string', '#000023')] },
  });
  const colors = tokenColorsFromRules(await loadThemeRules('/themes/top.json', read));
  assert.equal(colors.keyword, '#000001');
  assert.equal(colors.comment, '#000012');
  assert.equal(colors.string, '#000023');
});

test('include cycles end, and a file that cannot be read or parsed leaves the rest of the theme', async () => {
  const read = files({
    'a.json': { include: './b.json', tokenColors: [rule('keyword', '#00000a')] },
    'b.json': { include: './a.json', tokenColors: [rule('string', '#00000b')] },
    'broken.json': '{ "include": "./missing.json", "tokenColors": [',
    'own.json': { include: './missing.json', tokenColors: [rule('comment', '#00000c')] },
    'plist.json': { include: './a.json', tokenColors: './old.tmTheme' },
    'old.tmTheme': '<?xml version="1.0"?><plist><dict></dict></plist>',
  });
  assert.deepEqual(tokenColorsFromRules(await loadThemeRules('/themes/a.json', read)), tokenColorsFromRules(rulesOf([rule('string', '#00000b'), rule('keyword', '#00000a')])));
  assert.deepEqual(await loadThemeRules('/themes/broken.json', read), []);
  assert.equal(tokenColorsFromRules(await loadThemeRules('/themes/own.json', read)).comment, '#00000c');
  // A .tmTheme colours file is not read; the included theme's colours still apply.
  assert.equal(tokenColorsFromRules(await loadThemeRules('/themes/plist.json', read)).keyword, '#00000a');
  assert.deepEqual(await loadThemeRules('/themes/nowhere.json', read), []);
});

test('only hex colours come out, whatever the theme file holds', async () => {
  const hostile = [
    rule('keyword', 'red; background: url(https://attacker.example/x)'),
    rule('string', 'var(--vscode-foreground)'),
    rule('comment', '#12345'),
    rule('constant.numeric', 'expression(alert(1))'),
    rule('entity.name.function', '#00ff00"></style><script>'),
    { scope: 'variable', settings: { foreground: { toString: () => '#ffffff' } } },
    { scope: { toString: () => 'keyword' }, settings: { foreground: '#ffffff' } },
    { scope: 'constant.language', settings: '#ffffff' },
    { scope: ['markup.inserted', 42, null], settings: { foreground: ' #ABCDEF ' } },
    null,
    'keyword',
    { scope: 'url(x)', settings: { foreground: '#ffffff' } },
  ];
  const read = files({ 'hostile.json': { tokenColors: hostile }, 'proto.json': '{"__proto__": {"tokenColors": [1]}, "tokenColors": "../../../etc/passwd"}' });
  const colors = tokenColorsFromRules(await loadThemeRules('/themes/hostile.json', read));
  assert.deepEqual(colors, { addition: '#abcdef' });
  for (const value of Object.values(colors)) assert.match(value, HEX_COLOR);
  assert.deepEqual(await loadThemeRules('/themes/proto.json', read), []);
  assert.deepEqual(rulesOf('not a list'), []);
});

test('JSON with comments: comment markers inside strings are text, and malformed input throws', () => {
  assert.deepEqual(parseJsonc('{"a": "http://x/*y*/", // c\n "b": [1, 2,], }'), { a: 'http://x/*y*/', b: [1, 2] });
  assert.deepEqual(parseJsonc('{"a": "quote \\" // not a comment",}'), { a: 'quote " // not a comment' });
  assert.deepEqual(parseJsonc('{"a": ",]"}'), { a: ',]' });
  assert.throws(() => parseJsonc('{"a": 1 /* open'));
  assert.throws(() => parseJsonc('{"a": "open'));
  assert.throws(() => parseJsonc('{a: 1}'));
});
