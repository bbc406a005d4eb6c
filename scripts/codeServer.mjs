// Running the provisioned code-server: a profile (user data + extensions), extensions installed into
// it, settings, and a server on 127.0.0.1 in its own process group. Shared by `npm start` and the
// integration tests.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv } from './provision.mjs';

/** Settings that keep a test or demo profile quiet and offline-friendly. */
export const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** No extension gallery: with none configured VS Code makes no marketplace requests (code-server's
 * default is open-vsx.org, which tests must never contact). */
export const NO_GALLERY = { EXTENSIONS_GALLERY: '{}' };

/** A profile: user data (settings, logs, the secret-storage key half) and an extensions folder. */
export function makeProfile(dir) {
  const profile = { dir, dataDir: path.join(dir, 'data'), extensionsDir: path.join(dir, 'extensions'), configFile: path.join(dir, 'config.yaml') };
  mkdirSync(path.join(profile.dataDir, 'User'), { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  // code-server writes a config (with a password) into ~/.config unless it is given one.
  writeFileSync(profile.configFile, 'auth: none\n');
  return profile;
}

export function writeUserSettings(profile, settings) {
  const file = path.join(profile.dataDir, 'User', 'settings.json');
  writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2) + '\n');
  return file;
}

function baseArgs(server, profile) {
  return [
    server.codeServer,
    '--config', profile.configFile,
    '--user-data-dir', profile.dataDir,
    '--extensions-dir', profile.extensionsDir,
  ];
}

/** Installs VSIX files into the profile; throws with code-server's output when one fails. */
export function installExtensions(server, profile, vsixFiles, env = {}) {
  const args = [...baseArgs(server, profile)];
  for (const f of vsixFiles) args.push('--install-extension', f);
  const r = spawnSync(server.node, args, { encoding: 'utf8', env: serverEnv(env), timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || /Failed Installing/i.test(out)) {
    throw new Error(`installing ${vsixFiles.map((f) => path.basename(f)).join(', ')} into ${profile.extensionsDir} failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return out.trim();
}

/** The environment code-server (and so the extension host) gets: ours without npm's run variables;
 * `undefined` in extra removes a variable. */
export function serverEnv(extra) {
  return cleanEnv(extra);
}

/**
 * Starts code-server in its own process group and resolves once it listens.
 * Returns { url, pid, stop(), exited, output() }; stop() ends the whole group (extension host included).
 */
export async function startCodeServer(server, profile, { folder, port = 0, env = {}, logFile, startTimeoutMs = 60_000 }) {
  const args = [
    ...baseArgs(server, profile),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    folder,
  ];
  const child = spawn(server.node, args, { env: serverEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const log = logFile ? createWriteStream(logFile) : undefined;
  const onData = (d) => {
    output += d;
    if (log && !log.writableEnded) log.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      killGroup(child.pid, 'SIGKILL');
      if (log && !log.writableEnded) await new Promise((resolve) => log.end(resolve));
      return;
    }
    killGroup(child.pid, 'SIGTERM');
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))]);
    if (!done) killGroup(child.pid, 'SIGKILL');
    // Children that outlived the server (the extension host, the pty host) share its group.
    killGroup(child.pid, 'SIGKILL');
    if (log && !log.writableEnded) await new Promise((resolve) => log.end(resolve));
  };

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`code-server did not listen within ${startTimeoutMs / 1000} s:\n${output}`));
    }, startTimeoutMs);
    const poll = setInterval(() => {
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(m[1]);
      }
    }, 50);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${output}`));
    });
  }).catch(async (e) => {
    await stop();
    throw e;
  });
  return { url, pid: child.pid, stop, exited, output: () => output };
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group is gone */
  }
}

/** The workbench address for a folder. */
export function workbenchUrl(serverUrl, folder) {
  return `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
}

/** The extension host logs (one folder per extension host, so one per window load) and the logs of
 * the extensions whose id matches `only`, under the profile's logs folder. */
export function extensionHostLogs(profile, only = /grok/i) {
  const root = path.join(profile.dataDir, 'logs');
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost\d*$/i.test(path.basename(dir)) ? e.name === 'remoteexthost.log' : /exthost/i.test(p) && only.test(p) && e.name.endsWith('.log')) found.push(p);
    }
  };
  walk(root);
  return found.sort();
}

export function readTail(file, maxLines = 200, drop) {
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => !drop || !drop.test(l));
    return (lines.length > maxLines ? [`… (${lines.length - maxLines} earlier lines in ${file})`] : []).concat(lines.slice(-maxLines)).join('\n');
  } catch (e) {
    return `(cannot read ${file}: ${e.message})`;
  }
}
