// A temporary workspace and a ToolContext over it, on plain Node: no VS Code needed.
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CheckpointStore } from '../../src/agent/checkpoints';
import { NodeWorkspace } from '../../src/agent/nodeWorkspace';
import { ChildProcessRunner } from '../../src/agent/processRunner';
import { JsSearcher, type TextSearcher } from '../../src/agent/textSearch';
import { DEFAULT_SENSITIVE_FILES } from '../../src/agent/paths';
import type { AgentSettings, DiagnosticEntry, ToolContext } from '../../src/agent/tools/toolTypes';

export function tempWorkspace(files: Record<string, string | Buffer>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'agent-ws-')));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

export const TEST_SETTINGS: AgentSettings = {
  allowedCommands: ['echo *', 'ls *', 'node *'],
  sensitiveFiles: DEFAULT_SENSITIVE_FILES,
  autoApproveEdits: false,
  askBeforeReading: false,
  commandTimeoutSeconds: 30,
  filesExclude: ['**/.DS_Store', '**/excluded'],
  maxResultChars: 24000,
};

export interface TestContext extends ToolContext {
  root: string;
  store: CheckpointStore;
  taskId: string;
  logs: string[];
}

export function toolContext(root: string, overrides: Partial<AgentSettings> = {}, extra: { diagnostics?: DiagnosticEntry[]; searcher?: TextSearcher } = {}): TestContext {
  const store = new CheckpointStore(join(mkdtempSync(join(tmpdir(), 'agent-store-')), 'checkpoints'));
  const taskId = CheckpointStore.newTaskId();
  const logs: string[] = [];
  return {
    root,
    store,
    taskId,
    logs,
    folders: [{ name: 'ws', path: root }],
    settings: { ...TEST_SETTINGS, ...overrides },
    workspace: new NodeWorkspace(),
    diagnostics: (file) => (extra.diagnostics ?? []).filter((d) => file === undefined || d.path === file),
    searcher: extra.searcher ?? new JsSearcher(),
    runner: new ChildProcessRunner(),
    beforeChange: (file) => store.recordBeforeChange(taskId, file),
    log: (line) => logs.push(line),
  };
}

/** The ripgrep of the code-server the integration tier downloads, as VS Code's appRoot would find it. */
export function codeServerAppRoot(): string | undefined {
  const cache = join(homedir(), '.cache', 'grok-vscode');
  let names: string[];
  try {
    names = readdirSync(cache).filter((n) => n.startsWith('code-server-'));
  } catch {
    return undefined;
  }
  const newest = names.sort().at(-1);
  return newest ? join(cache, newest, 'server', 'node_modules', 'code-server', 'lib', 'vscode') : undefined;
}
