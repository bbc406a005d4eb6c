// A caller's language-model messages (VS Code's LanguageModelChatRequestMessage, already sorted into
// plain parts by lmParts.ts) to the client's chat turns. No 'vscode' here, so every odd input a caller
// can send is unit tested: roles in any order, empty parts, unknown parts, tool results for calls that
// were never made. Either the request maps or it is refused with an LmInputError saying why.
import { createHash } from 'node:crypto';
import type { ChatMessage, ContentPart, ToolCall } from '../xai/types';

export type LmRole = 'user' | 'assistant' | 'system';

export type LmPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; text: string }
  | { kind: 'image'; mimeType: string; data: Uint8Array }
  /** Something the provider has no use for (thinking, cache markers, unknown part types): dropped. */
  | { kind: 'ignored'; what: string };

export interface LmMessage {
  /** undefined: a role number this provider does not know. */
  role: LmRole | undefined;
  parts: LmPart[];
}

/** The request cannot be sent as given; the message says what to change. */
export class LmInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LmInputError';
  }
}

/** Image types xAI accepts (jpg and png; gif and webp pass on other OpenAI-compatible servers). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp']);
/** xAI's documented image size limit. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface MapOptions {
  /** From the model's capabilities; images for a model without image input are refused. */
  imageInput: boolean;
}

/**
 * Chat turns for the client, in the caller's order. Tool results become `tool` turns placed where the
 * caller put them; a user message's other content follows them. Messages left with nothing to say are
 * dropped (xAI answers 400 to an empty message). Throws LmInputError.
 */
export function mapMessages(messages: readonly LmMessage[], options: MapOptions): ChatMessage[] {
  const out: ChatMessage[] = [];
  const calledIds = new Set<string>();
  messages.forEach((message, index) => {
    const where = `message ${index + 1}`;
    if (!message.role) throw new LmInputError(`The request's ${where} has a role Grok does not know (only user, assistant and system).`);
    const content: ContentPart[] = [];
    const toolCalls: ToolCall[] = [];
    for (const part of message.parts) {
      switch (part.kind) {
        case 'text':
          if (part.text !== '') content.push({ type: 'text', text: part.text });
          break;
        case 'image':
          content.push(imagePart(part, where, message.role, options));
          break;
        case 'toolCall':
          if (message.role !== 'assistant') throw new LmInputError(`The request's ${where} is a ${message.role} message with a tool call; only assistant messages make tool calls.`);
          if (!part.callId) throw new LmInputError(`The request's ${where} has a tool call without a call id.`);
          calledIds.add(part.callId);
          toolCalls.push({ id: part.callId, type: 'function', function: { name: part.name, arguments: argumentsJson(part.input, where) } });
          break;
        case 'toolResult':
          if (!calledIds.has(part.callId)) {
            throw new LmInputError(
              `The request's ${where} has a result for tool call "${part.callId}", which no earlier assistant message made. ` +
                'Send the assistant message with that tool call before its result.',
            );
          }
          // xAI refuses an empty tool result as an empty message.
          out.push({ role: 'tool', tool_call_id: part.callId, content: part.text === '' ? '(no output)' : part.text });
          break;
        case 'ignored':
          break;
        default:
          assertNever(part);
      }
    }
    if (content.length === 0 && toolCalls.length === 0) return;
    const turn: ChatMessage = { role: message.role, content: simplify(content) };
    if (toolCalls.length) turn.tool_calls = toolCalls;
    out.push(turn);
  });
  if (!out.some((m) => m.role !== 'system')) {
    throw new LmInputError('The request has nothing to answer: no message with text, an image or a tool result.');
  }
  return out;
}

/** One stable key per chat: a hash of its first messages, which later turns never change. */
export function promptCacheKey(model: string, messages: readonly ChatMessage[]): string {
  const firstUser = messages.findIndex((m) => m.role === 'user');
  const head = messages.slice(0, firstUser + 1);
  const hash = createHash('sha256').update(model).update('\u0000').update(JSON.stringify(head)).digest('hex');
  return `vscode-lm-${hash.slice(0, 32)}`;
}

function imagePart(part: Extract<LmPart, { kind: 'image' }>, where: string, role: LmRole, options: MapOptions): ContentPart {
  const mimeType = part.mimeType.toLowerCase();
  if (role !== 'user') throw new LmInputError(`The request's ${where} puts an image in a ${role} message; images go in user messages.`);
  if (!options.imageInput) throw new LmInputError(`The request's ${where} has an image, but this model takes text only. Pick a model with image input.`);
  if (!IMAGE_TYPES.has(mimeType)) throw new LmInputError(`The request's ${where} has an image of type ${part.mimeType}; Grok takes PNG or JPEG.`);
  if (part.data.byteLength === 0) throw new LmInputError(`The request's ${where} has an empty image.`);
  if (part.data.byteLength > MAX_IMAGE_BYTES) {
    throw new LmInputError(`The request's ${where} has an image of ${(part.data.byteLength / 1024 / 1024).toFixed(1)} MiB; the limit is 20 MiB.`);
  }
  const base64 = Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength).toString('base64');
  return { type: 'image_url', image_url: { url: `data:${mimeType};base64,${base64}` } };
}

function argumentsJson(input: unknown, where: string): string {
  if (input === undefined || input === null) return '{}';
  if (typeof input === 'string') return input;
  try {
    return JSON.stringify(input);
  } catch {
    throw new LmInputError(`The request's ${where} has a tool call whose input cannot be written as JSON.`);
  }
}

/** Plain text as a string: the shape every compatible server takes, and the one xAI's cache has seen. */
function simplify(content: ContentPart[]): string | ContentPart[] {
  if (content.every((p) => p.type === 'text')) return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  return content;
}

function assertNever(value: never): never {
  throw new LmInputError(`The request has a part Grok cannot read: ${JSON.stringify(value)}`);
}
