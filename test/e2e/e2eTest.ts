// The shape of a browser test that scripts/integration.mjs runs against the live workbench.
import type { Page } from 'playwright-core';

export interface E2eContext {
  page: Page;
  /** Saves test-output/screenshots/<n>-<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** The fake xAI server's /v1 base URL (every key accepted). */
  fakeUrl: string;
  /** The repository's package.json. */
  manifest: { name: string; publisher: string; contributes: { commands: { command: string; title: string; category?: string }[] } };
  /** code-server's --user-data-dir for this run (User/settings.json, User/globalStorage/<extension id>/). */
  userDataDir: string;
  /** code-server's log (it names each extension host it starts, with its pid). */
  codeServerLog: string;
  /** Where the test harness writes the URL that changes settings through the VS Code API (hostSettings.ts). */
  harnessControlFile: string;
  /** The folder the workbench has open (hello.js; a test that adds files removes them). */
  workspace: string;
  /**
   * Before the reload only: `work` runs during the window reload, after the old window's extension host
   * has exited and before the new one's starts, so that what it writes is read first by the new window.
   */
  betweenWindows(work: () => void | Promise<void>): void;
}

export interface E2eTest {
  name: string;
  /** beforeReload: right after the extension-host main phase; afterReload: after the reload phase. */
  phase: 'beforeReload' | 'afterReload';
  /**
   * A check of what the window reload kept: runs first in its phase, in file order, never shuffled (the
   * reload scenario spans the phases). Every other test sets up the key, conversation and settings it
   * needs, leaves none behind, and runs in any order.
   */
  partOfReload?: true;
  run(ctx: E2eContext): Promise<void | { pending: string }>;
}
