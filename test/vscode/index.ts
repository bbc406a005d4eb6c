// The mocha entry for the suites that run inside a real extension host. Two runners load it:
//  - the test-harness extension in code-server (scripts/integration.mjs): runPhase(phase), once per
//    phase; the afterReload phase runs in the extension host that starts after the runner reloads the
//    window from the browser, and proves that what main stored survived;
//  - @vscode/test-electron (scripts/test-desktop.mjs): run(), the main phase, since a reload would
//    end that runner's own session.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type Mocha from 'mocha';

export const PHASES = ['main', 'afterReload'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Which compiled suites run in which phase, and in what order. Every `*.test.js` here runs: files named
 * `*.after.test.*` in the afterReload phase, the others in main. FIRST and LAST pin the suites whose
 * order matters; the rest run between them, sorted by name. The main phase ends by storing a key
 * (reload.before); the afterReload phase first checks that key survived (reload.after) and ends by
 * removing it (clearKey.after), so that the browser suites after it start without a key.
 */
const FIRST: Record<Phase, string[]> = {
  main: ['activation.test.js', 'ask.test.js', 'apiKey.test.js', 'connection.test.js'],
  afterReload: ['reload.after.test.js'],
};
const LAST: Record<Phase, string[]> = {
  main: ['reload.before.test.js'],
  afterReload: ['clearKey.after.test.js'],
};

export function suitesOf(phase: Phase): string[] {
  const isAfter = (f: string) => f.endsWith('.after.test.js');
  const here = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (phase === 'afterReload') === isAfter(f));
  const pinned = [...FIRST[phase], ...LAST[phase]];
  const missing = pinned.filter((f) => !here.includes(f));
  if (missing.length) throw new Error(`suites missing from ${__dirname}: ${missing.join(', ')}`);
  const rest = here.filter((f) => !pinned.includes(f)).sort();
  return [...FIRST[phase], ...rest, ...LAST[phase]];
}

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
  /** Why a pending test did not run. */
  reason?: string;
}

export interface PhaseOutcome {
  tests: TestOutcome[];
  passed: number;
  failed: number;
  pending: number;
  durationMs: number;
}

type MochaConstructor = typeof Mocha;

/** mocha from the repository: GROK_MOCHA_PATH names its folder (the extension host's own module
 * resolution starts from the installed harness, far from this repository's node_modules). */
function loadMocha(): MochaConstructor {
  const where = process.env.GROK_MOCHA_PATH ?? 'mocha';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(where) as MochaConstructor & { default?: MochaConstructor };
  return mod.default ?? mod;
}

export async function runPhase(phase: Phase, options: { timeoutMs?: number } = {}): Promise<PhaseOutcome> {
  const MochaClass = loadMocha();
  const mocha = new MochaClass({ ui: 'bdd', color: false, timeout: options.timeoutMs ?? 30_000, reporter: 'spec' });
  for (const file of suitesOf(phase)) mocha.addFile(path.join(__dirname, file));

  const tests: TestOutcome[] = [];
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) =>
      tests.push({ title: t.fullTitle(), state: 'pending', reason: (t as Mocha.Test & { pendingReason?: string }).pendingReason }),
    );
    runner.on('fail', (t, err: Error) =>
      tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: { message: err.message, stack: err.stack } }),
    );
  });
  const count = (s: TestOutcome['state']) => tests.filter((t) => t.state === s).length;
  return { tests, passed: count('passed'), failed: count('failed'), pending: count('pending'), durationMs: Date.now() - started };
}

/** @vscode/test-electron's entry: the main phase, rejecting when anything failed. */
export async function run(): Promise<void> {
  const outcome = await runPhase('main');
  for (const t of outcome.tests.filter((x) => x.state === 'pending')) console.log(`PENDING: ${t.title}: ${t.reason ?? ''}`);
  console.log(`not run here: the afterReload suites (${suitesOf('afterReload').join(', ')}); they need a window reload, which npm test does in code-server.`);
  if (outcome.failed > 0 || outcome.tests.length === 0) {
    throw new Error(`${outcome.failed} of ${outcome.tests.length} extension-host tests failed`);
  }
}
