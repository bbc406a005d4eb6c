// Error replies in the two shapes a client must parse: xAI's flat `{code, error}` (seen in the
// recordings) and OpenAI's nested `{error: {message, type, code}}` (other compatible servers).
import type { Reply } from './reply';

/** xAI's flat error body with a status, e.g. `xaiError(429, 'resource-exhausted', 'Too many requests', {'Retry-After': '2'})`. */
export function xaiError(status: number, code: string, error: string, headers?: Record<string, string>): Reply {
  return { status, json: { code, error }, headers };
}

/** OpenAI's nested error body with a status. */
export function openAiError(
  status: number,
  message: string,
  type = 'invalid_request_error',
  code: string | null = null,
  headers?: Record<string, string>,
): Reply {
  return { status, json: { error: { message, type, code } }, headers };
}

/**
 * No usable `Authorization: Bearer <key>` header. xAI documents 401 for this case; the exact body
 * is not recorded, so the wording here is the fake's own, in the recorded flat shape.
 */
export function missingKeyReply(): Reply {
  return xaiError(
    401,
    'unauthenticated',
    'No API key provided. Send the header "Authorization: Bearer <XAI_API_KEY>". You can obtain an API key from https://console.x.ai.',
  );
}

/** A key xAI rejects: the exact recorded answer, 400 (not 401). The Responses API uses the newer wording. */
export function invalidKeyReply(path: string): Reply {
  return { recorded: path.startsWith('/v1/responses') ? '18' : '16' };
}

/**
 * The conversation is longer than the model's window: recording 17's status, code and wording, with the
 * request's own token count.
 */
export function contextTooLongReply(tokens: number, maxTokens = 131072): Reply {
  return xaiError(400, 'Client specified an invalid argument', `This model's maximum prompt length is ${maxTokens} but the request contains ${tokens} tokens.`);
}

export function notFoundReply(method: string, path: string): Reply {
  return xaiError(404, 'not-found', `fake-xai has no route ${method} ${path}.`);
}

export function methodNotAllowedReply(method: string, path: string): Reply {
  return xaiError(405, 'method-not-allowed', `Method ${method} is not allowed on ${path}.`);
}

/** A scripting mistake (bad Reply), reported to the client so the test fails visibly. */
export function fakeErrorReply(message: string): Reply {
  return xaiError(500, 'fake-xai-error', message);
}
