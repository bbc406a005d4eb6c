// run_command in a terminal named "Grok" the user can watch: the command goes through VS Code's shell
// integration, which reports its output and exit code. Where shell integration does not come up (a shell
// without it, a remote that blocks it), the command runs as a child process instead and the log says so.
// The terminal is shown without taking focus. Stop and the timeout send Ctrl+C, then close the terminal
// (which ends its processes) if the command does not end.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CommandOutcome, CommandRunner, RunOptions } from './processRunner';
import { OutputCollector } from './outputCap';

const INTEGRATION_WAIT_MS = 8000;
/** After this long without the shell reporting the command's start, the log says so (the cause of a hang). */
const START_REPORT_MS = 5000;
const INTERRUPT_GRACE_MS = 1500;

export class TerminalRunner implements CommandRunner, vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private busy = false;
  /** Which path the last command took (for the log and tests). */
  lastPath: 'terminal' | 'childProcess' | undefined;

  constructor(
    private readonly fallback: CommandRunner,
    private readonly log: (line: string) => void,
  ) {}

  async run(command: string, cwd: string, options: RunOptions): Promise<CommandOutcome> {
    const terminal = this.busy ? undefined : await this.terminalIn(cwd);
    const integration = terminal?.shellIntegration;
    if (!terminal || !integration) {
      this.log(`run_command: ${this.busy ? 'the Grok terminal is busy' : 'no shell integration in the Grok terminal'}; running as a child process`);
      this.lastPath = 'childProcess';
      return this.fallback.run(command, cwd, options);
    }
    this.lastPath = 'terminal';
    this.busy = true;
    try {
      return await this.execute(terminal, command, options);
    } finally {
      this.busy = false;
    }
  }

  private async execute(terminal: vscode.Terminal, command: string, options: RunOptions): Promise<CommandOutcome> {
    const started = Date.now();
    const collector = new OutputCollector(options.maxChars);
    let timedOut = false;
    let stopped = false;
    terminal.show(true);
    const read = async (run: vscode.TerminalShellExecution) => {
      try {
        for await (const data of run.read()) {
          collector.push(data);
          options.onOutput?.(data);
        }
      } catch {
        // The stream ends with the terminal; what was read is kept.
      }
    };
    // The command is typed into the terminal and followed through the shell integration's start and end
    // events. Not executeCommand: it types Ctrl+C first whenever it thinks the prompt holds text, and
    // bash then reports a run named "^C" that never ends while the command runs on unreported (seen in
    // code-server under load). The Grok terminal runs one command at a time, so the run that starts
    // there after the command is typed is ours; should the shell report another one after it, the
    // newest is the one running.
    let run: vscode.TerminalShellExecution | undefined;
    const readings: Promise<void>[] = [];
    const startListener = vscode.window.onDidStartTerminalShellExecution((e) => {
      if (e.terminal !== terminal || e.execution === run) return;
      if (run) this.log(`run_command: the shell reported another run (${JSON.stringify(e.execution.commandLine.value)}) after ${JSON.stringify(run.commandLine.value)}; following it`);
      else if (e.execution.commandLine.value !== command) this.log(`run_command: the shell reported the command as ${JSON.stringify(e.execution.commandLine.value)}`);
      run = e.execution;
      readings.push(read(run));
    });
    let endListener: vscode.Disposable | undefined;
    const ended = new Promise<number | undefined>((resolve) => {
      endListener = vscode.window.onDidEndTerminalShellExecution((e) => {
        if (run !== undefined && e.execution === run) resolve(e.exitCode);
      });
    });
    terminal.sendText(command, true);
    const closed = new Promise<undefined>((resolve) => {
      const sub = vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) {
          sub.dispose();
          resolve(undefined);
        }
      });
    });
    const interrupt = async () => {
      terminal.sendText('\u0003', false);
      const done = await Promise.race([ended.then(() => true), sleep(INTERRUPT_GRACE_MS).then(() => false)]);
      if (!done) {
        // Closing the terminal ends the shell and the processes it started.
        this.log('run_command: the command ignored Ctrl+C; closing the Grok terminal');
        if (this.terminal === terminal) this.terminal = undefined;
        terminal.dispose();
      }
    };
    const startWatch = setTimeout(() => {
      if (!run) this.log(`run_command: the shell has not reported the command starting after ${START_REPORT_MS / 1000} s; waiting for its end or the timeout`);
    }, START_REPORT_MS);
    const timer = setTimeout(() => {
      timedOut = true;
      void interrupt();
    }, options.timeoutMs);
    const onAbort = () => {
      stopped = true;
      void interrupt();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const exitCode = await Promise.race([ended, closed]);
      await Promise.race([Promise.all(readings), sleep(500)]);
      const text = collector.text().replace(/\r\n?/g, '\n');
      return { exitCode: timedOut || stopped ? null : (exitCode ?? null), output: text, totalChars: collector.totalChars, timedOut, stopped, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
      clearTimeout(startWatch);
      options.signal.removeEventListener('abort', onAbort);
      endListener?.dispose();
      startListener.dispose();
    }
  }

  /** The Grok terminal in `cwd`, created (bash where there is one, for the splitter's shell rules) as needed. */
  private async terminalIn(cwd: string): Promise<vscode.Terminal | undefined> {
    const current = this.terminal;
    if (current && current.exitStatus === undefined && current.shellIntegration?.cwd?.fsPath === cwd) return current;
    current?.dispose();
    const shellPath = process.platform !== 'win32' && existsSync('/bin/bash') ? '/bin/bash' : undefined;
    const terminal = vscode.window.createTerminal({ name: 'Grok', cwd, shellPath, isTransient: true });
    this.terminal = terminal;
    // Shell integration is announced while bash is still reading its start-up script; a command typed
    // then may run before the script has set up the reports of its start and end. The first prompt
    // reports the working directory: from then on the shell is ready.
    const ready = () => terminal.shellIntegration?.cwd !== undefined;
    if (ready()) return terminal;
    await new Promise<void>((resolve) => {
      const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
        if (e.terminal === terminal && ready()) done();
      });
      const timer = setTimeout(done, INTEGRATION_WAIT_MS);
      function done() {
        sub.dispose();
        clearTimeout(timer);
        resolve();
      }
    });
    return terminal;
  }

  dispose(): void {
    this.terminal?.dispose();
    this.terminal = undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
