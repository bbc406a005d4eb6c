// Builds the two bundles: the extension host (node, cjs) and the chat webview (browser, iife).
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
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
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
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (production) moveMaps();
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
