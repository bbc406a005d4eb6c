// /v1/images/generations as xAI answers it: {data: [{b64_json | url, mime_type}], usage: {cost_in_usd_ticks}}
// (recorded 47). With response_format "url" (or the images-url scenario) the URLs point back at this server,
// under /imgen/ (outside /v1 and without a key, like xAI's public imgen.x.ai host), so a client can fetch them
// without ever leaving 127.0.0.1.
import { xaiError } from './errorBodies';
import type { RecordedRequest } from './recordedRequest';
import type { Reply } from './reply';

/** A valid 1x1 PNG: every image the fake generates or serves has these bytes. */
export const FAKE_IMAGE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** $0.02 per image, the price recorded 47 was billed. */
export const IMAGE_COST_TICKS = 200_000_000;

/** Where the generated images are served (no key needed, as on imgen.x.ai). */
export const IMAGE_PATH_PREFIX = '/imgen/';

export function imageGenerationReply(request: RecordedRequest, form: 'asked' | 'url' = 'asked'): Reply {
  const body = (request.json ?? {}) as { prompt?: unknown; n?: unknown; response_format?: unknown; size?: unknown };
  if (typeof body.prompt !== 'string' || body.prompt === '') {
    return xaiError(400, 'invalid-argument', 'Request body must be JSON with a non-empty string field "prompt".');
  }
  // xAI rejects the OpenAI parameter `size` (docs).
  if (body.size !== undefined) return xaiError(400, 'Client specified an invalid argument', 'Argument not supported: size');
  const n = typeof body.n === 'number' ? body.n : 1;
  if (!Number.isInteger(n) || n < 1 || n > 10) return xaiError(400, 'invalid-argument', 'n must be between 1 and 10.');
  const asUrl = form === 'url' || body.response_format === 'url';
  const origin = `http://${request.headers.host ?? '127.0.0.1'}`;
  const data = Array.from({ length: n }, (_, i) =>
    asUrl
      ? { url: `${origin}${IMAGE_PATH_PREFIX}fake-${request.index}-${i}.png`, mime_type: 'image/png' }
      : { b64_json: FAKE_IMAGE_PNG.toString('base64'), mime_type: 'image/png' },
  );
  return { json: { data, usage: { cost_in_usd_ticks: IMAGE_COST_TICKS * n } } };
}

export function imageFileReply(): Reply {
  return { body: FAKE_IMAGE_PNG, contentType: 'image/png', contentLength: true };
}
