// Incoming messages, checked loosely: a message of an unknown type, or missing what its handler needs,
// is ignored rather than thrown on. The record below is keyed by every HostMessage type (the compiler
// rejects a missing or extra key), and `handledHostMessageTypes` lets tests compare it with protocol.ts.
// No DOM here, so tests can import it under Node.
import type { HostMessage, HostMessageType } from '../protocol';
import { isRecord } from '../shared/isRecord';
import { readMessageBase, readPart } from '../shared/messageParts';

type Loose = Record<string, unknown>;

const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optStr = (v: unknown) => v === undefined || isStr(v);
const optNum = (v: unknown) => v === undefined || isNum(v);
const optObj = (v: unknown) => v === undefined || isRecord(v);
const optMode = (v: unknown) => v === undefined || v === 'chat' || v === 'ask' || v === 'agent';

/**
 * A message the page can render: the shared reader checks it (one definition with the host's), and the
 * message is replaced by its checked copy, so an unknown part or a bad optional field is left out
 * rather than failing the whole snapshot.
 */
function readMessage(m: unknown): Loose | undefined {
  const base = readMessageBase(m);
  if (!base || !isRecord(m)) return undefined;
  const out: Loose = { ...base };
  if (Array.isArray(m.context)) out.context = m.context.filter((c) => isRecord(c) && isStr(c.id) && isStr(c.label));
  return out;
}

function isMessageIn(holder: Loose, key: string): boolean {
  const message = readMessage(holder[key]);
  if (message) holder[key] = message;
  return message !== undefined;
}

function areMessages(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const message = readMessage(list[i]);
    if (!message) return false;
    list[i] = message;
  }
  return true;
}

function isPartIn(holder: Loose): boolean {
  const part = readPart(holder.part);
  if (part) holder.part = part;
  return part !== undefined;
}
const isModels = (v: unknown): boolean => Array.isArray(v) && v.every((x) => isRecord(x) && isStr(x.id));
// Images the page attached itself and gets back: PNG or JPEG data: URLs only (the CSP shows nothing else).
const isAttachedImages = (v: unknown): boolean =>
  Array.isArray(v) &&
  v.every((x) => isRecord(x) && isStr(x.name) && (x.mimeType === 'image/png' || x.mimeType === 'image/jpeg') && isStr(x.dataUrl) && x.dataUrl.startsWith(`data:${x.mimeType};base64,`));
const isChips = (v: unknown): boolean => Array.isArray(v) && v.every((x) => isRecord(x) && isStr(x.id) && isStr(x.label));

const validators: { [K in HostMessageType]: (m: Loose) => boolean } = {
  snapshot: (m) =>
    isRecord(m.conversation) && isStr(m.conversation.id) && areMessages(m.conversation.messages) && isBool(m.hasKey) && isBool(m.generating) && isModels(m.models) &&
    isStr(m.model) && isChips(m.pendingContext) && optObj(m.options) && (m.atStart === undefined || isBool(m.atStart)) &&
    (m.instructions === undefined || isChips(m.instructions)) && optMode(m.defaultMode),
  messageAdded: (m) => isMessageIn(m, 'message'),
  part: (m) => isStr(m.messageId) && isPartIn(m),
  options: (m) => isRecord(m.options) && (m.serverTools === undefined || isBool(m.serverTools)) && optMode(m.defaultMode),
  delta: (m) => isStr(m.messageId) && optStr(m.text) && optStr(m.reasoning) && optNum(m.answerStartedAt),
  messageDone: (m) =>
    isStr(m.messageId) && (m.status === 'done' || m.status === 'stopped' || m.status === 'error') &&
    optObj(m.usage) && optObj(m.error) && optObj(m.totalUsage),
  truncate: (m) => isStr(m.fromMessageId) && optObj(m.totalUsage),
  generating: (m) => isBool(m.generating),
  models: (m) => isModels(m.models) && isStr(m.model),
  keyStatus: (m) => isBool(m.hasKey),
  pendingContext: (m) => isChips(m.chips),
  history: (m) => Array.isArray(m.items) && m.items.every((i) => isRecord(i) && isStr(i.id)) && isStr(m.query) && optNum(m.from) && optNum(m.total),
  notice: (m) => (m.level === 'info' || m.level === 'warning' || m.level === 'error') && isStr(m.message) && (m.key === undefined || isStr(m.key)),
  focusInput: () => true,
  // Each entry is checked again where it is applied (tokenColors.ts); a bad one is skipped there.
  tokenColors: (m) => isRecord(m.colors),
  showHistory: () => true,
  mentionResults: (m) =>
    isNum(m.requestId) && isStr(m.query) && optStr(m.note) &&
    Array.isArray(m.items) && m.items.every((i) => isRecord(i) && isStr(i.kind) && isStr(i.label) && isStr(i.ref) && optStr(i.detail)),
  instructions: (m) => isChips(m.chips),
  unsent: (m) => isStr(m.text) && isAttachedImages(m.images),
  strings: (m) => isRecord(m.strings) && optStr(m.locale),
  answerPhase: (m) =>
    isStr(m.messageId) && isRecord(m.state) &&
    (m.state.phase === 'connecting' || m.state.phase === 'started' || m.state.phase === 'thinking' ||
      (m.state.phase === 'retrying' && isNum(m.state.attempt) && isNum(m.state.delayMs) && isStr(m.state.reason) && isNum(m.state.since))),
};

/** The message, when it is one this page knows and can render; otherwise undefined. */
export function parseHostMessage(data: unknown): HostMessage | undefined {
  if (!isRecord(data) || !isStr(data.type) || !Object.hasOwn(validators, data.type)) return undefined;
  const type = data.type as HostMessageType;
  return validators[type](data) ? (data as unknown as HostMessage) : undefined;
}

export function handledHostMessageTypes(): HostMessageType[] {
  return Object.keys(validators) as HostMessageType[];
}

/** For the exhaustive switch: a HostMessage variant nobody handled fails to compile. */
export function assertNever(x: never): never {
  throw new Error(`unhandled host message ${JSON.stringify(x)}`);
}
