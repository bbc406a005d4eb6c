// The active colour theme's code colours for the chat page. VS Code tells extensions only the theme's
// kind, so the theme is found as VS Code finds it: the name in the colour theme settings, matched against
// the `contributes.themes` entries (id, else label) of the installed extensions. The reading and
// matching of the theme file itself is in themeTokenColors.ts.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { colorThemeNames } from '../platform/config';
import { warn } from '../platform/log';
import type { TokenColors } from '../protocol';
import { loadThemeRules, tokenColorsFromRules } from './themeTokenColors';

const MAX_THEME_FILE_BYTES = 4 * 1024 * 1024;

interface ContributedTheme {
  id?: unknown;
  label?: unknown;
  uiTheme?: unknown;
  path?: unknown;
}

/** The current theme's colours, computed once per theme; `onDidChange` fires with the next theme's. */
export class ActiveThemeColors implements vscode.Disposable {
  private current: Promise<TokenColors> | undefined;
  private readonly changed = new vscode.EventEmitter<TokenColors>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.window.onDidChangeActiveColorTheme(() => this.refresh()),
      // A theme installed or removed while it is the chosen one.
      vscode.extensions.onDidChange(() => this.refresh()),
    ];
  }

  colors(): Promise<TokenColors> {
    this.current ??= activeThemeColors();
    return this.current;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private refresh(): void {
    const next = activeThemeColors();
    this.current = next;
    // Only the latest theme is announced when changes come faster than files are read.
    void next.then((colors) => {
      if (this.current === next) this.changed.fire(colors);
    });
  }
}

/** Never rejects: a theme that cannot be found or read gives no colours, and the page keeps its own. */
export async function activeThemeColors(): Promise<TokenColors> {
  const file = activeThemeFile();
  if (!file) return {};
  try {
    return tokenColorsFromRules(await loadThemeRules(file, readThemeFile));
  } catch (e) {
    warn(`chat: could not read the colour theme ${file}: ${String(e)}`);
    return {};
  }
}

/** The file of the active colour theme, or undefined when no installed extension contributes it. */
export function activeThemeFile(): string | undefined {
  const themes = vscode.extensions.all.flatMap((ext) => {
    const contributed: unknown = (ext.packageJSON as { contributes?: { themes?: unknown } } | undefined)?.contributes?.themes;
    return Array.isArray(contributed) ? contributed.map((theme: ContributedTheme) => ({ ext, theme })) : [];
  });
  const kind = vscode.window.activeColorTheme.kind;
  let fallback: string | undefined;
  // The chosen theme first, then the preferred ones auto-detection switches to: the first of the kind
  // VS Code shows now is the one in use.
  for (const name of colorThemeNames()) {
    // Settings written by older VS Code versions say "Default Dark Modern" for "Dark Modern".
    const names = name.startsWith('Default ') ? [name, name.slice('Default '.length)] : [name];
    const found = names
      .map((n) => themes.find(({ theme }) => theme.id === n) ?? themes.find(({ theme }) => theme.label === n))
      .find((t) => t !== undefined);
    if (!found || typeof found.theme.path !== 'string') continue;
    const file = path.join(found.ext.extensionPath, found.theme.path);
    if (kindOf(found.theme.uiTheme) === kind) return file;
    fallback ??= file;
  }
  return fallback;
}

function kindOf(uiTheme: unknown): vscode.ColorThemeKind | undefined {
  switch (uiTheme) {
    case 'vs':
      return vscode.ColorThemeKind.Light;
    case 'vs-dark':
      return vscode.ColorThemeKind.Dark;
    case 'hc-black':
      return vscode.ColorThemeKind.HighContrast;
    case 'hc-light':
      return vscode.ColorThemeKind.HighContrastLight;
    default:
      return undefined;
  }
}

async function readThemeFile(file: string): Promise<string> {
  if ((await stat(file)).size > MAX_THEME_FILE_BYTES) throw new Error(`${file} is larger than ${MAX_THEME_FILE_BYTES} bytes`);
  return readFile(file, 'utf8');
}
