// npm test: every tier in order, the time each took, and one closing line with the totals.
//
//   node scripts/test.mjs                      all tiers
//   node scripts/test.mjs unit integration     only these, in the order of TIERS
//
// A tier that fails does not stop the next one (the report is more useful whole); the exit code is
// non-zero when any failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
      const files = testFiles(dir);
      if (files.length === 0) return { none: `no ${dir}/**/*.test.ts files` };
      return { args: ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], counts: nodeTestCounts };
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
      return { args: ['--import', 'tsx', 'scripts/integration.mjs'], counts: integrationCounts };
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

function integrationCounts() {
  try {
    const s = JSON.parse(readFileSync(path.join(ROOT, 'test-output', 'integration-summary.json'), 'utf8'));
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
  const wanted = process.argv.slice(2);
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
        row = { status: 'no tests', counts: { passed: 0, failed: 0, skipped: 0 } };
      } else {
        const { code, output } = await runNode(cmd.args);
        const counts = cmd.counts(output);
        const failed = code !== 0 || !counts || counts.failed > 0;
        // A tier that died before counting still counts as one failure.
        row = { status: failed ? 'FAILED' : 'ok', counts: counts ?? { passed: 0, failed: 1, skipped: 0 }, code };
        if (failed && counts && counts.failed === 0) row.counts = { ...counts, failed: 1 };
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
  console.log(`  ${'total'.padEnd(12)} ${secs(Date.now() - started).padStart(7)}`);
  console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(rows.some((r) => r.status === 'FAILED') ? 1 : 0);
}

await main();
