// The tools of the MCP servers the user configured in VS Code: they are listed in vscode.lm.tools under
// names starting with "mcp_" (VS Code's own built-in chat tools there are not ours to offer) and called
// through vscode.lm.invokeTool. What they do cannot be checked from here, so every call asks, like a command.
import * as vscode from 'vscode';
import { t } from '../../platform/localise';
import { capOutput } from '../outputCap';
import type { AgentTool, JsonSchema } from './toolTypes';

/** Function names the APIs accept. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function mcpTools(): AgentTool[] {
  return vscode.lm.tools.filter((t) => t.name.startsWith('mcp_') && NAME.test(t.name)).map(mcpTool);
}

function mcpTool(info: vscode.LanguageModelToolInformation): AgentTool {
  const schema = info.inputSchema as JsonSchema | undefined;
  return {
    name: info.name,
    description: info.description,
    parameters: schema && schema.type === 'object' ? schema : { type: 'object', properties: {} },
    readOnly: false,
    async prepare(args, ctx) {
      const shown = JSON.stringify(args);
      return {
        approval: { kind: 'mcp', reason: t('{0} is a tool of an MCP server you configured; what it does cannot be checked here.', info.name) },
        summary: `${info.name} ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`,
        async execute(signal) {
          const cancel = new vscode.CancellationTokenSource();
          const onAbort = () => cancel.cancel();
          signal.addEventListener('abort', onAbort, { once: true });
          try {
            const result = await vscode.lm.invokeTool(info.name, { input: args, toolInvocationToken: undefined }, cancel.token);
            const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
            return { ok: true, output: capOutput(text || '(no text output)', ctx.settings.maxResultChars) };
          } finally {
            signal.removeEventListener('abort', onAbort);
            cancel.dispose();
          }
        },
      };
    },
  };
}
