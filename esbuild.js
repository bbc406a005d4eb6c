// Builds the two bundles: the extension host (node, ES modules) and the chat webview (browser, iife).
// The extension is split: dist/extension.mjs holds what activation needs, and what only some features
// use (the agent, the editor commands, the language model provider) is in chunks loaded by import() the
// first time it runs, so that every window does not parse it at start-up. VS Code loads an ES module
// extension by its .mjs suffix.
// `--production` minifies and keeps source maps out of the bundles' folder shipped in the VSIX
// (maps go to out/maps for debugging); `--watch` rebuilds on change.
const esbuild = require('esbuild');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? 'linked' : 'inline',
  logLevel: 'info',
  legalComments: 'none',
  target: 'es2022',
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    splitting: true,
    platform: 'node',
    format: 'esm',
    external: ['vscode'],
    metafile: true,
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
  },
];

async function main() {
  clean();
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (production) moveMaps();
  writeSizes(results[0].metafile);
}

/**
 * out/extension-size.json: the bytes VS Code parses at activation (dist/extension.mjs and the chunks it
 * imports, transitively) and in all, as shipped. scripts/package.mjs prints them; the benchmark judges the
 * first. Read from the files, after moveMaps took their last line.
 */
function writeSizes(meta) {
  const fs = require('node:fs');
  const outputs = meta.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint === 'src/extension.ts');
  const atActivation = new Set();
  const visit = (file) => {
    if (atActivation.has(file)) return;
    atActivation.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entry);
  const code = Object.keys(outputs).filter((k) => k.endsWith('.mjs'));
  const bytes = (files) => files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  fs.mkdirSync('out', { recursive: true });
  const sizes = { activationBytes: bytes([...atActivation]), allBytes: bytes(code), files: code.length, atActivation: [...atActivation] };
  fs.writeFileSync('out/extension-size.json', `${JSON.stringify(sizes, null, 2)}\n`);
}

// The chunks' names change with their content: the last build's would otherwise pile up in dist/ and ship.
function clean() {
  const fs = require('node:fs');
  for (const dir of ['dist', 'out/maps']) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) if (/\.mjs(\.map)?$|^extension\.js(\.map)?$/.test(f)) fs.rmSync(path.join(dir, f));
  }
}

// Production maps live outside dist/ so that the VSIX, which ships dist/, never contains them.
function moveMaps() {
  const fs = require('node:fs');
  fs.mkdirSync('out/maps', { recursive: true });
  for (const f of fs.readdirSync('dist')) {
    if (!f.endsWith('.map')) continue;
    fs.renameSync(path.join('dist', f), path.join('out/maps', f));
    const js = path.join('dist', f.replace(/\.map$/, ''));
    const text = fs.readFileSync(js, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    fs.writeFileSync(js, text);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
