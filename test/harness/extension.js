// The test harness: runs the suites in test/vscode inside this extension host (see README.md).
// Plain JavaScript so that it needs no build; installed only into test profiles.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

/** @param {import('vscode').ExtensionContext} _context */
function activate(_context) {
  const suite = process.env.GROK_TEST_SUITE;
  const resultsFile = process.env.GROK_TEST_RESULTS;
  if (!suite || !resultsFile) return;
  guardFetch(resultsFile);
  if (process.env.GROK_HARNESS_CONTROL) startControl(process.env.GROK_HARNESS_CONTROL);
  // Let activation finish first: the suites wait on other extensions, which wait on activation events.
  setTimeout(() => {
    runNextPhase(suite, resultsFile).catch((err) => {
      console.error('[grok-test-harness] failed:', err);
      writeResults(resultsFile, (r) => r.phases.push({ phase: 'harness', state: 'done', error: describe(err), tests: [] }));
    });
  }, 0);
}

async function runNextPhase(suitePath, resultsFile) {
  const entry = require(suitePath);
  const phases = entry.PHASES;
  if (!Array.isArray(phases) || typeof entry.runPhase !== 'function') {
    throw new Error(`${suitePath} must export PHASES (string[]) and runPhase(phase)`);
  }
  const done = new Set(readResults(resultsFile).phases.map((p) => p.phase));
  const phase = phases.find((p) => !done.has(p));
  if (!phase) {
    console.log('[grok-test-harness] every phase has run; nothing to do');
    return;
  }
  // Claim the phase before running it: an extension host that restarts mid-phase must not loop.
  const startedAt = new Date().toISOString();
  writeResults(resultsFile, (r) => r.phases.push({ phase, state: 'running', startedAt, pid: process.pid }));
  console.log(`[grok-test-harness] phase ${phase}: running ${suitePath}`);
  let outcome;
  try {
    outcome = await entry.runPhase(phase, {
      // The plan goes on record before the first test: the runner counts tests a crash never reaches.
      onPlanned: (titles) =>
        writeResults(resultsFile, (r) => {
          const p = r.phases.find((x) => x.phase === phase);
          if (p) p.planned = titles;
        }),
    });
  } catch (err) {
    outcome = { tests: [], error: describe(err) };
  }
  writeResults(resultsFile, (r) => {
    const i = r.phases.findIndex((p) => p.phase === phase);
    r.phases[i] = { phase, state: 'done', startedAt, finishedAt: new Date().toISOString(), pid: process.pid, ...outcome };
  });
  console.log(`[grok-test-harness] phase ${phase}: done`);
}

/**
 * Settings for the browser suites, changed through the VS Code API in this extension host. A browser test
 * cannot reach the API, and code-server's workbench did not pick up a user settings file written behind
 * its back during a run; an update made here goes through the workbench's configuration service, as the
 * Settings editor's would. Listens on 127.0.0.1 only (test profiles only) and writes its URL to `file`,
 * again after every window reload (a new extension host, a new port).
 *
 *   POST /settings {"settings": {"grok.chat.api": "auto", "grok.model": null}}
 *     updates each key in the user (global) settings (null removes it) and answers, once every update is
 *     applied, {"previous": {...}}: the user values before, null where there was none, to restore later.
 */
/**
 * Closes every editor without a "Save changes?" dialog: each dirty one is shown and reverted first
 * (an untitled one is discarded). The runner calls it before each browser test, so no test starts with
 * the editors, unsaved typing or open diff a test before it left.
 */
async function resetEditors(vscode) {
  const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  let reverted = 0;
  for (let tries = 0; tries < 50; tries++) {
    const dirty = tabs().find((t) => t.isDirty);
    const uri = dirty && (dirty.input?.uri ?? dirty.input?.modified);
    if (!uri) break;
    await vscode.window.showTextDocument(uri, { viewColumn: dirty.group.viewColumn, preview: false, preserveFocus: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    reverted++;
  }
  const left = tabs();
  if (left.length) await vscode.window.tabGroups.close(left);
  return { reverted, closed: left.length, open: tabs().length };
}

/**
 *   POST /editors/reset  closes every editor, reverting unsaved ones (see resetEditors), and answers
 *     {"reverted": n, "closed": m, "open": k}.
 *
 *   POST /disk {"refuse": "ENOSPC", "under": "<folder>"}  see refuseWrites; {"refuse": null} ends it.
 *     Answers {"refused": n}: the opens refused since the last change.
 */
function startControl(file) {
  const vscode = require('vscode');
  const server = http.createServer((req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      (async () => {
        if (req.method === 'POST' && req.url === '/editors/reset') return reply(200, await resetEditors(vscode));
        if (req.method === 'POST' && req.url === '/disk') {
          const { refuse, under } = JSON.parse(text || '{}');
          if (refuse !== null && (!Object.hasOwn(DISK_ERRORS, refuse) || typeof under !== 'string' || !path.isAbsolute(under))) {
            return reply(400, { error: `expected {"refuse": ${Object.keys(DISK_ERRORS).join(' | ')} | null, "under": "<absolute folder>"}` });
          }
          return reply(200, refuseWrites(refuse, under));
        }
        if (req.method !== 'POST' || req.url !== '/settings') return reply(404, { error: `no ${req.method} ${req.url}` });
        const { settings } = JSON.parse(text || '{}');
        if (!settings || typeof settings !== 'object') return reply(400, { error: 'expected {"settings": {key: value}}' });
        const previous = {};
        const config = vscode.workspace.getConfiguration();
        for (const [key, value] of Object.entries(settings)) {
          previous[key] = config.inspect(key)?.globalValue ?? null;
          await config.update(key, value === null ? undefined : value, vscode.ConfigurationTarget.Global);
        }
        reply(200, { previous });
      })().catch((err) => reply(500, { error: describe(err) }));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid }));
    fs.renameSync(tmp, file);
  });
  // The extension host must not wait for this server when it shuts down.
  server.unref();
}

/** The errors a refused write gets, as Node words them (errno as on Linux). */
const DISK_ERRORS = {
  ENOSPC: { errno: -28, text: 'no space left on device' },
  EROFS: { errno: -30, text: 'read-only file system' },
};
const disk = { code: null, under: '', refused: 0, open: null };

/**
 * A full disk (ENOSPC) or a read-only file system (EROFS) under one folder, for this extension host only:
 * every file opened for writing there through Node's fs.promises.open (the extension's atomic writes,
 * src/conversation/atomicFile.ts) fails as the kernel would fail it; reading, and everything outside the
 * folder, goes on. Being root in CI, a test cannot make a folder unwritable with permissions, and a real
 * full disk would need a mount; the extension cannot tell this from either. `code` null puts open back.
 */
function refuseWrites(code, under) {
  const promises = fs.promises;
  const answer = { refused: disk.refused };
  disk.refused = 0;
  if (code === null) {
    if (disk.open) promises.open = disk.open;
    Object.assign(disk, { code: null, under: '', open: null });
    return answer;
  }
  Object.assign(disk, { code, under: path.resolve(under) });
  if (!disk.open) {
    const open = (disk.open = promises.open);
    promises.open = function (file, flags, ...rest) {
      const target = path.resolve(String(file));
      const writes = typeof flags === 'string' && /[wa+]/.test(flags);
      if (disk.code && writes && target.startsWith(disk.under + path.sep)) {
        disk.refused++;
        const { errno, text } = DISK_ERRORS[disk.code];
        return Promise.reject(Object.assign(new Error(`${disk.code}: ${text}, open '${target}'`), { code: disk.code, errno, syscall: 'open', path: target }));
      }
      return open.call(this, file, flags, ...rest);
    };
  }
  return answer;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * True when VS Code sends this request to a proxy on this machine: http.proxy names a loopback proxy and
 * the host is a `.invalid` name (RFC 6761: it resolves nowhere, so without the proxy the request cannot
 * leave either). The proxy suite uses exactly that to prove requests go through http.proxy; its proxy
 * connects only to 127.0.0.1. A real host name stays refused, proxy or not.
 */
function viaLoopbackProxy(url) {
  if (!url.hostname.endsWith('.invalid')) return false;
  try {
    const proxy = require('vscode').workspace.getConfiguration('http').get('proxy');
    return typeof proxy === 'string' && proxy !== '' && LOOPBACK.has(new URL(proxy).hostname);
  } catch {
    return false;
  }
}

/**
 * Tests may only talk to this machine. Every fetch() in this extension host (the extension's client uses
 * the global fetch, read at call time) to a host other than loopback is refused here and recorded in the
 * results file with its stack; scripts/integration.mjs fails the run on any such record.
 */
function guardFetch(resultsFile) {
  const original = globalThis.fetch;
  if (typeof original !== 'function' || original.grokGuarded) return;
  const guarded = function (input, init) {
    let url;
    try {
      url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    } catch {
      return original.call(this, input, init);
    }
    if (!/^(https?|wss?):$/.test(url.protocol) || LOOPBACK.has(url.hostname) || viaLoopbackProxy(url)) return original.call(this, input, init);
    const stack = new Error('outbound request').stack;
    writeResults(resultsFile, (r) => (r.outbound ??= []).push({ url: url.href, at: new Date().toISOString(), pid: process.pid, stack }));
    return Promise.reject(new TypeError(`fetch to ${url.host} refused by the test harness: tests may only talk to this machine`));
  };
  guarded.grokGuarded = true;
  globalThis.fetch = guarded;
}

function readResults(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { phases: [] };
  }
}

/** Read, change, write to a temporary file and rename: the runner polling the file never sees half of it. */
function writeResults(file, change) {
  const results = readResults(file);
  change(results);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, file);
}

function describe(err) {
  return err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
}

function deactivate() {}

module.exports = { activate, deactivate };
