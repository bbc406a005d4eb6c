// npm test: every tier in order, the time each took, and one closing line with the totals.
//
//   node scripts/test.mjs                      all tiers
//   node scripts/test.mjs unit integration     only these, in the order of TIERS
//   node scripts/test.mjs --shuffle[=seed] …   test files and suites in a seeded random order (the seed
//                                              is printed; give it back to replay). CI=true always shuffles.
//
// A tier that fails does not stop the next one (the report is more useful whole); the exit code is
// non-zero when any failed. No tier passes by accident: one that finds no tests, counts none, or
// reports a skipped or todo test fails.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUMMARY = path.join(ROOT, 'test-output', 'integration-summary.json');

/** --shuffle[=seed], or CI=true: a seed for every tier's order; undefined keeps the sorted order. */
function shuffleSeed(args, env) {
  const arg = args.find((a) => a === '--shuffle' || a.startsWith('--shuffle='));
  if (arg?.includes('=')) return Number(arg.slice('--shuffle='.length));
  if (arg || env.CI === 'true') return Math.floor(Math.random() * 2 ** 31);
  return undefined;
}

/** The same seeded Fisher–Yates as test/shuffle.ts (this script runs without tsx). */
function shuffledFiles(files, seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...files];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

let SEED;

/** The test files under a folder, recursively (Node 20's --test does not expand globs itself). */
function testFiles(dir, suffix = '.test.ts') {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix) && !f.split(path.sep).includes('node_modules'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** node's test runner over a folder of *.test.ts files, through tsx. */
function nodeTestTier(name, dir, what, before) {
  return {
    name,
    what,
    before,
    command() {
      const sorted = testFiles(dir);
      if (sorted.length === 0) return { none: `no ${dir}/**/*.test.ts files` };
      const files = SEED === undefined ? sorted : shuffledFiles(sorted, SEED);
      return { args: ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], counts: nodeTestCounts, failures: nodeTestFailures };
    },
  };
}

const TIERS = [
  nodeTestTier('unit', 'test/unit', 'no VS Code: the client against the fake server, errors, history, protocol'),
  // The chat page in real Chromium with a stubbed acquireVsCodeApi (test/webview). Chromium comes from
  // Debian: installed here first when missing, so that the tier never skips for want of it.
  nodeTestTier('webview', 'test/webview', 'the chat page in real Chromium', async () => {
    const { ensureChromium } = await import('./provision.mjs');
    await ensureChromium();
  }),
  {
    name: 'integration',
    what: 'the VSIX in a real VS Code (code-server), extension-host suites and Playwright',
    command() {
      // A summary left by an earlier run must never be read as this run's.
      rmSync(SUMMARY, { force: true });
      const shuffle = SEED === undefined ? [] : [`--shuffle=${SEED}`];
      return { args: ['--import', 'tsx', 'scripts/integration.mjs', ...shuffle], counts: integrationCounts };
    },
  },
];

/** The closing lines of node's spec reporter: "ℹ pass 12", "ℹ fail 0", … */
function nodeTestCounts(output) {
  const get = (key) => {
    // The last such line: the summary comes at the very end.
    const all = [...output.matchAll(new RegExp(`^\\S* ?${key} (\\d+)\\s*$`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  const pass = get('pass');
  const fail = get('fail');
  if (pass === undefined || fail === undefined) return undefined;
  return { passed: pass, failed: fail + (get('cancelled') ?? 0), skipped: (get('skipped') ?? 0) + (get('todo') ?? 0) };
}

/**
 * The failed tests named in the spec reporter's closing "✖ failing tests:" section, each with where it is
 * and its error's first line, for the closing summary: CI may keep only the end of a long log.
 */
function nodeTestFailures(output) {
  const section = output.lastIndexOf('\n✖ failing tests:');
  if (section < 0) return [];
  const found = [];
  const re = /^test at (.+)\n✖ (.+?) \([\d.]+m?s\)\n(?:\s*\n)*\s*(.*)$/gm;
  for (const m of output.slice(section).matchAll(re)) found.push(`${m[2]} (${m[1]}): ${m[3].trim()}`);
  return found;
}

function integrationCounts() {
  try {
    const s = JSON.parse(readFileSync(SUMMARY, 'utf8'));
    return { passed: s.passed, failed: s.failed, skipped: s.skipped };
  } catch {
    return undefined;
  }
}

function runNode(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    child.on('error', (e) => resolve({ code: 1, output: String(e) }));
  });
}

function secs(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

async function main() {
  const args = process.argv.slice(2);
  SEED = shuffleSeed(args, process.env);
  if (SEED !== undefined && !Number.isInteger(SEED)) {
    console.error(`--shuffle takes an integer seed, got ${args.join(' ')}`);
    process.exit(2);
  }
  if (SEED !== undefined) console.log(`shuffle seed ${SEED} (replay: node scripts/test.mjs --shuffle=${SEED} …)`);
  const wanted = args.filter((a) => !a.startsWith('--shuffle'));
  const unknown = wanted.filter((w) => !TIERS.some((t) => t.name === w));
  if (unknown.length) {
    console.error(`unknown tier(s) ${unknown.join(', ')}; tiers: ${TIERS.map((t) => t.name).join(', ')}`);
    process.exit(2);
  }
  const tiers = TIERS.filter((t) => wanted.length === 0 || wanted.includes(t.name));
  const started = Date.now();
  const rows = [];

  for (const tier of tiers) {
    const t0 = Date.now();
    console.log(`\n════════ ${tier.name} tier: ${tier.what} ════════\n`);
    let row;
    try {
      await tier.before?.();
      const cmd = tier.command();
      if (cmd.none) {
        console.log(`NO TESTS in the ${tier.name} tier: ${cmd.none}`);
        row = { status: 'FAILED', counts: { passed: 0, failed: 1, skipped: 0 } };
      } else {
        const { code, output } = await runNode(cmd.args);
        const counts = cmd.counts(output);
        const failures = cmd.failures?.(output) ?? [];
        // Skipped and todo tests prove nothing, and a tier that ran no test proved nothing either.
        const failed = code !== 0 || !counts || counts.failed > 0 || counts.skipped > 0 || counts.passed === 0;
        // A tier that died before counting still counts as one failure.
        row = { status: failed ? 'FAILED' : 'ok', counts: counts ?? { passed: 0, failed: 1, skipped: 0 }, code, failures };
        if (failed && counts && counts.failed === 0) row.counts = { ...counts, failed: 1 };
        if (counts?.skipped > 0) console.log(`\n✖ ${counts.skipped} skipped or todo test(s) in the ${tier.name} tier: the run fails until they run`);
        if (counts && counts.passed === 0) console.log(`\n✖ the ${tier.name} tier passed no test`);
      }
    } catch (e) {
      console.error(`\n${tier.name} tier could not run: ${e.stack ?? e.message}`);
      row = { status: 'FAILED', counts: { passed: 0, failed: 1, skipped: 0 } };
    }
    row.name = tier.name;
    row.ms = Date.now() - t0;
    rows.push(row);
    console.log(`\n${tier.name} tier: ${row.status} in ${secs(row.ms)}`);
  }

  const total = rows.reduce((a, r) => ({ passed: a.passed + r.counts.passed, failed: a.failed + r.counts.failed, skipped: a.skipped + r.counts.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  console.log('\n════════ npm test: time per tier ════════');
  for (const r of rows) {
    const c = r.counts;
    console.log(`  ${r.name.padEnd(12)} ${secs(r.ms).padStart(7)}  ${r.status.padEnd(8)}  ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }
  // The integration tier lists its own failures just above; the node tiers' lists are far up the log.
  for (const r of rows) for (const f of r.failures ?? []) console.log(`  FAILED ${r.name}: ${f}`);
  console.log(`  ${'total'.padEnd(12)} ${secs(Date.now() - started).padStart(7)}`);
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  if (SEED !== undefined) console.log(`shuffle seed ${SEED}`);
  process.exit(rows.some((r) => r.status === 'FAILED') ? 1 : 0);
}

await main();
