// Every message from the webview passes through here before the host acts on it. The webview renders
// model output, which is untrusted, so a message is treated like input from the network: known type,
// fields of the right type and bounded size, and a fresh object holding only those fields.
import type { AttachedImage, ErrorAction, MentionKind, WebviewMessage, WebviewMessageType } from '../protocol';
import { ACTION_LABELS, readConversationOptions, type ConversationOptions } from '../shared/messageParts';

export const LIMITS = {
  /** A typed or pasted question. */
  text: 200_000,
  /** A code block from an answer: answers are bounded by the model's output, but a block can be long. */
  code: 2_000_000,
  id: 128,
  model: 200,
  href: 8_192,
  query: 1_000,
  title: 200,
  language: 64,
  prompt: 4_000,
  /** A reason given with Deny (goes back to Grok). */
  reason: 2_000,
  /** A workspace-relative path on a task card. */
  path: 4_096,
  /** Images per message. */
  images: 10,
  /** One image's bytes (xAI's limit); its data: URL is about 4/3 of that. */
  imageBytes: 20 * 1024 * 1024,
} as const;

const ERROR_ACTIONS = Object.keys(ACTION_LABELS) as ErrorAction[];
const CONTEXT_KINDS: readonly ('selection' | 'file')[] = ['selection', 'file'];
const MENTION_KINDS: readonly MentionKind[] = ['file', 'folder', 'symbol', 'problems', 'diff'];

export type Validation = { ok: true; message: WebviewMessage } | { ok: false; reason: string };

type Fields = Record<string, unknown>;
type Validator<K extends WebviewMessageType> = (m: Fields) => Extract<WebviewMessage, { type: K }> | string;

// A mapped type over every message type: adding a variant to protocol.ts without a validator fails to compile.
const validators: { [K in WebviewMessageType]: Validator<K> } = {
  ready: () => ({ type: 'ready' }),
  send: (m) =>
    check2(str(m, 'text', LIMITS.text), images(m), (text, imgs) => (imgs.length ? { type: 'send', text, images: imgs } : { type: 'send', text })),
  setOptions: (m) => check(options(m), (o) => ({ type: 'setOptions', options: o })),
  imagine: (m) => check(str(m, 'prompt', LIMITS.prompt, true), (prompt) => ({ type: 'imagine', prompt: prompt.trim() })),
  saveImage: (m) => check2(id(m, 'messageId'), id(m, 'imageId'), (messageId, imageId) => ({ type: 'saveImage', messageId, imageId })),
  copyImage: (m) => check2(id(m, 'messageId'), id(m, 'imageId'), (messageId, imageId) => ({ type: 'copyImage', messageId, imageId })),
  stop: () => ({ type: 'stop' }),
  regenerate: () => ({ type: 'regenerate' }),
  editAndResend: (m) =>
    check2(id(m, 'messageId'), str(m, 'text', LIMITS.text), (messageId, text) => ({ type: 'editAndResend', messageId, text })),
  newChat: () => ({ type: 'newChat' }),
  selectModel: (m) => check(modelId(m), (model) => ({ type: 'selectModel', model })),
  addContext: (m) => check(oneOf(m, 'kind', CONTEXT_KINDS), (kind) => ({ type: 'addContext', kind })),
  removeContext: (m) => check(id(m, 'id'), (i) => ({ type: 'removeContext', id: i })),
  mentionQuery: (m) =>
    check2(requestId(m), str(m, 'query', LIMITS.query), (rid, query) => ({ type: 'mentionQuery', requestId: rid, query })),
  addMention: (m) => check2(oneOf(m, 'kind', MENTION_KINDS), str(m, 'ref', LIMITS.href, true), (kind, ref) => ({ type: 'addMention', kind, ref })),
  openContext: (m) => check2(id(m, 'messageId'), id(m, 'chipId'), (messageId, chipId) => ({ type: 'openContext', messageId, chipId })),
  removeInstruction: (m) => check(str(m, 'id', LIMITS.href, true), (i) => ({ type: 'removeInstruction', id: i })),
  copyCode: (m) => check(str(m, 'code', LIMITS.code), (code) => ({ type: 'copyCode', code })),
  insertCode: (m) => check(str(m, 'code', LIMITS.code), (code) => ({ type: 'insertCode', code })),
  replaceSelection: (m) => check(str(m, 'code', LIMITS.code), (code) => ({ type: 'replaceSelection', code })),
  openInNewFile: (m) =>
    check2(str(m, 'code', LIMITS.code), optionalLanguage(m), (code, language) =>
      language === undefined ? { type: 'openInNewFile', code } : { type: 'openInNewFile', code, language },
    ),
  openLink: (m) => check(str(m, 'href', LIMITS.href, true), (href) => ({ type: 'openLink', href })),
  action: (m) => check(oneOf(m, 'action', ERROR_ACTIONS), (action) => ({ type: 'action', action })),
  listHistory: (m) => {
    if (m.from !== undefined && !(Number.isSafeInteger(m.from) && (m.from as number) >= 0)) return 'from must be a whole number, 0 or more';
    const from = m.from as number | undefined;
    return check(str(m, 'query', LIMITS.query), (query) => (from ? { type: 'listHistory', query, from } : { type: 'listHistory', query }));
  },
  openConversation: (m) => check(id(m, 'id'), (i) => ({ type: 'openConversation', id: i })),
  renameConversation: (m) =>
    check2(id(m, 'id'), str(m, 'title', LIMITS.title, true), (i, title) => ({ type: 'renameConversation', id: i, title: title.trim() })),
  deleteConversation: (m) => check(id(m, 'id'), (i) => ({ type: 'deleteConversation', id: i })),
  exportConversation: (m) => check(id(m, 'id'), (i) => ({ type: 'exportConversation', id: i })),
  approveTool: (m) => {
    if (typeof m.approved !== 'boolean') return 'approved must be true or false';
    const approved = m.approved;
    if (m.reason !== undefined && approved) return 'a reason goes only with a denial';
    const reason: Checked<string> = m.reason === undefined ? { value: '' } : str(m, 'reason', LIMITS.reason);
    return check2(id(m, 'callId'), reason, (callId, r) =>
      r.trim() ? { type: 'approveTool', callId, approved, reason: r.trim() } : { type: 'approveTool', callId, approved },
    );
  },
  openToolDiff: (m) => check2(id(m, 'messageId'), id(m, 'callId'), (messageId, callId) => ({ type: 'openToolDiff', messageId, callId })),
  continueTask: (m) =>
    typeof m.goOn !== 'boolean' ? 'goOn must be true or false' : check(id(m, 'taskId'), (taskId) => ({ type: 'continueTask', taskId, goOn: m.goOn as boolean })),
  revertTask: (m) => check2(id(m, 'messageId'), id(m, 'taskId'), (messageId, taskId) => ({ type: 'revertTask', messageId, taskId })),
  openTaskDiff: (m) => check2(id(m, 'taskId'), str(m, 'path', LIMITS.path, true), (taskId, p) => ({ type: 'openTaskDiff', taskId, path: p })),
};

export function validateWebviewMessage(raw: unknown): Validation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const fields = raw as Fields;
  const type = fields.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(validators, type)) {
    return { ok: false, reason: `unknown type ${describe(type)}` };
  }
  const result = (validators[type as WebviewMessageType] as Validator<WebviewMessageType>)(fields);
  return typeof result === 'string' ? { ok: false, reason: `${type}: ${result}` } : { ok: true, message: result };
}

/** A short, safe description of a rejected value for the log: never the value itself, which may be long. */
function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return v === null ? 'null' : typeof v;
}

type Checked<T> = { value: T } | { error: string };

function check<T, R>(a: Checked<T>, make: (a: T) => R): R | string {
  return 'error' in a ? a.error : make(a.value);
}

function check2<A, B, R>(a: Checked<A>, b: Checked<B>, make: (a: A, b: B) => R): R | string {
  if ('error' in a) return a.error;
  if ('error' in b) return b.error;
  return make(a.value, b.value);
}

function str(m: Fields, key: string, max: number, nonEmpty = false): Checked<string> {
  const v = m[key];
  if (typeof v !== 'string') return { error: `${key} must be a string` };
  if (v.length > max) return { error: `${key} is longer than ${max} characters` };
  if (nonEmpty && !v.trim()) return { error: `${key} is empty` };
  return { value: v };
}

function id(m: Fields, key: string): Checked<string> {
  const v = m[key];
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(v)) return { error: `${key} is not an id` };
  return { value: v };
}

function modelId(m: Fields): Checked<string> {
  const v = m.model;
  // Model ids are open strings (other compatible servers use slashes and colons), but never whitespace or control characters.
  if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.model || /[\s\p{Cc}]/u.test(v)) return { error: 'model is not a model id' };
  return { value: v };
}

function optionalLanguage(m: Fields): Checked<string | undefined> {
  const v = m.language;
  if (v === undefined || v === '') return { value: undefined };
  if (typeof v !== 'string' || v.length > LIMITS.language || !/^[\w+#.-]+$/.test(v)) return { error: 'language is not a language id' };
  return { value: v };
}

function oneOf<T extends string>(m: Fields, key: string, allowed: readonly T[]): Checked<T> {
  const v = m[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) return { error: `${key} must be one of ${allowed.join(', ')}` };
  return { value: v as T };
}

const IMAGE_URL = /^data:(image\/png|image\/jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Attached images: PNG or JPEG data: URLs within the size limit. The host checks the bytes' signature again. */
function images(m: Fields): Checked<AttachedImage[]> {
  const v = m.images;
  if (v === undefined) return { value: [] };
  if (!Array.isArray(v) || v.length > LIMITS.images) return { error: `images must be a list of at most ${LIMITS.images}` };
  const out: AttachedImage[] = [];
  for (const i of v) {
    if (typeof i !== 'object' || i === null) return { error: 'an image is not an object' };
    const f = i as Fields;
    const name = str(f, 'name', LIMITS.title);
    if ('error' in name) return name;
    if (typeof f.dataUrl !== 'string' || f.dataUrl.length > Math.ceil((LIMITS.imageBytes * 4) / 3) + 32) return { error: 'an image is too big' };
    const match = IMAGE_URL.exec(f.dataUrl);
    if (!match || match[1] !== f.mimeType) return { error: 'an image is not a PNG or JPEG data URL' };
    out.push({ name: name.value, mimeType: f.mimeType as AttachedImage['mimeType'], dataUrl: f.dataUrl });
  }
  return { value: out };
}

function options(m: Fields): Checked<ConversationOptions> {
  const v = m.options;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'options must be an object' };
  return { value: readConversationOptions(v) };
}

function requestId(m: Fields): Checked<number> {
  const v = m.requestId;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return { error: 'requestId is not a counter' };
  return { value: v };
}
