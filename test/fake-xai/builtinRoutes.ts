// What the fake answers when a test scripted nothing for a route: the recorded answers where a
// recording exists, realistic generated ones otherwise. Tests that care about a reply script it.
import { apiKeyInfo } from './apiKeyInfo';
import { badCompactionItem, compactReply } from './compaction';
import { bearerKey } from './auth';
import { xaiError } from './errorBodies';
import { imageFileReply, imageGenerationReply } from './images';
import { findLanguageModel, LANGUAGE_MODELS } from './languageModels';
import { readRecording } from './recorded';
import type { RecordedRequest } from './recordedRequest';
import type { ReplyFactory } from './reply';
import { tokenize } from './tokenize';

function wantsStream(request: RecordedRequest): boolean {
  const body = request.json as { stream?: unknown } | undefined;
  return body?.stream === true;
}

/** The last path segment of a `.../*` route, decoded. */
function lastSegment(request: RecordedRequest): string {
  return decodeURIComponent(request.path.slice(request.path.lastIndexOf('/') + 1));
}

function modelNotFound(id: string) {
  return xaiError(404, 'not-found', `The model ${id} does not exist or your team does not have access to it.`);
}

export const BUILTIN_ROUTES: Readonly<Record<string, ReplyFactory>> = {
  'GET /v1/models': () => ({ recorded: '19' }),
  'GET /v1/models/*': (request) => {
    const id = lastSegment(request);
    const list = JSON.parse(readRecording('19').toString('utf8')) as { data: Array<{ id: string }> };
    const found = list.data.find((m) => m.id === id);
    return found ? { json: found, contentLength: false } : modelNotFound(id);
  },
  'GET /v1/language-models': () => ({ json: { models: LANGUAGE_MODELS }, contentLength: false }),
  'GET /v1/language-models/*': (request) => {
    const found = findLanguageModel(lastSegment(request));
    return found ? { json: found, contentLength: false } : modelNotFound(lastSegment(request));
  },
  'GET /v1/api-key': (request) => ({ json: apiKeyInfo(bearerKey(request) ?? ''), contentLength: false }),
  'POST /v1/tokenize-text': (request) => {
    const body = request.json as { text?: unknown } | undefined;
    if (typeof body?.text !== 'string') {
      return xaiError(400, 'invalid-argument', 'Request body must be JSON with a string field "text".');
    }
    return { json: tokenize(body.text), contentLength: false };
  },
  // Recording 01 is the streamed twin of 02 (same prompt, same model).
  'POST /v1/chat/completions': (request) => ({ recorded: wantsStream(request) ? '01' : '02' }),
  // A non-streamed request gets the recorded JSON response (20), never an SSE body.
  'POST /v1/responses': (request) => badCompactionItem((request.json as { input?: unknown } | undefined)?.input) ?? { recorded: wantsStream(request) ? '21' : '20' },
  // xAI's context compaction: one opaque compaction item for the input (see compaction.ts).
  'POST /v1/responses/compact': (request) => compactReply(request),
  // b64_json, or URLs on this server when response_format is "url" (see images.ts).
  'POST /v1/images/generations': (request) => imageGenerationReply(request),
  // The images behind those URLs; like xAI's imgen host, no key is needed (server.ts skips the check here).
  'GET /imgen/*': () => imageFileReply(),
};
