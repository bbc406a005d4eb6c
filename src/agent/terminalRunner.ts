// run_command in a terminal named "Grok" the user can watch: the command goes through VS Code's shell
// integration, which reports its output and exit code. Where shell integration does not come up (a shell
// without it, a remote that blocks it), the command runs as a child process instead and the log says so.
// The terminal is shown without taking focus. Stop and the timeout send Ctrl+C, then close the terminal
// (which ends its processes) if the command does not end.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { commandTimeout, type CommandOutcome, type CommandRunner, type RunOptions } from './processRunner';
import { OutputCollector } from './outputCap';

const INTEGRATION_WAIT_MS = 8000;
/** After this long without the shell reporting the command's start, the log says so (the cause of a hang). */
const START_REPORT_MS = 5000;
const INTERRUPT_GRACE_MS = 1500;
/**
 * A command is typed this long after the shell's last report (its ready prompt, the end of the command
 * before, or a resize of the terminal): executeCommand types Ctrl+C first when the prompt it sees still
 * holds text, and while the prompt is being drawn or redrawn it may see text there. Bash then reports the
 * command as a run named "^C" whose end never comes.
 */
const PROMPT_SETTLE_MS = 800;
/** A command is typed this long after the terminal is shown (showing it may resize it: see above). */
const SHOW_SETTLE_MS = 400;
/**
 * A new Grok terminal first runs `true` and waits this long for the shell to report its end. Under load a
 * command typed while bash still draws its first prompt ran without being reported (its card then said
 * Running until the timeout): only a terminal whose shell reported the test command is trusted.
 */
const PROBE_WAIT_MS = 5000;

export class TerminalRunner implements CommandRunner, vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private busy = false;
  /** When the shell last reported: the terminal became ready, or a command ended. */
  private settledAt = 0;
  /** A Grok terminal whose shell did not report the test command: commands run as child processes. */
  private unreported: vscode.Terminal | undefined;
  /** Which path the last command took (for the log and tests). */
  lastPath: 'terminal' | 'childProcess' | undefined;

  constructor(
    private readonly fallback: CommandRunner,
    private readonly log: (line: string) => void,
  ) {}

  async run(command: string, cwd: string, options: RunOptions): Promise<CommandOutcome> {
    // An interactive shell runs (and reports) each line of a multi-line command as a run of its own, so
    // the first line's end would look like the command's: such a command runs whole as a child process.
    if (/[\r\n]/.test(command.trim())) {
      this.log('run_command: a command of several lines runs as a child process');
      this.lastPath = 'childProcess';
      return this.fallback.run(command, cwd, options);
    }
    const terminal = this.busy ? undefined : await this.terminalIn(cwd);
    const integration = terminal?.shellIntegration;
    if (!terminal || !integration || terminal === this.unreported) {
      const why = this.busy ? 'the Grok terminal is busy' : !integration ? 'no shell integration in the Grok terminal' : 'the Grok terminal did not report its test command';
      this.log(`run_command: ${why}; running as a child process`);
      this.lastPath = 'childProcess';
      return this.fallback.run(command, cwd, options);
    }
    this.lastPath = 'terminal';
    this.busy = true;
    try {
      // Showing a hidden panel resizes the terminal, and bash redraws its prompt: the command waits for that.
      terminal.show(true);
      await Promise.all([this.promptSettled(), sleep(SHOW_SETTLE_MS)]);
      return await this.execute(terminal, integration, command, options);
    } finally {
      this.settledAt = Date.now();
      this.busy = false;
    }
  }

  private async execute(terminal: vscode.Terminal, integration: vscode.TerminalShellIntegration, command: string, options: RunOptions): Promise<CommandOutcome> {
    const started = Date.now();
    const collector = new OutputCollector(options.maxChars);
    let timedOut = false;
    let stopped = false;
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
    const execution = integration.executeCommand(command);
    // VS Code hands back our execution only when the shell reports the command line as sent; otherwise
    // the run arrives as an execution of its own in this terminal (once, under load, one named "^C":
    // executeCommand types Ctrl+C first when it thinks the prompt holds text). The Grok terminal runs one
    // command at a time, so every run that starts there from now on is ours: its output is read, and the
    // end of any of them ends the command. Each start and end that is not the expected one is logged.
    const runs = new Set<vscode.TerminalShellExecution>([execution]);
    const readings: Promise<void>[] = [read(execution)];
    let reported = false;
    const startListener = vscode.window.onDidStartTerminalShellExecution((e) => {
      if (e.terminal !== terminal) return;
      reported = true;
      if (runs.has(e.execution)) return;
      this.log(`run_command: the shell reported a run as ${JSON.stringify(e.execution.commandLine.value)}; following it`);
      runs.add(e.execution);
      readings.push(read(e.execution));
    });
    let endListener: vscode.Disposable | undefined;
    const ended = new Promise<number | undefined>((resolve) => {
      endListener = vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.terminal !== terminal) return;
        if (!runs.has(e.execution)) {
          // An end without a start we saw: the shell reported the run under another name.
          if (!reported) return;
          this.log(`run_command: the shell ended a run it reported as ${JSON.stringify(e.execution.commandLine.value)}; taking it as the command's end`);
        }
        resolve(e.exitCode);
      });
    });
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
      if (!reported) this.log(`run_command: the shell has not reported the command starting after ${START_REPORT_MS / 1000} s; waiting for its end or the timeout`);
    }, START_REPORT_MS);
    let over = false;
    void Promise.race([ended, closed]).then(() => (over = true));
    const timer = commandTimeout(() => {
      if (over) return;
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
    // Shown at once, so that the resize of a panel opening for it comes before the first prompt.
    terminal.show(true);
    // Shell integration is announced while bash is still reading its start-up script; a command typed
    // then may run before the script has set up the reports of its start and end. The first prompt
    // reports the working directory: from then on the shell is ready.
    const ready = () => terminal.shellIntegration?.cwd !== undefined;
    this.settledAt = Date.now();
    if (ready()) return terminal;
    await new Promise<void>((resolve) => {
      const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
        if (e.terminal === terminal && ready()) done();
      });
      const done = () => {
        sub.dispose();
        clearTimeout(timer);
        this.settledAt = Date.now();
        resolve();
      };
      const timer = setTimeout(done, INTEGRATION_WAIT_MS);
    });
    if (terminal.shellIntegration && !(await this.probe(terminal))) {
      this.log(`run_command: the new Grok terminal did not report the end of \`true\` within ${PROBE_WAIT_MS / 1000} s`);
      this.unreported = terminal;
    }
    return terminal;
  }

  /** Waits until PROMPT_SETTLE_MS have passed since the shell's last report. */
  private async promptSettled(): Promise<void> {
    const wait = this.settledAt + PROMPT_SETTLE_MS - Date.now();
    if (wait > 0) await sleep(wait);
  }

  /** Runs `true` in a new terminal: whether its shell reports a command's end (any run's, under any name). */
  private async probe(terminal: vscode.Terminal): Promise<boolean> {
    await this.promptSettled();
    return new Promise<boolean>((resolve) => {
      const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
        if (e.terminal === terminal) done(true);
      });
      const timer = setTimeout(() => done(false), PROBE_WAIT_MS);
      const done = (reported: boolean) => {
        sub.dispose();
        clearTimeout(timer);
        this.settledAt = Date.now();
        resolve(reported);
      };
      terminal.shellIntegration?.executeCommand('true');
    });
  }

  dispose(): void {
    this.terminal?.dispose();
    this.terminal = undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
