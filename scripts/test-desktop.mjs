// npm run test:desktop: the extension-host suites (test/vscode, phase main) in VS Code desktop through
// @vscode/test-electron, for machines that can download VS Code. These machines cannot (no internet
// but the package registries): there the run fails at the download and says so; npm test runs the
// same suites in code-server instead.
//
// Environment: GROK_VSCODE_VERSION (default 'stable'), VSCODE_EXECUTABLE (an installed VS Code to use
// instead of downloading one). On Linux without a display, run it under xvfb-run -a.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildVscodeTests, ROOT } from './buildVscodeTests.mjs';
import { QUIET_SETTINGS } from './codeServer.mjs';
import { startFakeXai } from './fakeXai.mjs';

async function loadTestElectron() {
  try {
    return await import('@vscode/test-electron');
  } catch (e) {
    throw new Error(`@vscode/test-electron is not installed (${e.code ?? e.message}): npm install first (it is a devDependency).`);
  }
}

async function main() {
  const { runTests } = await loadTestElectron();
  const out = path.join(ROOT, '.vscode-test', 'run');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  console.log('▶ building the extension and the suites');
  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the extension build failed');
  const suite = await buildVscodeTests();

  const fakes = [];
  try {
    const good = await startFakeXai('accepts-keys', [], path.join(out, 'fake-xai-accepts-keys.log'));
    fakes.push(good);
    const bad = await startFakeXai('invalid-key', ['--invalid-key'], path.join(out, 'fake-xai-invalid-key.log'));
    fakes.push(bad);

    const userData = path.join(out, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, 'grok.baseUrl': good.url }, null, 2));
    const workspace = path.join(out, 'workspace');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'hello.js'), 'console.log("hello");\n');

    // The suites prove the key comes from SecretStorage: no environment key may reach the host.
    delete process.env.XAI_API_KEY;
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      console.log('note: no DISPLAY; VS Code desktop needs one on Linux (xvfb-run -a npm run test:desktop)');
    }
    console.log('▶ running the suites in VS Code desktop (@vscode/test-electron)');
    await runTests({
      version: process.env.GROK_VSCODE_VERSION ?? 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      extensionTestsEnv: {
        GROK_FAKE_URL: good.url,
        GROK_FAKE_BADKEY_URL: bad.url,
        GROK_MOCHA_PATH: path.join(ROOT, 'node_modules', 'mocha'),
      },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`, '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    for (const f of fakes) f.stop();
  }
}

main().then(
  () => console.log('\ntest:desktop: the extension-host suites passed in VS Code desktop'),
  (e) => {
    const msg = e?.message ?? String(e);
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|fetch failed|download/i.test(msg + (e?.cause?.message ?? ''));
    console.error(`\ntest:desktop FAILED: ${msg}`);
    if (offline) {
      console.error(
        'VS Code desktop could not be downloaded: this machine has no internet access beyond the package registries.\n' +
          'Run it where VS Code can be downloaded, or point VSCODE_EXECUTABLE at an installed VS Code.\n' +
          'Here, `npm test` runs the same suites in code-server (the integration tier).',
      );
    }
    process.exit(1);
  },
);
