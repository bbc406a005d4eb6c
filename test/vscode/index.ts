// The mocha entry for the suites that run inside a real extension host. Two runners load it:
//  - the test-harness extension in code-server (scripts/integration.mjs): runPhase(phase), once per
//    phase; the afterReload phase runs in the extension host that starts after the runner reloads the
//    window from the browser, and proves that what main stored survived;
//  - @vscode/test-electron (scripts/test-desktop.mjs): run(), the main phase, since a reload would
//    end that runner's own session.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type Mocha from 'mocha';
import * as vscode from 'vscode';
import { shuffled, suiteFilter } from '../shuffle';
import { closeAllEditors, note, withinMs } from './support';

export const PHASES = ['main', 'afterReload'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Which compiled suites run in which phase. Every `*.test.js` here runs: files named `*.after.test.*`
 * in the afterReload phase, the others in main. The suites do not depend on their order: each sets up
 * the key, conversation and settings it needs and leaves none behind; with a seed (npm test --shuffle,
 * and always in CI) their order is shuffled. Pinned are only the two halves of the reload scenario,
 * which spans the reload itself: reload.before ends main (stores a key and leaves a conversation with a
 * stopped answer open), reload.after and chatHistory.after start afterReload (the key and that
 * conversation survived the new extension host).
 */
const FIRST: Record<Phase, string[]> = {
  main: [],
  afterReload: ['reload.after.test.js', 'chatHistory.after.test.js'],
};
const LAST: Record<Phase, string[]> = {
  main: ['reload.before.test.js'],
  afterReload: [],
};

export interface PhaseOptions {
  timeoutMs?: number;
  /** Shuffles the unpinned suites (GROK_SHUFFLE_SEED in the harness). */
  seed?: number;
  /** Runs only the suites whose file name contains one of these (GROK_SUITES); the pinned ones always run. */
  only?: (file: string) => boolean;
  /** Called with every test title once the suites are loaded, before the first runs. */
  onPlanned?: (titles: string[]) => void;
}

export function suitesOf(phase: Phase, options: Pick<PhaseOptions, 'seed' | 'only'> = {}): string[] {
  const isAfter = (f: string) => f.endsWith('.after.test.js');
  const here = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (phase === 'afterReload') === isAfter(f));
  const pinned = [...FIRST[phase], ...LAST[phase]];
  const missing = pinned.filter((f) => !here.includes(f));
  if (missing.length) throw new Error(`suites missing from ${__dirname}: ${missing.join(', ')}`);
  let rest = here.filter((f) => !pinned.includes(f)).sort();
  if (options.only) rest = rest.filter(options.only);
  if (options.seed !== undefined) rest = shuffled(rest, options.seed);
  return [...FIRST[phase], ...rest, ...LAST[phase]];
}

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: { message: string; stack?: string };
  /** Why a pending test did not run. */
  reason?: string;
  /** What a harness accommodation did during the test (e.g. a key typed again). */
  notes?: string[];
}

export interface PhaseOutcome {
  tests: TestOutcome[];
  /** Every test the loaded suites hold, in running order. */
  planned: string[];
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

/** The runner's choices, passed through the environment of code-server (or of the desktop runner). */
function fromEnvironment(options: PhaseOptions): PhaseOptions {
  const seed = process.env.GROK_SHUFFLE_SEED;
  return {
    seed: seed !== undefined && seed !== '' ? Number(seed) : undefined,
    only: suiteFilter(process.env.GROK_SUITES),
    ...options,
  };
}

export async function runPhase(phase: Phase, given: PhaseOptions = {}): Promise<PhaseOutcome> {
  const options = fromEnvironment(given);
  const MochaClass = loadMocha();
  // forbidOnly: a forgotten `.only` must fail the run, not quietly run one test and pass.
  const mocha = new MochaClass({ ui: 'bdd', color: false, timeout: options.timeoutMs ?? 30_000, reporter: 'spec', forbidOnly: true });
  for (const file of suitesOf(phase, options)) mocha.addFile(path.join(__dirname, file));
  // Load now (and not again in run()) so that the plan is known before the first test starts: tests a
  // crash never reaches are then counted as failed by the runner, not forgotten.
  // Both are public in mocha 12 (lazyLoadFiles is missing from its types, loadFiles is marked protected).
  const loader = mocha as unknown as { loadFiles(): void; lazyLoadFiles(enable: boolean): void };
  loader.loadFiles();
  loader.lazyLoadFiles(true);
  const planned: string[] = [];
  const collect = (suite: Mocha.Suite): void => {
    for (const t of suite.tests) planned.push(t.fullTitle());
    suite.suites.forEach(collect);
  };
  collect(mocha.suite);
  options.onPlanned?.(planned);
  // A test that timed out is stopped before the next one starts: mocha only stops waiting for it, so
  // whatever it started in the extension (an answer, an insertion, an edit) is stopped here.
  // This hook must never fail itself: a failing root hook would make mocha skip every test after it. Each
  // step is bounded, and the editors are closed without a "Save changes?" dialog, which waits for ever.
  mocha.suite.afterEach(async function stopWhatATimedOutTestStarted() {
    const t = this.currentTest as (Mocha.Test & { timedOut?: boolean }) | undefined;
    if (!t?.timedOut) return;
    this.timeout(60_000);
    for (const command of ['grok.stop', 'grok.stopEditorRequest']) {
      await withinMs(5000, Promise.resolve(vscode.commands.executeCommand(command)), () => `${command} did not return`).catch((err) => note(String(err)));
    }
    await closeAllEditors().catch((err) => note(`after the timeout: ${String(err)}`));
  });

  const tests: TestOutcome[] = [];
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    // Notes a test left (support.ts note()) go with its outcome.
    const g = globalThis as { grokTestNotes?: string[] };
    const notes = () => {
      const taken = g.grokTestNotes ?? [];
      g.grokTestNotes = [];
      return taken.length ? { notes: taken } : {};
    };
    runner.on('test', () => (g.grokTestNotes = []));
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration, ...notes() }));
    runner.on('pending', (t) =>
      tests.push({ title: t.fullTitle(), state: 'pending', reason: (t as Mocha.Test & { pendingReason?: string }).pendingReason }),
    );
    runner.on('fail', (t, err: Error) =>
      tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: { message: err.message, stack: err.stack }, ...notes() }),
    );
  });
  // A test that a failed hook kept from running is a failure too, never a silent gap.
  const reported = new Set(tests.map((t) => t.title));
  for (const title of planned.filter((x) => !reported.has(x))) {
    tests.push({ title, state: 'failed', error: { message: 'never ran (a hook before it failed, or the run stopped)' } });
  }
  const count = (s: TestOutcome['state']) => tests.filter((t) => t.state === s).length;
  return { tests, planned, passed: count('passed'), failed: count('failed'), pending: count('pending'), durationMs: Date.now() - started };
}

/** @vscode/test-electron's entry: the main phase, rejecting when anything failed. */
export async function run(): Promise<void> {
  const outcome = await runPhase('main');
  if (outcome.pending > 0) console.log(`${outcome.pending} test(s) pending: the run fails until they run`);
  for (const t of outcome.tests.filter((x) => x.state === 'pending')) console.log(`PENDING: ${t.title}: ${t.reason ?? ''}`);
  console.log(`not run here: the afterReload suites (${suitesOf('afterReload').join(', ')}); they need a window reload, which npm test does in code-server.`);
  if (outcome.failed > 0 || outcome.pending > 0 || outcome.tests.length === 0) {
    throw new Error(`${outcome.failed} of ${outcome.tests.length} extension-host tests failed`);
  }
}
