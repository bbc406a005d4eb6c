// npm run package: a production build, then one .vsix in the repository root, and its size.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const { name, version, repository } = JSON.parse(readFileSync('package.json', 'utf8'));
// The project has no public repository URL yet, and none is invented: without one, vsce would stop to
// ask (on a terminal) and would refuse the README's relative image links, which it rewrites to the
// repository's. Once package.json names the repository, both flags drop out and the links are rewritten.
const noRepository = repository ? [] : ['--allow-missing-repository', '--no-rewrite-relative-links'];

for (const f of readdirSync('.')) if (f.endsWith('.vsix')) rmSync(f);
rmSync('dist', { recursive: true, force: true });
run(process.execPath, ['esbuild.js', '--production']);
const out = `${name}-${version}.vsix`;
run(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--skip-license', ...noRepository, '--out', out]);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const size = (p) => kb(statSync(p).size);
const ext = JSON.parse(readFileSync('out/extension-size.json', 'utf8'));
console.log(`\n${out}: ${size(out)} (extension ${kb(ext.activationBytes)} loaded at activation, ${kb(ext.allBytes)} in ${ext.files} files; webview bundle ${size('dist/webview.js')})`);
