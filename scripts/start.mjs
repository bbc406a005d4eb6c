// npm start: the extension, packaged as users get it, in a real VS Code in your browser.
//
//   npm start [-- --demo] [-- --port 8080] [-- --base-url http://127.0.0.1:11434/v1] [-- --folder DIR] [-- --gallery]
//
// Builds and packages the VSIX, provisions code-server once (cached outside the repository), installs
// the VSIX into a fresh profile, starts VS Code on 127.0.0.1 with the folder open and prints the URL.
// Ctrl+C stops code-server and everything it started, and removes the profile.
//
// Environment: GROK_PORT (default 8080, or a free port when 8080 is taken), GROK_BASE_URL (written to
// grok.baseUrl: an OpenAI-compatible server such as a local one), XAI_API_KEY (the extension falls back
// to it when no key is stored; the profile is fresh each time, so its secret storage starts empty).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtensions, makeProfile, NO_GALLERY, startCodeServer, workbenchUrl, writeUserSettings } from './codeServer.mjs';
import { provision } from './provision.mjs';
import { startDemoServer } from './demo.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm start [-- options]
  --demo            no key needed: a loopback server replays real recorded Grok answers (text,
                    reasoning, search with citations, a tool call) and the extension uses it
  --port N          port on 127.0.0.1 (env GROK_PORT; default 8080, or a free one if 8080 is taken)
  --base-url URL    grok.baseUrl for this session, e.g. a local OpenAI-compatible server
                    (env GROK_BASE_URL; default: the extension's, https://api.x.ai/v1)
  --folder DIR      the folder to open (default: the current folder)
  --gallery         let VS Code use code-server's extension gallery (open-vsx.org); off by default,
                    so that nothing but your base URL is contacted
  --no-package      reuse the .vsix already built instead of packaging again`;

function parseArgs(argv) {
  const opts = {
    port: process.env.GROK_PORT,
    baseUrl: process.env.GROK_BASE_URL,
    folder: process.env.INIT_CWD || process.cwd(),
    gallery: false,
    pack: true,
    demo: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        opts.port = value();
        break;
      case '--base-url':
        opts.baseUrl = value();
        break;
      case '--folder':
        opts.folder = path.resolve(value());
        break;
      case '--gallery':
        opts.gallery = true;
        break;
      case '--demo':
        opts.demo = true;
        break;
      case '--no-package':
        opts.pack = false;
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${arg}`);
    }
  }
  if (opts.port !== undefined && opts.port !== '') {
    const n = Number(opts.port);
    if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`bad port ${opts.port}`);
    opts.port = n;
  } else {
    opts.port = undefined;
  }
  if (opts.demo && opts.baseUrl !== undefined) fail('--demo runs its own server: leave out --base-url / GROK_BASE_URL');
  if (opts.baseUrl !== undefined) {
    try {
      const u = new URL(opts.baseUrl);
      if (!/^https?:$/.test(u.protocol)) throw new Error('not http(s)');
    } catch {
      fail(`--base-url / GROK_BASE_URL must be an http(s) URL, got ${JSON.stringify(opts.baseUrl)}`);
    }
  }
  return opts;
}

function fail(message) {
  console.error(`npm start: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const { name, version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `${name}-${version}.vsix`);

  if (opts.pack) {
    console.log('▶ packaging the extension (npm run package)');
    const r = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`packaging failed (exit ${r.status ?? r.signal})`);
  }

  console.log('\n▶ provisioning code-server');
  const cs = await provision({ browser: false });

  let port = opts.port;
  if (port === undefined) port = (await portFree(8080)) ? 8080 : 0;
  else if (port !== 0 && !(await portFree(port))) throw new Error(`port ${port} on 127.0.0.1 is taken: choose another with --port`);

  const profileDir = mkdtempSync(path.join(tmpdir(), 'grok-vscode-start-'));
  const profile = makeProfile(profileDir);
  const demo = opts.demo ? await startDemoServer(profileDir) : undefined;
  if (demo) console.log(`\n▶ demo: recorded Grok answers served on ${demo.url}`);
  const settings = demo ? demo.settings : opts.baseUrl ? { 'grok.baseUrl': opts.baseUrl } : {};
  writeUserSettings(profile, settings);
  const env = { ...(opts.gallery ? {} : NO_GALLERY), ...(demo?.env ?? {}) };
  console.log(`\n▶ installing ${path.basename(vsix)} into a fresh profile (${profileDir})`);
  let server;
  try {
    console.log(installExtensions(cs, profile, [vsix], env));
    server = await startCodeServer(cs, profile, { folder: opts.folder, port, env, logFile: path.join(profileDir, 'code-server.log') });
  } catch (e) {
    demo?.stop();
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  let stopping = false;
  const stop = async (why, code) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: stopping code-server…`);
    await server.stop();
    demo?.stop();
    rmSync(profileDir, { recursive: true, force: true });
    console.log('stopped; nothing left running.');
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(sig, 0));
  void server.exited.then(({ code, signal }) => {
    if (stopping) return;
    demo?.stop();
    console.error(`\ncode-server exited by itself (${signal ?? code}). Its log:\n${server.output().split('\n').slice(-40).join('\n')}`);
    rmSync(profileDir, { recursive: true, force: true });
    process.exit(1);
  });

  const url = workbenchUrl(server.url, opts.folder);
  console.log(`
Grok for VS Code is running in code-server ${cs.version} (VS Code in the browser), ready in ${((Date.now() - started) / 1000).toFixed(1)}s.

  Open:      ${url}
  Folder:    ${opts.folder}
  Base URL:  ${demo ? `${demo.url} (demo: recorded answers, whatever you ask)` : (opts.baseUrl ?? 'https://api.x.ai/v1 (the default; --base-url or GROK_BASE_URL to change)')}
  API key:   ${demo ? 'a demo key, accepted only by the demo server' : `run "Grok: Set API Key" from the command palette (F1)${process.env.XAI_API_KEY ? '; XAI_API_KEY is set and used until then' : ''}`}
  Profile:   fresh for this session (${profileDir}), removed on exit

Press Ctrl+C to stop.`);
}

main().catch((e) => {
  console.error(`\nnpm start failed: ${e.message}`);
  process.exit(1);
});
