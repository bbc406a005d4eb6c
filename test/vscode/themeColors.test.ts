// The chat's code colours come from the colour theme VS Code shows: with the built-in Dark Modern the
// keyword colour is the one its theme file (through its include chain) gives `keyword`, and switching
// to Light Modern announces that theme's colours. The expected colours are read here from the theme
// files of the installed vscode.theme-defaults extension, not copied into the test.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ActiveThemeColors, activeThemeColors, activeThemeFile } from '../../src/chat/activeThemeColors';
import type { TokenColors } from '../../src/protocol';
import { grokExtension, waitFor } from './support';

interface ThemeFile {
  include?: string;
  tokenColors?: Array<{ scope?: string | string[]; settings?: { foreground?: string } }>;
}

/** The built-in theme's file, found as VS Code finds it: by id in the extension's contributes.themes. */
function builtInThemeFile(id: string): string {
  const ext = vscode.extensions.getExtension('vscode.theme-defaults');
  assert.ok(ext, 'the built-in vscode.theme-defaults extension is not installed');
  const themes = (ext.packageJSON as { contributes: { themes: Array<{ id: string; path: string }> } }).contributes.themes;
  const theme = themes.find((t) => t.id === id);
  assert.ok(theme, `vscode.theme-defaults has no theme ${id}: ${themes.map((t) => t.id).join(', ')}`);
  return path.join(ext.extensionPath, theme.path);
}

/** The foreground of the last rule for exactly `scope`, the including theme's rules after its includes'. */
function colourInThemeFile(file: string, scope: string): string | undefined {
  const theme = JSON.parse(readFileSync(file, 'utf8')) as ThemeFile;
  let colour = theme.include ? colourInThemeFile(path.resolve(path.dirname(file), theme.include), scope) : undefined;
  for (const rule of theme.tokenColors ?? []) {
    const scopes = typeof rule.scope === 'string' ? rule.scope.split(',').map((s) => s.trim()) : (rule.scope ?? []);
    if (scopes.includes(scope) && rule.settings?.foreground) colour = rule.settings.foreground.toLowerCase();
  }
  return colour;
}

async function useTheme(id: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', id, vscode.ConfigurationTarget.Global);
  const file = builtInThemeFile(id);
  await waitFor(() => activeThemeFile() === file, `the active colour theme to become ${id}`);
}

describe('code colours from the colour theme', function () {
  this.timeout(30_000);
  let before: string | undefined;

  beforeEach(async () => {
    await grokExtension();
    before = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', before, vscode.ConfigurationTarget.Global);
  });

  it('Dark Modern: keyword, string and comment are the colours its theme file gives them', async () => {
    await useTheme('Dark Modern');
    assert.equal(vscode.window.activeColorTheme.kind, vscode.ColorThemeKind.Dark);
    const file = builtInThemeFile('Dark Modern');
    const colors = await activeThemeColors();
    for (const [key, scope] of [['keyword', 'keyword'], ['string', 'string'], ['comment', 'comment']] as const) {
      const expected = colourInThemeFile(file, scope);
      assert.ok(expected, `${path.basename(file)} and its includes give ${scope} no colour`);
      assert.equal(colors[key], expected, key);
    }
  });

  it('switching to Light Modern announces the light theme colours', async () => {
    await useTheme('Dark Modern');
    const themeColors = new ActiveThemeColors();
    const dark = await themeColors.colors();
    const announced: TokenColors[] = [];
    const listening = themeColors.onDidChange((c) => announced.push(c));
    try {
      await useTheme('Light Modern');
      assert.equal(vscode.window.activeColorTheme.kind, vscode.ColorThemeKind.Light);
      const expected = colourInThemeFile(builtInThemeFile('Light Modern'), 'keyword');
      await waitFor(() => announced.at(-1)?.keyword === expected, `the Light Modern keyword colour ${expected} (announced: ${JSON.stringify(announced.map((c) => c.keyword))})`);
      assert.notEqual(expected, dark.keyword, 'the two themes colour keywords alike: this test would prove nothing');
      assert.equal((await themeColors.colors()).keyword, expected);
    } finally {
      listening.dispose();
      themeColors.dispose();
    }
  });
});
