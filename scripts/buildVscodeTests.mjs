// Compiles the suites in test/vscode for an extension host: one CommonJS bundle per suite in
// test-output/out/vscode, with `vscode` (the host provides it) and mocha (loaded at run time from the
// repository) left out.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VSCODE_TESTS_OUT = path.join(ROOT, 'test-output', 'out', 'vscode');

export async function buildVscodeTests() {
  const dir = path.join(ROOT, 'test', 'vscode');
  // The entry and the suites; helpers are bundled into the suites that import them.
  const entryPoints = readdirSync(dir)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
  // A suite deleted from test/vscode must not linger here: index.js runs every *.test.js it finds.
  rmSync(VSCODE_TESTS_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: VSCODE_TESTS_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(VSCODE_TESTS_OUT, 'index.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await buildVscodeTests());
}
