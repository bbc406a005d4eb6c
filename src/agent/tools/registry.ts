// The agent's tools, what each mode offers, and their definitions in both wire formats.
import type { ToolDefinition } from '../../xai/types';
import type { AgentTool } from './toolTypes';
import { createFileTool } from './createFile';
import { deleteFileTool } from './deleteFile';
import { editFileTool } from './editFile';
import { getDiagnosticsTool } from './getDiagnostics';
import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { runCommandTool } from './runCommand';
import { searchTextTool } from './searchText';

/** Chat: no tools. Ask: read-only tools. Agent: all tools. */
export type AgentMode = 'chat' | 'ask' | 'agent';

export const ALL_TOOLS: readonly AgentTool[] = [
  readFileTool,
  listFilesTool,
  searchTextTool,
  getDiagnosticsTool,
  editFileTool,
  createFileTool,
  deleteFileTool,
  runCommandTool,
];

export function toolsForMode(mode: AgentMode, tools: readonly AgentTool[] = ALL_TOOLS): AgentTool[] {
  if (mode === 'chat') return [];
  return mode === 'ask' ? tools.filter((t) => t.readOnly) : [...tools];
}

/** Responses API function tools are flat: {type, name, description, parameters}. */
export function responsesToolDefinitions(tools: readonly AgentTool[]): Array<{ type: string; [key: string]: unknown }> {
  return tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.parameters }));
}

export function chatToolDefinitions(tools: readonly AgentTool[]): ToolDefinition[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters as unknown as Record<string, unknown> } }));
}
