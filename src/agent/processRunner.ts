// run_command's child-process path: the command runs in its own process group so Stop and the timeout
// kill the whole tree (a test runner's workers, a dev server's children), not just the shell. Output is
// collected within the cap as it arrives, so a huge output costs no memory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { OutputCollector } from './outputCap';

export interface CommandOutcome {
  /** null when killed. */
  exitCode: number | null;
  output: string;
  totalChars: number;
  timedOut: boolean;
  /** Stopped by the user (the signal). */
  stopped: boolean;
  /** The shell could not be started. */
  error?: string;
  durationMs: number;
}

export interface RunOptions {
  timeoutMs: number;
  signal: AbortSignal;
  maxChars: number;
  /** Each piece of output as it arrives (for a live card). */
  onOutput?: (chunk: string) => void;
}

export interface CommandRunner {
  run(command: string, cwd: string, options: RunOptions): Promise<CommandOutcome>;
}

const KILL_GRACE_MS = 1500;

export class ChildProcessRunner implements CommandRunner {
  run(command: string, cwd: string, options: RunOptions): Promise<CommandOutcome> {
    const started = Date.now();
    const collector = new OutputCollector(options.maxChars);
    const windows = process.platform === 'win32';
    const shell = windows ? (process.env.ComSpec ?? 'cmd.exe') : existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
    const args = windows ? ['/d', '/s', '/c', command] : ['-c', command];
    return new Promise((resolve) => {
      if (options.signal.aborted) {
        resolve({ exitCode: null, output: '', totalChars: 0, timedOut: false, stopped: true, durationMs: 0 });
        return;
      }
      const child = spawn(shell, args, {
        cwd,
        detached: !windows,
        windowsVerbatimArguments: windows,
        stdio: ['ignore', 'pipe', 'pipe'],
        // A pager would wait for a key that never comes.
        env: { ...process.env, PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' },
      });
      let timedOut = false;
      let stopped = false;
      let settled = false;
      const killTree = (sig: NodeJS.Signals) => killProcessTree(child.pid, sig, windows);
      const terminate = () => {
        killTree('SIGTERM');
        setTimeout(() => killTree('SIGKILL'), KILL_GRACE_MS).unref();
      };
      let exited = false;
      const timer = commandTimeout(() => {
        if (settled || exited) return;
        timedOut = true;
        terminate();
      }, options.timeoutMs);
      const onAbort = () => {
        stopped = true;
        terminate();
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        collector.push(text);
        options.onOutput?.(text);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      const finish = (exitCode: number | null, error?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal.removeEventListener('abort', onAbort);
        // Whatever the shell left running in the background goes with it.
        killTree('SIGKILL');
        resolve({ exitCode, output: collector.text(), totalChars: collector.totalChars, timedOut, stopped, error, durationMs: Date.now() - started });
      };
      child.on('error', (e) => finish(null, e.message));
      child.on('exit', (code) => {
        exited = true;
        // Background children may hold the pipes open: give them a moment, then end regardless.
        setTimeout(() => finish(timedOut || stopped ? null : code), 300).unref();
      });
      child.on('close', (code) => finish(timedOut || stopped ? null : code));
    });
  }
}

/**
 * A command's timeout. After the event loop was held up (a busy extension host), a due timer runs before
 * the I/O that waited meanwhile, so a command that ended in time would be reported as timed out: `onTimeout`
 * runs in the check phase, after that I/O (the child's exit, the terminal's end event), and checks for it.
 */
export function commandTimeout(onTimeout: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(() => setImmediate(onTimeout), ms);
}

function killProcessTree(pid: number | undefined, sig: NodeJS.Signals, windows: boolean): void {
  if (pid === undefined) return;
  try {
    if (windows) spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' }).on('error', () => undefined);
    else process.kill(-pid, sig);
  } catch {
    // already gone
  }
}
