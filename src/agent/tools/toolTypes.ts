// What every agent tool is, and what it may use. Tools touch the workspace only through these small
// interfaces, so the logic runs in unit tests on plain Node and in VS Code with WorkspaceEdit behind them.
import type { WorkspaceFolderLike } from '../paths';
import type { TextSearcher } from '../textSearch';
import type { CommandRunner } from '../processRunner';

/** JSON Schema as sent to the model (the subset validate.ts checks). */
export interface JsonSchema {
  type: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  minItems?: number;
  enum?: string[];
  additionalProperties?: boolean;
}

export interface AgentSettings {
  allowedCommands: string[];
  sensitiveFiles: string[];
  autoApproveEdits: boolean;
  askBeforeReading: boolean;
  commandTimeoutSeconds: number;
  /** files.exclude globs that are switched on. */
  filesExclude: string[];
  /** Characters of one tool result sent to the model. */
  maxResultChars: number;
}

export type FileRead =
  | { kind: 'text'; text: string; size: number }
  | { kind: 'binary'; size: number }
  | { kind: 'missing' }
  | { kind: 'folder' };

/** Reads and writes workspace files. In VS Code writes go through WorkspaceEdit and are saved. */
export interface WorkspaceAccess {
  /** An open document's current text wins over the disk (it is what the user sees). */
  read(absolutePath: string): Promise<FileRead>;
  write(absolutePath: string, content: string): Promise<void>;
  delete(absolutePath: string): Promise<void>;
}

export interface DiagnosticEntry {
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
}

export interface ToolContext {
  folders: readonly WorkspaceFolderLike[];
  settings: AgentSettings;
  workspace: WorkspaceAccess;
  /** The Problems list, for one file or all. */
  diagnostics(absolutePath?: string): DiagnosticEntry[];
  searcher: TextSearcher;
  runner: CommandRunner;
  /** Called before a file is first changed by the task: the checkpoint. */
  beforeChange(absolutePath: string): Promise<void>;
  log(line: string): void;
}

/** Why a call waits for the user, shown on its card. */
export interface ApprovalNeed {
  kind: 'edit' | 'command' | 'sensitiveRead' | 'read' | 'mcp';
  /** One sentence for the card: why this asks. */
  reason: string;
}

/** A change to one file, for the card's diff and Open Diff. `null`: the file does not exist on that side. */
export interface FileChange {
  path: string;
  relative: string;
  before: string | null;
  after: string | null;
}

export interface ToolResult {
  /** false: the call failed; the output says why (it goes back to Grok as the result). */
  ok: boolean;
  /** What goes back to the model, already capped. */
  output: string;
  change?: FileChange;
  exitCode?: number;
}

/** A validated call, ready to approve and run. */
export interface PreparedCall {
  /** Undefined: runs without asking. */
  approval?: ApprovalNeed;
  /** Readable summary for the card ("Read src/a.ts lines 1-40"). */
  summary: string;
  /** For edits: the change as it would be made (the card's diff before approval). */
  change?: FileChange;
  /** For commands: the exact command line and its folder. */
  command?: { line: string; cwd: string };
  execute(signal: AbortSignal): Promise<ToolResult>;
}

export interface AgentTool<A = Record<string, unknown>> {
  name: string;
  description: string;
  parameters: JsonSchema;
  /** Offered in Ask mode. */
  readOnly: boolean;
  /** Checks the (already schema-validated) arguments against the workspace; an error string goes back to Grok. */
  prepare(args: A, ctx: ToolContext): Promise<PreparedCall | { error: string }>;
}
