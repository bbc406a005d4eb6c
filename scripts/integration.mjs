// The integration tier: the packaged extension in a real VS Code (code-server) driven by headless
// Chromium. Run as `node --import tsx scripts/integration.mjs` (the browser suites are TypeScript).
//
//   1. package the VSIX, compile test/vscode, package the test harness, provision code-server;
//   2. start two fake xAI servers (one accepts every key, one answers 400 "Incorrect API key");
//   3. a fresh profile with both extensions and grok.baseUrl pointing at the fake; start code-server;
//   4. open the workbench in Chromium: the harness runs the extension-host suites (phase main), then
//      the browser suites marked beforeReload, then a window reload from the palette, the phase
//      afterReload (the key stored before the reload is still there), then the afterReload suites.
// On failure it prints the code-server log, the extension host logs, the browser console and the
// harness results. Writes test-output/integration-summary.json for scripts/test.mjs.
//
//   --shuffle[=seed]   shuffle the suites (extension host) and browser tests within each phase; the seed
//                      is printed, and --shuffle=<it> replays the same order. CI=true shuffles always.
//   GROK_SUITES=a,b    run only the suites whose file name (or browser test name) contains a or b; the
//                      reload scenario always runs. For developers: a filtered run is never "all passed".
//
// The run cannot pass by accident: a phase without tests, a pending test, a test never reached after a
// fatal error, an unhandled error of the extension in the extension host log, or a request that tries
// to leave the machine each fail it. What counts as leaving the machine:
//   - extension host: any fetch() by any extension to a host other than loopback (the test harness
//     refuses and records it, with its stack);
//   - page: any request of the workbench page (or its webviews) to a host other than loopback, except
//     VS Code's own background hosts (VSCODE_BACKGROUND_HOSTS: update checks, gallery, experiments,
//     telemetry), which are refused and logged, because the product does not make them.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildVscodeTests, ROOT } from './buildVscodeTests.mjs';
import { extensionHostLogs, installExtensions, makeProfile, NO_GALLERY, readTail, startCodeServer, workbenchUrl, writeUserSettings } from './codeServer.mjs';
import { startFakeXai } from './fakeXai.mjs';
import { provision } from './provision.mjs';
import { shuffled, suiteFilter } from '../test/shuffle.ts';
import { launchBrowser, modalDialogs, openWorkbench, runFromPalette, waitForWorkbench } from '../test/e2e/workbench.ts';

const OUT = path.join(ROOT, 'test-output');
const SCREENSHOTS = path.join(OUT, 'screenshots');
const LOGS = path.join(OUT, 'logs');
const RESULTS = path.join(OUT, 'vscode-results.json');
const SUMMARY = path.join(OUT, 'integration-summary.json');
/** Where the test harness says on which port it takes setting changes for the browser suites. */
const HARNESS_CONTROL = path.join(OUT, 'harness-control.json');
const MANIFEST = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

// The fault matrix alone runs some eighty requests, a few of them waiting out timeouts on purpose.
const PHASE_TIMEOUT_MS = 1_200_000;
const E2E_TIMEOUT_MS = 60_000;

/** Hosts the workbench itself may try (never the extension): refused and logged, not failures. */
const VSCODE_BACKGROUND_HOSTS = [
  /(^|\.)vscode-cdn\.net$/,
  /(^|\.)visualstudio\.com$/,
  /(^|\.)vscode\.dev$/,
  /(^|\.)open-vsx\.org$/,
  /(^|\.)exp-tas\.com$/,
  /(^|\.)events\.data\.microsoft\.com$/,
  /(^|\.)gallerycdn\.vsassets\.io$/,
];

function parseSeed(argv, env) {
  const arg = argv.find((a) => a === '--shuffle' || a.startsWith('--shuffle='));
  const fromEnv = env.GROK_SHUFFLE_SEED;
  if (arg?.includes('=')) return Number(arg.split('=')[1]);
  if (fromEnv) return Number(fromEnv);
  if (arg || env.CI === 'true') return Math.floor(Math.random() * 2 ** 31);
  return undefined;
}
const SEED = parseSeed(process.argv.slice(2), process.env);
if (SEED !== undefined && !Number.isInteger(SEED)) {
  console.error(`--shuffle takes an integer seed, got ${process.argv.slice(2).join(' ')}`);
  process.exit(2);
}
const SUITES = process.env.GROK_SUITES ?? '';
const outboundFromPage = []; // { url, at }

const started = Date.now();
const timings = [];
const results = []; // { group, title, state, durationMs?, error?, reason? }
const plannedByPhase = new Map(); // extension-host phase -> every test title it loaded
let e2ePlanned = []; // every browser test this run meant to run
const cleanups = [];
let consoleLog;
let server;
let profile;

function secs(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

async function step(name, fn) {
  const t = Date.now();
  console.log(`\n▶ ${name}`);
  try {
    return await fn();
  } finally {
    timings.push([name, Date.now() - t]);
    console.log(`  ${name}: ${secs(Date.now() - t)}`);
  }
}

function runNode(args, opts = {}) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

async function startFake(label, args) {
  const fake = await startFakeXai(label, args, path.join(LOGS, `fake-xai-${label}.log`));
  cleanups.push(fake.stop);
  console.log(`  fake xAI (${label}): ${fake.url}`);
  return fake.url;
}

function readPhases() {
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')).phases;
  } catch {
    return [];
  }
}

/** Waits for the harness to finish a phase in the extension host; records its tests. */
/**
 * An extension-host test that waits on a modal dialog (a "Save changes?" from Close All) hangs, and the
 * test only sees its own timeout: the runner, which has the page, reports the dialog and its picture.
 */
async function reportModalDialog(phase, seen) {
  const [text] = page ? await modalDialogs(page) : [];
  if (text === undefined || seen.has(text)) return;
  seen.add(text);
  const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-dialog-during-${phase}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  console.log(`  a modal dialog is open during phase ${phase}: "${text}" (${file})`);
}

async function waitForPhase(phase) {
  const until = Date.now() + PHASE_TIMEOUT_MS;
  let announced = false;
  const dialogs = new Set();
  let lastDialogCheck = 0;
  for (;;) {
    if (Date.now() - lastDialogCheck > 2000) {
      lastDialogCheck = Date.now();
      await reportModalDialog(phase, dialogs);
    }
    const phases = readPhases();
    const harnessError = phases.find((p) => p.phase === 'harness');
    if (harnessError) throw new Error(`the test harness failed: ${harnessError.error?.stack ?? harnessError.error?.message}`);
    const p = phases.find((x) => x.phase === phase);
    if (p?.planned) plannedByPhase.set(phase, p.planned);
    if (p?.state === 'running' && !announced) {
      console.log(`  phase ${phase} running in extension host pid ${p.pid}`);
      announced = true;
    }
    if (p?.state === 'done') {
      if (p.error) results.push({ group: `extension host (${phase})`, title: 'load the suites', state: 'failed', error: p.error });
      for (const t of p.tests) results.push({ group: `extension host (${phase})`, ...t });
      if (!p.error && p.tests.length === 0) {
        results.push({ group: `extension host (${phase})`, title: 'run any test', state: 'failed', error: { message: 'the phase ran no test' } });
      }
      printTests(`extension host, phase ${phase}`, results.filter((r) => r.group === `extension host (${phase})`), p.durationMs);
      return;
    }
    if (Date.now() > until) {
      throw new Error(
        p
          ? `phase ${phase} started but did not finish within ${PHASE_TIMEOUT_MS / 1000} s`
          : `the test harness never started phase ${phase} within ${PHASE_TIMEOUT_MS / 1000} s (did the extension host start?)`,
      );
    }
    const exited = server && (await Promise.race([server.exited, new Promise((r) => setTimeout(() => r(undefined), 250))]));
    if (exited) throw new Error(`code-server exited (${exited.signal ?? exited.code}) while phase ${phase} ran`);
  }
}

function printTests(title, tests, durationMs) {
  console.log(`\n  ${title}${durationMs !== undefined ? ` (${secs(durationMs)})` : ''}`);
  for (const t of tests) {
    if (t.state === 'passed') console.log(`    ✔ ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    else if (t.state === 'pending') console.log(`    - PENDING ${t.title}: ${t.reason ?? 'no reason given'}`);
    else {
      console.log(`    ✖ ${t.title}`);
      console.log(indent(t.error?.stack ?? t.error?.message ?? 'failed', 8));
    }
    for (const n of t.notes ?? []) console.log(`        note: ${n}`);
  }
}

function indent(text, n) {
  return String(text)
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');
}

async function loadE2eTests() {
  const dir = path.join(ROOT, 'test', 'e2e');
  const tests = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.e2e.ts')).sort()) {
    const mod = await import(pathToFileURL(path.join(dir, f)).href);
    for (const t of mod.tests ?? []) tests.push({ ...t, file: f });
  }
  if (tests.length === 0) throw new Error(`no browser tests found in ${dir}/*.e2e.ts`);
  const only = suiteFilter(SUITES);
  const chosen = tests.filter((t) => t.partOfReload || !only || only(t.file) || only(t.name));
  // Within a phase: the reload scenario's checks first (in file order), the rest shuffled with a seed.
  const order = [];
  for (const phase of ['beforeReload', 'afterReload']) {
    const mine = chosen.filter((t) => t.phase === phase);
    const rest = mine.filter((t) => !t.partOfReload);
    order.push(...mine.filter((t) => t.partOfReload), ...(SEED === undefined ? rest : shuffled(rest, SEED)));
  }
  e2ePlanned = order;
  return order;
}

let shot = 0;
let page;
let context;
/** Work the tests before the reload left for the moment between the two windows (E2eContext.betweenWindows). */
const betweenWindows = []; // { test, work }

/** A page on the workbench, its console and errors logged (a new one replaces a page a timed-out test held). */
async function newPage(url) {
  const p = await context.newPage();
  p.on('console', (m) => consoleLog.write(`[${new Date().toISOString()}] ${m.type()}: ${m.text()}\n`));
  p.on('pageerror', (e) => consoleLog.write(`[${new Date().toISOString()}] pageerror: ${e.stack ?? e.message}\n`));
  p.on('framenavigated', (f) => f === p.mainFrame() && consoleLog.write(`[${new Date().toISOString()}] navigated: ${f.url()}\n`));
  if (url) await openWorkbench(p, url);
  return p;
}

async function runE2e(tests, phase, fakeUrl, workbench) {
  const group = `browser (${phase})`;
  const mine = tests.filter((t) => t.phase === phase);
  if (mine.length === 0) return;
  const t0 = Date.now();
  for (const t of mine) {
    const start = Date.now();
    const slug = t.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60);
    const ctx = {
      page,
      fakeUrl,
      manifest: MANIFEST,
      userDataDir: profile.dataDir,
      codeServerLog: path.join(LOGS, 'code-server.log'),
      harnessControlFile: HARNESS_CONTROL,
      workspace: path.join(OUT, 'workspace'),
      betweenWindows: (work) => {
        if (phase !== 'beforeReload') throw new Error('betweenWindows() is for the tests before the reload');
        betweenWindows.push({ test: t.name, work });
      },
      screenshot: async (name) => {
        const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
        await ctx.page.screenshot({ path: file });
        return file;
      },
    };
    await resetWorkbench(page).catch((e) => console.log(`  before ${t.name}: the workbench was not reset: ${e.message}`));
    const running = Promise.resolve().then(() => t.run(ctx));
    try {
      const outcome = await withTimeout(running, E2E_TIMEOUT_MS, `${t.name} took over ${E2E_TIMEOUT_MS / 1000} s`);
      if (outcome && outcome.pending) results.push({ group, title: t.name, state: 'pending', reason: outcome.pending });
      else results.push({ group, title: t.name, state: 'passed', durationMs: Date.now() - start });
    } catch (e) {
      const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-FAILED-${slug}.png`);
      await page.screenshot({ path: file }).catch(() => {});
      results.push({ group, title: t.name, state: 'failed', durationMs: Date.now() - start, error: { message: e.message, stack: `${e.stack}\n(screenshot: ${file})` } });
      // A failed test's page goes, and a new one opens the workbench: whatever the test left half done in
      // it (a menu, a hover, a drag) cannot fail the tests after it. A test that timed out is stopped so
      // before the next starts: closing its page fails every action it still awaits.
      console.log(`  ${t.name}: ${e.timedOut ? 'timed out' : 'failed'}; its page is closed and a new one opens the workbench`);
      await page.close().catch(() => {});
      if (e.timedOut) await Promise.race([running.catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
      page = await newPage(workbench);
    }
  }
  printTests(`browser, ${phase}`, results.filter((r) => r.group === group), Date.now() - t0);
}

const HELLO_JS = "function greet(name) {\n  return `Hello, ${name}!`;\n}\n";

/**
 * Every browser test starts from the same workbench, whatever ran before it and however it ended: no
 * quick input or dialog open, no editor open (unsaved ones reverted by the harness, so no "Save changes?"
 * dialog), and hello.js as the runner made it. A test that fails midway can then not fail the next ones.
 */
async function resetWorkbench(p) {
  await p.keyboard.press('Escape');
  await p.keyboard.press('Escape');
  const until = Date.now() + 15_000;
  for (;;) {
    let control;
    try {
      control = JSON.parse(readFileSync(HARNESS_CONTROL, 'utf8'));
      const res = await fetch(`${control.url}/editors/reset`, { method: 'POST' });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`the harness answered ${res.status}: ${JSON.stringify(body)}`);
      if (body.open) throw new Error(`${body.open} editor(s) still open after the reset`);
      break;
    } catch (e) {
      // After a window reload the new extension host writes its endpoint anew.
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  writeFileSync(path.join(OUT, 'workspace', 'hello.js'), HELLO_JS);
}

/** A failure's first line, and for a browser action that timed out, what it was waiting for (CI shows only this summary). */
function failureLine(message = '') {
  const lines = message.split('\n');
  const waiting = lines.find((l) => /^\s*- waiting for /.test(l));
  return waiting ? `${lines[0]} (${waiting.trim().replace(/^- /, '')})` : lines[0];
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(message), { timedOut: true })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function printDiagnostics(reason) {
  const bar = (t) => console.log(`\n======== ${t} ========`);
  console.log(`\nIntegration tests failed: ${reason}`);
  if (server) {
    bar('code-server log (last 150 lines)');
    console.log(readTail(path.join(LOGS, 'code-server.log'), 150));
  }
  if (profile) {
    const logs = extensionHostLogs(profile);
    if (logs.length === 0) {
      bar('extension host log');
      console.log(`(no extension host log under ${path.join(profile.dataDir, 'logs')}: the extension host never started)`);
    }
    for (const f of logs) {
      bar(`extension host log: ${path.relative(profile.dataDir, f)} (last 120 lines)`);
      console.log(readTail(f, 120));
    }
  }
  if (consoleLog) {
    bar('browser console (last 150 lines, without the built-in agent host\'s sign-in chatter)');
    console.log(readTail(path.join(LOGS, 'browser-console.log'), 150, /\[AgentHost\] No signed-in session/));
  }
  bar('harness results');
  console.log(existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : `(no ${RESULTS}: the harness wrote nothing)`);
  console.log(`\nLogs: ${LOGS}\nScreenshots: ${SCREENSHOTS}`);
}

async function main() {
  if (SEED !== undefined) console.log(`shuffled with seed ${SEED} (replay: npm run test:integration -- --shuffle=${SEED})`);
  if (SUITES) console.log(`only the suites matching GROK_SUITES=${SUITES} (and the reload scenario)`);
  for (const p of [SCREENSHOTS, LOGS, RESULTS, SUMMARY, HARNESS_CONTROL, path.join(OUT, 'vscode-profile'), path.join(OUT, 'workspace')]) rmSync(p, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(LOGS, { recursive: true });

  const vsix = await step('package the extension (npm run package)', () => {
    runNode(['scripts/package.mjs']);
    return path.join(ROOT, `${MANIFEST.name}-${MANIFEST.version}.vsix`);
  });
  const suite = await step('compile the extension-host suites (test/vscode)', () => buildVscodeTests());
  const harnessVsix = await step('package the test harness (test/harness)', () => {
    const out = path.join(OUT, 'grok-test-harness.vsix');
    runNode([path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], {
      cwd: path.join(ROOT, 'test', 'harness'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return out;
  });
  const e2eTests = await loadE2eTests();
  const cs = await step('provision code-server and Chromium', () => provision({ browser: true, log: (s) => console.log(`  ${s}`) }));

  const [fakeUrl, badKeyUrl] = await step('start the fake xAI servers', () =>
    Promise.all([startFake('accepts-keys', []), startFake('invalid-key', ['--invalid-key'])]),
  );

  await step('fresh profile: install the VSIX and the harness', () => {
    profile = makeProfile(path.join(OUT, 'vscode-profile'));
    // The suites written for Chat Completions script that route and that model; the Responses suites switch to auto.
    // Auto save off: code-server saves after 1 s by default, which writes the browser tests' typing in the shared
    // hello.js to disk (File: Revert File can no longer undo it, and the next test in a shuffled order finds it)
    // and splits the editor suite's undo steps at random. The suites that test auto save turn it on themselves.
    writeUserSettings(profile, {
      'grok.baseUrl': fakeUrl,
      'grok.chat.api': 'chatCompletions',
      'grok.model': 'grok-4-1-fast-non-reasoning',
      'files.autoSave': 'off',
    });
    console.log(indent(installExtensions(cs, profile, [vsix, harnessVsix], NO_GALLERY), 2));
  });

  const workspace = path.join(OUT, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, 'hello.js'), HELLO_JS);

  server = await step('start code-server', async () => {
    const s = await startCodeServer(cs, profile, {
      folder: workspace,
      logFile: path.join(LOGS, 'code-server.log'),
      env: {
        ...NO_GALLERY,
        GROK_TEST_SUITE: suite,
        GROK_TEST_RESULTS: RESULTS,
        GROK_MOCHA_PATH: path.join(ROOT, 'node_modules', 'mocha'),
        GROK_HARNESS_CONTROL: HARNESS_CONTROL,
        GROK_FAKE_URL: fakeUrl,
        GROK_FAKE_BADKEY_URL: badKeyUrl,
        // The suites prove the key comes from SecretStorage: no fallback key may leak in.
        XAI_API_KEY: undefined,
        GROK_SHUFFLE_SEED: SEED === undefined ? undefined : String(SEED),
        GROK_SUITES: SUITES || undefined,
      },
    });
    cleanups.push(() => s.stop());
    console.log(`  ${s.url} (pid ${s.pid})`);
    return s;
  });

  const browser = await step('launch headless Chromium', () => launchBrowser());
  cleanups.push(() => browser.close());
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  consoleLog = createWriteStream(path.join(LOGS, 'browser-console.log'));
  // The workbench may only talk to this machine: anything else is refused here; all but VS Code's own
  // background requests fail the run (see the header).
  await context.route(
    (url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && /^(https?|wss?):$/.test(url.protocol),
    (route) => {
      const url = route.request().url();
      const background = VSCODE_BACKGROUND_HOSTS.some((h) => h.test(new URL(url).hostname));
      consoleLog.write(`[${new Date().toISOString()}] blocked a request to ${url}${background ? ' (VS Code background host)' : ''}\n`);
      if (!background) outboundFromPage.push({ url, at: new Date().toISOString() });
      return route.abort('blockedbyclient');
    },
  );
  const workbench = workbenchUrl(server.url, workspace);
  page = await newPage();

  await step('open the workbench', async () => {
    await openWorkbench(page, workbench);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-workbench.png`) });
  });
  await step('extension-host suites, phase main', () => waitForPhase('main'));
  if (e2eTests.some((t) => t.phase === 'beforeReload')) {
    await step('browser suites before the reload', () => runE2e(e2eTests, 'beforeReload', fakeUrl, workbench));
  }
  await step('reload the window from the palette (Developer: Reload Window)', async () => {
    const hostsBefore = extensionHostStates();
    const loaded = page.waitForEvent('load', { timeout: 30_000 });
    await runFromPalette(page, 'Developer: Reload Window');
    const between = betweenWindows.length ? runBetweenWindows(hostsBefore) : undefined;
    between?.catch(() => {}); // awaited below, once the page has loaded
    await loaded;
    await between;
    await waitForWorkbench(page);
  });
  await step('extension-host suites, phase afterReload', () => waitForPhase('afterReload'));
  await step('browser suites after the reload', () => runE2e(e2eTests, 'afterReload', fakeUrl, workbench));
}

/** Each extension host this profile started, by its remoteexthost.log (the only log /$^/ selects): whether it has exited. */
function extensionHostStates() {
  return extensionHostLogs(profile, /$^/)
    .map((f) => {
      const log = readFileSync(f, 'utf8');
      return { log: f, started: /Extension host with pid \d+ started/.test(log), exited: /Extension host with pid \d+ exiting/.test(log) };
    })
    .filter((h) => h.started);
}

/**
 * Runs the tests' betweenWindows work once the extension host of the window before the reload has
 * exited (its deactivation done) and before the next window's has started: a file put in place then is
 * first read by the new window, as at a start of VS Code (the old window, left running, may read the
 * history folder in the background at any moment). The new window's host starts seconds after the old
 * one exits (its page loads and boots the workbench first); if it has started anyway, this fails.
 */
async function runBetweenWindows(hostsBefore) {
  const until = Date.now() + 20_000;
  for (;;) {
    const now = extensionHostStates();
    const old = now.filter((h) => hostsBefore.some((b) => b.log === h.log));
    if (old.every((h) => h.exited)) {
      const fresh = now.filter((h) => !hostsBefore.some((b) => b.log === h.log));
      if (fresh.length) throw new Error(`the new window's extension host started before the work between the windows was done (${fresh.map((h) => h.log).join(', ')})`);
      break;
    }
    if (Date.now() > until) throw new Error(`the extension host before the reload did not exit within 20 s (${old.filter((h) => !h.exited).map((h) => h.log).join(', ')})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const { test, work } of betweenWindows.splice(0)) {
    try {
      await work();
    } catch (e) {
      throw new Error(`the work "${test}" left for between the windows failed: ${e.message}`);
    }
  }
}

/**
 * What the tests themselves cannot see, added to the results once everything has stopped: tests never
 * reached, requests that tried to leave the machine, and unhandled errors of the extension in the
 * extension host log.
 */
function addRunChecks() {
  const seen = new Set(results.map((r) => `${r.group}\u0000${r.title}`));
  const harness = (() => {
    try {
      return JSON.parse(readFileSync(RESULTS, 'utf8'));
    } catch {
      return { phases: [] };
    }
  })();
  for (const phase of ['main', 'afterReload']) {
    const group = `extension host (${phase})`;
    const planned = harness.phases.find((p) => p.phase === phase)?.planned ?? plannedByPhase.get(phase);
    const done = harness.phases.find((p) => p.phase === phase && p.state === 'done');
    if (done && results.some((r) => r.group === group)) continue;
    if (!planned) {
      results.push({ group, title: `the ${phase} phase`, state: 'failed', error: { message: 'never reached: the run stopped before this phase loaded its suites' } });
      continue;
    }
    for (const title of planned) {
      if (!seen.has(`${group}\u0000${title}`)) results.push({ group, title, state: 'failed', error: { message: 'never reached: the run stopped before it' } });
    }
  }
  for (const t of e2ePlanned) {
    const group = `browser (${t.phase})`;
    if (!seen.has(`${group}\u0000${t.name}`)) results.push({ group, title: t.name, state: 'failed', error: { message: 'never reached: the run stopped before it' } });
  }
  for (const o of harness.outbound ?? []) {
    results.push({ group: 'the machine', title: `the extension host tried to reach ${o.url}`, state: 'failed', error: { message: `a fetch to ${o.url} (refused)`, stack: o.stack } });
  }
  for (const o of outboundFromPage) {
    results.push({ group: 'the machine', title: `the workbench page tried to reach ${o.url}`, state: 'failed', error: { message: `a request to ${o.url} (refused)` } });
  }
  if (profile) {
    for (const e of extensionErrors(profile)) {
      results.push({ group: 'extension host log', title: `an unhandled error in ${e.file}`, state: 'failed', error: { message: e.text.split('\n')[0], stack: e.text } });
    }
  }
}

/**
 * Errors the extension host logged that belong to Grok: a `[error]` entry (with its stack lines) that
 * names the extension's install folder or id, and every "rejected promise not handled". VS Code's own
 * shutdown noise ("InstantiationService has been disposed") names neither.
 */
function extensionErrors(prof) {
  const found = [];
  const id = `${MANIFEST.publisher}.${MANIFEST.name}`.toLowerCase();
  for (const file of extensionHostLogs(prof, /$^/)) {
    const entries = readFileSync(file, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
    for (const entry of entries) {
      if (!/\[error\]/.test(entry.split('\n')[0])) continue;
      if (/rejected promise not handled/i.test(entry) || entry.toLowerCase().includes(id)) {
        found.push({ file: path.relative(prof.dataDir, file), text: entry.slice(0, 4000) });
      }
    }
  }
  return found;
}

function summarize(fatal) {
  const count = (s) => results.filter((r) => r.state === s).length;
  const summary = {
    passed: count('passed'),
    failed: count('failed') + (fatal ? 1 : 0),
    skipped: count('pending'),
    durationMs: Date.now() - started,
    timings,
    fatal: fatal?.message,
    seed: SEED,
    suites: SUITES || undefined,
  };
  writeFileSync(SUMMARY, JSON.stringify(summary, null, 2));
  console.log('\n  integration timings');
  for (const [name, ms] of timings) console.log(`    ${secs(ms).padStart(7)}  ${name}`);
  console.log(`    ${secs(summary.durationMs).padStart(7)}  total`);
  const pending = results.filter((r) => r.state === 'pending');
  for (const p of pending) console.log(`  PENDING: ${p.group} › ${p.title}: ${p.reason}`);
  const failed = results.filter((r) => r.state === 'failed');
  for (const f of failed) console.log(`  FAILED: ${f.group} › ${f.title}: ${failureLine(f.error?.message)}`);
  if (fatal) console.log(`  FAILED: the run stopped: ${fatal.message.split('\n')[0]}`);
  console.log(`\nintegration: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  if (SEED !== undefined) console.log(`shuffle seed ${SEED} (replay: npm run test:integration -- --shuffle=${SEED})`);
  if (SUITES) console.log(`a subset (GROK_SUITES=${SUITES}): not a full run`);
  return summary;
}

let fatal;
try {
  await main();
} catch (e) {
  fatal = e;
  console.error(`\n✖ ${e.stack ?? e.message}`);
}
// Stop everything first, so that every log is complete on disk before it is printed.
for (const c of cleanups.reverse()) {
  try {
    await c();
  } catch {
    /* best effort */
  }
}
await new Promise((resolve) => (consoleLog ? consoleLog.end(resolve) : resolve()));
addRunChecks();
const summary = summarize(fatal);
if (summary.failed > 0) printDiagnostics(fatal ? fatal.message.split('\n')[0] : `${summary.failed} test(s) failed`);
// A pending test proves nothing: it fails the run too, so that nothing is skipped silently.
if (summary.skipped > 0) console.log(`\n✖ ${summary.skipped} test(s) pending: the run fails until they run`);
// A run that counted nothing proves nothing.
if (summary.passed === 0 && summary.failed === 0) console.log('\n✖ the run counted no tests');
process.exit(summary.failed > 0 || summary.skipped > 0 || summary.passed === 0 ? 1 : 0);
