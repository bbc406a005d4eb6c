// What the chat calls to run an agent task in VS Code: it builds the tools' context (workspace folders,
// settings, WorkspaceEdit file access, the Problems list, VS Code's ripgrep, the Grok terminal, the task's
// checkpoint) and runs the loop. Also lists tasks and reverts one, after a reload too.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readAgentConfig } from '../platform/config';
import type { AgentOutcome } from './agentTypes';
import { runAgentLoop, type AgentLoopOptions } from './agentLoop';
import { CheckpointStore, type RevertReport, type TaskCheckpoint } from './checkpoints';
import { DEFAULT_OUTPUT_CAP } from './outputCap';
import type { WorkspaceFolderLike } from './paths';
import { ChildProcessRunner } from './processRunner';
import { agentInstructions, loadProjectRules, type ProjectRule } from './projectRules';
import { TerminalRunner } from './terminalRunner';
import { JsSearcher, locateRipgrep, RipgrepSearcher, type TextSearcher } from './textSearch';
import type { AgentSettings, ToolContext } from './tools/toolTypes';
import { VscodeWorkspace, vscodeDiagnostics } from './vscodeWorkspace';
import { ALL_TOOLS } from './tools/registry';
import { mcpTools } from './tools/mcpTools';

/** Everything of AgentLoopOptions the chat decides; the service supplies the rest. */
export type AgentTaskRequest = Omit<AgentLoopOptions, 'taskId' | 'ctx' | 'limits' | 'instructions'> & {
  /** What the user asked (the task list's label). */
  label: string;
  /** The task's id (its checkpoint's); a new one when absent. */
  taskId?: string;
  /** Rule names (ProjectRule.name) the user removed for this conversation. */
  removedRules?: readonly string[];
  /** The whole instructions, when the caller builds them (the chat does); else the agent's own with the project's rules. */
  instructions?: string;
};

export class AgentService implements vscode.Disposable {
  readonly checkpoints: CheckpointStore;
  private readonly terminal: TerminalRunner;
  private searcher: Promise<TextSearcher> | undefined;

  /** `storageDir`: the extension's storage folder (context.storageUri, or globalStorageUri without a workspace). */
  constructor(
    storageDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.checkpoints = new CheckpointStore(path.join(storageDir, 'agent-checkpoints'));
    this.terminal = new TerminalRunner(new ChildProcessRunner(), log);
  }

  static folders(): WorkspaceFolderLike[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath }));
  }

  /** The rules a new task would use, for the chips. */
  rules(): Promise<ProjectRule[]> {
    return loadProjectRules(AgentService.folders());
  }

  /** The agent's own instructions with the project's rules the user kept (AGENTS.md, .grok/rules/*.md). */
  async instructions(mode: 'ask' | 'agent', removedRules?: readonly string[]): Promise<string> {
    const rules = (await this.rules()).filter((r) => !removedRules?.includes(r.name));
    return agentInstructions(mode, rules);
  }

  /** The text a task's file had before the task first changed it: null when it did not exist, undefined when unknown. */
  async savedBefore(taskId: string, absolutePath: string): Promise<string | null | undefined> {
    return this.checkpoints.savedCopy(taskId, absolutePath);
  }

  /** A ToolContext for one task; exported for in-host tests of the tools. */
  async context(taskId: string, settings?: Partial<AgentSettings>): Promise<ToolContext> {
    const config = readAgentConfig();
    return {
      folders: AgentService.folders(),
      settings: {
        allowedCommands: config.allowedCommands,
        sensitiveFiles: config.sensitiveFiles,
        autoApproveEdits: config.autoApproveEdits,
        askBeforeReading: config.askBeforeReading,
        commandTimeoutSeconds: config.commandTimeoutSeconds,
        filesExclude: config.filesExclude,
        maxResultChars: DEFAULT_OUTPUT_CAP,
        ...settings,
      },
      workspace: new VscodeWorkspace(),
      diagnostics: vscodeDiagnostics,
      searcher: await this.textSearcher(),
      runner: this.terminal,
      beforeChange: (file) => this.checkpoints.recordBeforeChange(taskId, file),
      log: this.log,
    };
  }

  async runTask(request: AgentTaskRequest): Promise<AgentOutcome & { taskId: string }> {
    const taskId = request.taskId ?? CheckpointStore.newTaskId();
    const config = readAgentConfig();
    const ctx = await this.context(taskId);
    await this.checkpoints.begin(taskId, request.label);
    const instructions = request.instructions ?? (await this.instructions(request.mode === 'agent' ? 'agent' : 'ask', request.removedRules));
    this.log(`agent task ${taskId}: ${request.mode} mode, ${ctx.folders.length} folder(s), search by ${ctx.searcher.engine}`);
    const outcome = await runAgentLoop({
      ...request,
      taskId,
      ctx,
      tools: request.tools ?? [...ALL_TOOLS, ...mcpTools()],
      instructions,
      limits: { maxSteps: config.maxSteps, maxCostUsd: config.maxCostUsd },
    });
    this.log(`agent task ${taskId}: ${outcome.reason} after ${outcome.steps} request(s), $${outcome.costUsd.toFixed(4)}`);
    const record = await this.checkpoints.get(taskId);
    if (record && record.files.length === 0) await this.checkpoints.discard(taskId);
    return { ...outcome, taskId };
  }

  listTasks(): Promise<TaskCheckpoint[]> {
    return this.checkpoints.list();
  }

  revertTask(taskId: string): Promise<RevertReport> {
    return this.checkpoints.revert(taskId);
  }

  private textSearcher(): Promise<TextSearcher> {
    this.searcher ??= locateRipgrep(vscode.env.appRoot).then((rg) => {
      this.log(rg ? `search_text uses VS Code's ripgrep: ${rg}` : `search_text: VS Code's ripgrep was not found under ${vscode.env.appRoot}; using a JS scan`);
      return rg ? new RipgrepSearcher(rg) : new JsSearcher();
    });
    return this.searcher;
  }

  dispose(): void {
    this.terminal.dispose();
  }
}
