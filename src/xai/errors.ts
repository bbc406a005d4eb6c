// Turns every way a request can fail into an XaiErrorInfo a user can read: a kind the host can act on
// ("Set API Key", "Pick Model", "Retry"), a human message, never raw JSON, never the key.
// Messages are kept as templates and arguments too (info.text), so the host shows them translated while
// the log keeps the English (info.message).
import { isRecord } from '../shared/isRecord';
import { render, say, type Localisable } from '../shared/localise';
import type { XaiErrorInfo, XaiErrorKind } from './types';
import { redact } from './redact';

/** Thrown by the promise-returning calls; streams yield an 'error' event with the same info instead. */
export class XaiError extends Error {
  readonly info: XaiErrorInfo;

  constructor(info: XaiErrorInfo) {
    super(info.message);
    this.name = 'XaiError';
    this.info = info;
  }

  get kind(): XaiErrorKind {
    return this.info.kind;
  }
}

/** What an error message may mention about the request that failed. */
export interface ErrorContext {
  /** "xAI" for api.x.ai, else the host name of the compatible server. */
  server: string;
  path: string;
  model?: string;
}

// Long server messages (a stack trace, a whole prompt echoed back) would swamp a notification.
const MAX_SERVER_MESSAGE = 400;

export function errorInfo(kind: XaiErrorKind, message: string | Localisable, extra: Partial<XaiErrorInfo> = {}): XaiErrorInfo {
  const info: XaiErrorInfo = { kind, message: redact(typeof message === 'string' ? message : render(message)) };
  // Not enumerable: JSON (the conversation file, the page, the log) and comparisons see the error as before.
  if (typeof message !== 'string') Object.defineProperty(info, 'text', { value: redacted(message), enumerable: false });
  if (extra.status !== undefined) info.status = extra.status;
  if (extra.retryAfter !== undefined) info.retryAfter = extra.retryAfter;
  if (extra.requestId !== undefined) info.requestId = extra.requestId;
  if (extra.unsupportedParameter !== undefined) info.unsupportedParameter = extra.unsupportedParameter;
  if (extra.routeMissing) info.routeMissing = true;
  if (extra.xaiBilling) info.xaiBilling = true;
  return info;
}

/** The server's words can echo the key: every argument is redacted, like the English message. */
function redacted(text: Localisable): Localisable {
  return { message: text.message, args: text.args.map((a) => (typeof a === 'string' ? redact(a) : typeof a === 'number' ? a : redacted(a))) };
}

/** Where xAI's customers add credits or raise their spending limit (the console's Billing page). */
export const XAI_BILLING_URL = 'https://console.x.ai';

/** The billing mark of an out-of-credits error: only xAI's own accounts have a known billing page. */
function billing(ctx: Pick<ErrorContext, 'server'>): Pick<XaiErrorInfo, 'xaiBilling'> {
  return ctx.server === 'xAI' ? { xaiBilling: true } : {};
}

export function serverName(baseUrl: string): string {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'x.ai' || host.endsWith('.x.ai') ? 'xAI' : host;
  } catch {
    return 'the server';
  }
}

export function requestIdFrom(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;
}

/** Retry-After is either delta-seconds or an HTTP date; the result is whole seconds, never negative. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export interface ParsedErrorBody {
  /** The server's own words, when the body had a recognisable shape. */
  message?: string;
  code?: string;
  json: boolean;
}

/** Reads xAI's flat `{code, error}` and OpenAI's `{error: {message, type, code}}`. */
export function parseErrorBody(text: string): ParsedErrorBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { json: false };
  }
  return { ...errorPayloadFields(value), json: true };
}

export function errorPayloadFields(value: unknown): { message?: string; code?: string } {
  if (!isRecord(value)) return {};
  const code = stringOf(value.code);
  const error = value.error;
  if (typeof error === 'string') return { message: error, code };
  if (isRecord(error)) {
    return { message: stringOf(error.message), code: stringOf(error.code) ?? stringOf(error.type) ?? code };
  }
  // Some compatible servers use {message} or FastAPI's {detail}.
  return { message: stringOf(value.message) ?? stringOf(value.detail), code };
}

// The server's words, matched rather than its status or code: xAI moved out-of-credits from 429 to 403 and
// spells its codes two ways ("Client specified an invalid argument" / "invalid-argument").
const BAD_KEY = /incorrect api key|invalid api key|api key not valid|no api key provided|invalid authentication credentials/i;
const OUT_OF_CREDITS = /used all available credits|spending limit|out of credits|insufficient credits|(?:doesn't|does not|don't|do not) have any credits/i;
const CONTEXT_TOO_LONG = /maximum prompt length|context length|context window|prompt is too long/i;
const RETIRED = /deprecated|retired|no longer (?:available|accessible|supported)|has been (?:removed|shut down)/i;
// How compatible servers word an unknown route: OpenAI "Invalid URL (POST /v1/responses)", LM Studio "Unexpected
// endpoint or method. (POST /v1/responses)" (with status 200), Go's "404 page not found", FastAPI's "Not Found".
const NO_ROUTE = /unexpected endpoint|invalid url \(|unknown (?:url|endpoint|route|path)|no (?:such )?route|page not found|^not found\.?$/i;

/**
 * The parameter a model refuses, as its snake_case wire name: "does not support parameter reasoningEffort"
 * (recorded 50) -> "reasoning_effort"; also "Argument not supported on this model: presencePenalty" and
 * OpenAI-style "Unsupported parameter: 'stop'".
 */
export function unsupportedParameterOf(text: string): string | undefined {
  const match =
    /does not support (?:the )?(?:parameter|argument|field)s?:? ["'`]?([A-Za-z][\w.]*)/i.exec(text) ??
    /(?:unsupported|unknown|unrecognized) (?:parameter|argument|field)s?:? ["'`]?([A-Za-z][\w.]*)/i.exec(text) ??
    /(?:parameter|argument) (?:is )?not supported(?: (?:on|by|for) this model)?: ["'`]?([A-Za-z][\w.]*)/i.exec(text);
  if (!match) return undefined;
  const name = match[1]
    .replace(/\.+$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toLowerCase();
  return name || undefined;
}

/**
 * Mapping rules that matter to the host:
 * - kind 'outOfCredits' for the credits sentence on 402/403/429 (xAI now says it with 403 permission-denied),
 *   so a bad key and an empty balance are told apart by the text, not the status.
 * - kind 'modelNotFound' for 404/410 on a model route (chat, responses); the message says "retired" when the
 *   server says the model was deprecated or retired (recorded 49).
 * - kind 'badRequest' with `unsupportedParameter` for a parameter the model does not take (recorded 50).
 * - kind 'badRequest' with `routeMissing: true` when the server lacks the route: 405 or 501 anywhere, 404 off the
 *   model routes, and a 404 on a model route from a server other than xAI whose message does not mention a model.
 *   The host falls back from /responses to /chat/completions on it and remembers that per base URL.
 * - The server is named "xAI" only for api.x.ai (and other *.x.ai hosts); otherwise by its host name.
 */
export function errorFromResponse(status: number, bodyText: string, headers: Headers, ctx: ErrorContext): XaiErrorInfo {
  const parsed = parseErrorBody(bodyText);
  const requestId = requestIdFrom(headers);
  const serverText = parsed.message ? shorten(parsed.message) : undefined;
  // A proxy's HTML page or an unknown JSON shape: say what we know, never dump the body.
  const said: string | Localisable = serverText ?? (parsed.json ? `HTTP ${status}` : say('HTTP {0}, not an API error: a proxy may be in the way', status));
  const base = { status, requestId };
  const text = serverText ?? '';

  if (status === 401 || ((status === 400 || status === 403) && BAD_KEY.test(text))) {
    return errorInfo('badKey', say('The API key was refused by {0} ({1}).', ctx.server, said), base);
  }
  if (status === 402 || ((status === 403 || status === 429) && OUT_OF_CREDITS.test(text))) {
    return errorInfo('outOfCredits', say('Your {0} account is out of credits or reached its spending limit ({1}).', ctx.server, said), { ...base, ...billing(ctx) });
  }
  if (status === 403) {
    return errorInfo('noPermission', say('{0} refused the request: the key has no permission for it ({1}).', ctx.server, said), base);
  }
  const noRoute =
    status === 405 || status === 501 || (status === 404 && (!isModelPath(ctx.path) || isMissingRoute(text, ctx))) || (status === 400 && ctx.server !== 'xAI' && NO_ROUTE.test(text));
  if (noRoute) {
    const message = isModelPath(ctx.path) ? say('{0} has no {1} endpoint ({2}). Check the base URL.', ctx.server, ctx.path, said) : say('{0} has no {1} endpoint ({2}).', ctx.server, ctx.path, said);
    return errorInfo('badRequest', message, { ...base, routeMissing: true });
  }
  if ((status === 404 || (status === 410 && /model/i.test(text))) && isModelPath(ctx.path)) {
    const retired = RETIRED.test(text) || status === 410;
    const message = ctx.model
      ? retired
        ? say('The model "{0}" has been retired on {1} ({2}). Pick another model.', ctx.model, ctx.server, said)
        : say('The model "{0}" was not found on {1} ({2}). Pick another model.', ctx.model, ctx.server, said)
      : retired
        ? say('The model has been retired on {0} ({1}). Pick another model.', ctx.server, said)
        : say('The model was not found on {0} ({1}). Pick another model.', ctx.server, said);
    return errorInfo('modelNotFound', message, base);
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(headers.get('retry-after'));
    const message =
      retryAfter !== undefined
        ? say('{0} is rate limiting requests ({1}). Try again in {2} s.', ctx.server, said, retryAfter)
        : say('{0} is rate limiting requests ({1}).', ctx.server, said);
    return errorInfo('rateLimited', message, { ...base, retryAfter });
  }
  if (status === 498 || status >= 500) {
    return errorInfo('unavailable', say('{0} is unavailable right now ({1}).', ctx.server, said), base);
  }
  if ((status === 400 || status === 413 || status === 422) && CONTEXT_TOO_LONG.test(text)) {
    return errorInfo('contextTooLong', say('The conversation is too long for the model: {0}', said), base);
  }
  const parameter = status === 400 || status === 422 ? unsupportedParameterOf(text) : undefined;
  if (parameter) {
    const message = ctx.model
      ? say('{0} rejected the parameter {1}: the model "{2}" does not take it ({3}).', ctx.server, parameter, ctx.model, said)
      : say('{0} rejected the parameter {1}: the model does not take it ({2}).', ctx.server, parameter, said);
    return errorInfo('badRequest', message, {
      ...base,
      unsupportedParameter: parameter,
    });
  }
  return errorInfo('badRequest', say('{0} rejected the request: {1}', ctx.server, said), base);
}

/** A 404 on a model route that is about the route, not the model: only from servers other than xAI, which has them all. */
function isMissingRoute(text: string, ctx: ErrorContext): boolean {
  return ctx.server !== 'xAI' && !/model/i.test(text);
}

/** An error sent as a data event inside a 200 stream, e.g. `{"code": "...", "error": "The service is currently unavailable"}`. */
export function errorFromStreamPayload(payload: unknown, ctx: ErrorContext): XaiErrorInfo {
  const { message, code } = errorPayloadFields(payload);
  const text = message ?? code ? shorten(message ?? code ?? '') : undefined;
  const shown: string | Localisable = text ?? say('an unknown error');
  const status = httpStatusOf(isRecord(payload) ? payload.code : undefined) ?? httpStatusOf(code);
  // A 200 that is an error about the route itself (LM Studio answers unknown routes this way).
  if (ctx.server !== 'xAI' && text !== undefined && NO_ROUTE.test(text)) {
    return errorInfo('badRequest', say('{0} has no {1} endpoint ({2}).', ctx.server, ctx.path, text), { routeMissing: true });
  }
  const kind = streamErrorKind(`${text ?? 'an unknown error'} ${code ?? ''}`, status);
  const parameter = kind === 'badRequest' && text !== undefined ? unsupportedParameterOf(text) : undefined;
  const messages: Record<XaiErrorKind, () => Localisable> = {
    badKey: () => say('The API key was refused by {0}: {1}', ctx.server, shown),
    noPermission: () => say('{0} refused the request: {1}', ctx.server, shown),
    modelNotFound: () => (ctx.model ? say('The model "{0}" was not found on {1}: {2}', ctx.model, ctx.server, shown) : say('The model was not found on {0}: {1}', ctx.server, shown)),
    badRequest: () => say('{0} rejected the request: {1}', ctx.server, shown),
    contextTooLong: () => say('The conversation is too long for the model: {0}', shown),
    rateLimited: () => say('{0} is rate limiting requests: {1}', ctx.server, shown),
    outOfCredits: () => say('Your {0} account is out of credits or reached its spending limit: {1}', ctx.server, shown),
    unavailable: () => say('{0} stopped the answer with an error: {1}', ctx.server, shown),
    network: () => say('The connection failed: {0}', shown),
    timeout: () => say('{0} timed out: {1}', ctx.server, shown),
    cancelled: () => say('The request was cancelled: {0}', shown),
    malformed: () => say('{0} sent something unreadable: {1}', ctx.server, shown),
  };
  const extra: Partial<XaiErrorInfo> = {};
  if (status !== undefined) extra.status = status;
  if (parameter) extra.unsupportedParameter = parameter;
  if (kind === 'outOfCredits') Object.assign(extra, billing(ctx));
  return errorInfo(kind, messages[kind](), extra);
}

function streamErrorKind(text: string, status: number | undefined): XaiErrorKind {
  if (BAD_KEY.test(text) || status === 401) return 'badKey';
  if (OUT_OF_CREDITS.test(text)) return 'outOfCredits';
  if (CONTEXT_TOO_LONG.test(text)) return 'contextTooLong';
  if (/rate limit|too many requests|resource.exhausted/i.test(text) || status === 429) return 'rateLimited';
  if (status === 403 || /permission.denied/i.test(text)) return 'noPermission';
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 498) return 'badRequest';
  if (/invalid.argument|invalid_request/i.test(text)) return 'badRequest';
  // Anything else mid-stream ("service is currently unavailable", "Timed out waiting for first token",
  // "internal error") is the service failing, which a retry may fix.
  return 'unavailable';
}

/** fetch() rejects with TypeError("fetch failed") and the real reason (ECONNREFUSED, ENOTFOUND, ...) as `cause`. */
export function networkError(error: unknown, host: string, afterHeaders = false): XaiErrorInfo {
  const reason = describeCause(error);
  return afterHeaders
    ? errorInfo('network', say('The connection to {0} broke before the answer finished ({1}).', host, reason))
    : errorInfo('network', say('Could not reach {0} ({1}). Check the network, proxy and base URL.', host, reason));
}

export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (isRecord(current) || current instanceof Error) {
      const rec = current as Record<string, unknown>;
      const code = stringOf(rec.code);
      const message = stringOf(rec.message);
      if (code && !parts.includes(code)) parts.push(code);
      else if (message && message !== 'fetch failed' && !parts.includes(message)) parts.push(message);
      current = rec.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return shorten(parts.join(': ') || 'network error');
}

export function cancelledError(): XaiErrorInfo {
  return errorInfo('cancelled', say('The request was cancelled.'));
}

export function closedEarlyError(): XaiErrorInfo {
  return errorInfo('network', say('The connection closed before the answer finished.'));
}

export function missingKeyError(): XaiErrorInfo {
  return errorInfo('badKey', say('No xAI API key is set. Set one to use Grok.'));
}

export function malformedError(ctx: ErrorContext, what: Localisable, sample?: string): XaiErrorInfo {
  // `what` is the client's own description of the shape (say('a stream event that is not JSON')): a
  // message of its own, so the user reads it translated and the log keeps the English.
  return errorInfo('malformed', sample !== undefined ? say('{0} sent {1}: "{2}".', ctx.server, what, shorten(sample, 80)) : say('{0} sent {1}.', ctx.server, what));
}

function isModelPath(path: string): boolean {
  return path.startsWith('/chat/completions') || path.startsWith('/responses') || path.startsWith('/completions') || path.startsWith('/images/');
}

function httpStatusOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : NaN;
  return n >= 400 && n < 600 ? n : undefined;
}

function shorten(text: string, max = MAX_SERVER_MESSAGE): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

