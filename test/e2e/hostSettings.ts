// Settings for a browser suite, changed through the VS Code API by the test harness extension
// (test/harness/extension.js, startControl): code-server's workbench did not pick up a change written
// into the user settings file during a run, while an update through the API goes through the
// workbench's configuration service, as the Settings editor's does. Not a suite itself (no .e2e.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { E2eContext } from './e2eTest';

interface ControlFile {
  url: string;
  pid: number;
}

/** The harness's control endpoint, as the extension host running now wrote it. */
export function harnessControl(file: string): ControlFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ControlFile;
  } catch {
    return undefined;
  }
}

/**
 * Sets user settings (null removes one) and resolves once VS Code applied them, with a function that
 * puts back what was there before. Retries for a few seconds: after a window reload the new extension
 * host writes its endpoint anew.
 */
export async function setUserSettings(ctx: Pick<E2eContext, 'harnessControlFile'>, settings: Record<string, unknown>): Promise<() => Promise<void>> {
  const until = Date.now() + 15_000;
  let lastError: string;
  for (;;) {
    const control = harnessControl(ctx.harnessControlFile);
    if (control) {
      try {
        const res = await fetch(`${control.url}/settings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ settings }) });
        const body = (await res.json()) as { previous?: Record<string, unknown>; error?: unknown };
        assert.equal(res.status, 200, `the harness could not change ${Object.keys(settings).join(', ')}: ${JSON.stringify(body.error)}`);
        const previous = body.previous ?? {};
        return async () => {
          await setUserSettings(ctx, previous);
        };
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        lastError = (e as Error).message;
      }
    } else {
      lastError = `no ${ctx.harnessControlFile}`;
    }
    if (Date.now() > until) throw new Error(`the test harness's settings endpoint did not answer: ${lastError}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until an extension host other than `pid` has written its endpoint (after a window reload). */
export async function waitForNewHarness(ctx: Pick<E2eContext, 'harnessControlFile'>, pid: number | undefined, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const now = harnessControl(ctx.harnessControlFile);
    if (now && now.pid !== pid) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no new extension host wrote ${ctx.harnessControlFile} within ${timeoutMs / 1000} s`);
}
