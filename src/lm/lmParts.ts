// VS Code's message parts to lmMessages.ts's plain ones. The classes are checked with instanceof where
// the running VS Code has them (a thinking part also has a string `value`, so shape alone would read
// it as text); anything unrecognised is kept out of the request rather than guessed at.
import * as vscode from 'vscode';
import { isRecord } from '../shared/isRecord';
import type { LmMessage, LmPart, LmRole } from './lmMessages';

/** LanguageModelChatMessageRole.System (3) is still proposed API; callers such as Copilot send it. */
const SYSTEM_ROLE = 3;

export function toLmMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): LmMessage[] {
  return messages.map((m) => ({ role: roleOf(m.role), parts: (Array.isArray(m.content) ? m.content : []).map(toLmPart) }));
}

/** Text of a message as the tokenizer should count it. */
export function textForCount(message: vscode.LanguageModelChatRequestMessage): string {
  return toLmMessages([message])[0].parts
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'toolResult' ? p.text : p.kind === 'toolCall' ? `${p.name} ${JSON.stringify(p.input ?? {})}` : ''))
    .join('\n');
}

function roleOf(role: number): LmRole | undefined {
  switch (role) {
    case vscode.LanguageModelChatMessageRole.User:
      return 'user';
    case vscode.LanguageModelChatMessageRole.Assistant:
      return 'assistant';
    case SYSTEM_ROLE:
      return 'system';
    default:
      return undefined;
  }
}

function toLmPart(part: unknown): LmPart {
  if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelToolCallPart) return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  if (part instanceof vscode.LanguageModelToolResultPart) return { kind: 'toolResult', callId: part.callId, text: toolResultText(part.content) };
  const data = dataPart(part);
  if (data) {
    if (data.mimeType.startsWith('image/')) return { kind: 'image', mimeType: data.mimeType, data: data.data };
    if (isTextType(data.mimeType)) return { kind: 'text', text: new TextDecoder().decode(data.data) };
    // Cache breakpoints, stateful markers and other provider-specific data of other vendors.
    return { kind: 'ignored', what: data.mimeType };
  }
  // Copies from other copies of the API module (another extension's bundled classes) by shape.
  if (isRecord(part) && typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
    return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  }
  if (isRecord(part) && typeof part.callId === 'string' && Array.isArray(part.content)) {
    return { kind: 'toolResult', callId: part.callId, text: toolResultText(part.content) };
  }
  return { kind: 'ignored', what: isRecord(part) ? ((part.constructor as { name?: string } | undefined)?.name ?? 'object') : typeof part };
}

/** A LanguageModelDataPart (stable after 1.104's types; present in the VS Code versions that send it). */
function dataPart(part: unknown): { mimeType: string; data: Uint8Array } | undefined {
  if (!isRecord(part) || typeof part.mimeType !== 'string' || !(part.data instanceof Uint8Array)) return undefined;
  return { mimeType: part.mimeType, data: part.data };
}

function toolResultText(content: readonly unknown[]): string {
  return content
    .map((c) => {
      if (c instanceof vscode.LanguageModelTextPart) return c.value;
      if (c instanceof vscode.LanguageModelPromptTsxPart) return JSON.stringify(c.value);
      const data = dataPart(c);
      if (data) return isTextType(data.mimeType) ? new TextDecoder().decode(data.data) : `[${data.mimeType} data, ${data.data.byteLength} bytes]`;
      if (isRecord(c) && typeof c.value === 'string') return c.value;
      return '';
    })
    .join('');
}

function isTextType(mimeType: string): boolean {
  return mimeType.startsWith('text/') || mimeType === 'application/json' || mimeType.endsWith('+json');
}
