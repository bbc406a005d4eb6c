// The extension as `npm run package` builds it, without touching the repository's dist/ or its .vsix
// (other work may be using them while the benchmarks run): the files the build and vsce need are
// copied into test-output/bench/stage, node_modules linked, and there the project's own esbuild.js
// runs with --production and vsce packages the VSIX, exactly as scripts/package.mjs does.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { type Row } from '../report';

const ROOT = path.resolve(__dirname, '../../..');
// The manifest's translations (package.nls*.json) and the runtime strings (l10n/) ship too: without them the
// staged VS Code shows every command as its %key% (the palette has no "Grok: Set API Key" to find).
const COPY = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'esbuild.js', 'tsconfig.json', 'media', 'src', 'l10n'];

export interface Stage {
  dir: string;
  vsix: string;
  /** What VS Code parses at activation: dist/extension.mjs and the chunks it imports (esbuild.js counts them). */
  extensionBytes: number;
  /** Every chunk of the extension, the ones behind import() too. */
  extensionAllBytes: number;
  webviewBytes: number;
  vsixBytes: number;
}

export function buildStage(out: string): Stage {
  const dir = path.join(out, 'stage');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const nls = fs.readdirSync(ROOT).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
  if (!nls.includes('package.nls.json')) throw new Error('package.nls.json is missing: the manifest would show its %keys%');
  for (const f of [...COPY, ...nls]) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  run(['esbuild.js', '--production']);
  const { name, version, repository } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; repository?: unknown };
  const vsix = path.join(dir, `${name}-${version}.vsix`);
  // As scripts/package.mjs: without a repository URL vsce refuses the README's relative image links.
  const noRepository = repository ? [] : ['--allow-missing-repository', '--no-rewrite-relative-links'];
  run([path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', ...noRepository, '--out', vsix]);
  const size = (f: string) => fs.statSync(f).size;
  const ext = JSON.parse(fs.readFileSync(path.join(dir, 'out/extension-size.json'), 'utf8')) as { activationBytes: number; allBytes: number };
  return {
    dir,
    vsix,
    extensionBytes: ext.activationBytes,
    extensionAllBytes: ext.allBytes,
    webviewBytes: size(path.join(dir, 'dist/webview.js')),
    vsixBytes: size(vsix),
  };
}

/** Bytes of third-party code (node_modules) in a bundle built like the shipped one. */
async function libraryBytes(entry: string, platform: 'node' | 'browser', format: 'esm' | 'iife'): Promise<number> {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    minify: true,
    platform,
    format,
    target: 'es2022',
    external: ['vscode'],
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  let bytes = 0;
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, info] of Object.entries(output.inputs)) if (input.includes('node_modules/')) bytes += info.bytesInOutput;
  }
  return bytes;
}

export async function sizeRows(stage: Stage): Promise<Row[]> {
  const kb = (b: number) => b / 1024;
  const [extLibs, webLibs] = await Promise.all([libraryBytes('src/extension.ts', 'node', 'esm'), libraryBytes('src/webview/main.ts', 'browser', 'iife')]);
  const bench = 'start-up: sizes';
  return [
    {
      bench,
      figure: 'extension code loaded at activation (dist/extension.mjs and the chunks it imports)',
      unit: 'KB',
      values: [kb(stage.extensionBytes)],
      baseline: { label: 'libraries in the whole extension', values: [kb(extLibs)] },
      budget: { op: '<=', value: 200, text: '≤ 200 KB' },
      note: `production build (minified), as shipped; sizes do not vary between runs; ${kb(stage.extensionAllBytes).toFixed(1)} KB with the chunks loaded on first use (the agent, the editor commands, answering language model requests)`,
    },
    {
      bench,
      figure: 'webview bundle (dist/webview.js)',
      unit: 'KB',
      values: [kb(stage.webviewBytes)],
      baseline: { label: 'of it libraries', values: [kb(webLibs)] },
      budget: { op: '<=', value: 350, text: '≤ 350 KB' },
    },
    { bench, figure: 'VSIX', unit: 'KB', values: [kb(stage.vsixBytes)] },
  ];
}
