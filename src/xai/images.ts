// POST /images/generations: asks for b64_json so the bytes come in the answer. Where a server still answers with a
// temporary URL (recorded 47: {data: [{url, mime_type}], usage: {cost_in_usd_ticks}}), the image is fetched once,
// through the same injected fetch, without the API key, and returned as base64 like the rest.
import { say } from '../shared/localise';
import type { GeneratedImage, ImageRequest, ImageResult } from './types';
import type { RequestSpec, Transport } from './transport';
import { isRecord } from '../shared/isRecord';
import { errorInfo, malformedError, XaiError } from './errors';
import { requestJson } from './jsonRequest';

/** A generated image larger than this is refused rather than held in memory (xAI's are a few MB). */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

export function imageBody(request: ImageRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, prompt: request.prompt, response_format: 'b64_json' };
  if (request.n !== undefined) body.n = request.n;
  if (request.aspectRatio !== undefined) body.aspect_ratio = request.aspectRatio;
  if (request.resolution !== undefined) body.resolution = request.resolution;
  return body;
}

export async function generateImages(transport: Transport, request: ImageRequest, signal: AbortSignal | undefined): Promise<ImageResult> {
  const spec: RequestSpec = { method: 'POST', path: '/images/generations', body: imageBody(request), model: request.model };
  const { json } = await requestJson(transport, spec, signal);
  const data = isRecord(json) && Array.isArray(json.data) ? json.data : undefined;
  if (!data || data.length === 0) throw new XaiError(malformedError(transport.context(spec), say('an image answer without images')));
  const images: GeneratedImage[] = [];
  for (const entry of data) {
    if (!isRecord(entry)) continue;
    const declared = typeof entry.mime_type === 'string' ? entry.mime_type : undefined;
    if (typeof entry.b64_json === 'string' && entry.b64_json !== '') {
      const bytes = Buffer.from(entry.b64_json, 'base64');
      images.push({ mimeType: sniffImageType(bytes) ?? declared ?? 'image/png', base64: entry.b64_json });
    } else if (typeof entry.url === 'string') {
      const { bytes, contentType } = await downloadImage(transport, entry.url, signal);
      images.push({ mimeType: sniffImageType(bytes) ?? declared ?? contentType ?? 'image/png', base64: Buffer.from(bytes).toString('base64') });
    }
  }
  if (images.length === 0) throw new XaiError(malformedError(transport.context(spec), say('an image answer without image data')));
  const result: ImageResult = { images };
  const usage = isRecord(json) && isRecord(json.usage) ? json.usage : undefined;
  if (typeof usage?.cost_in_usd_ticks === 'number') result.costInUsdTicks = usage.cost_in_usd_ticks;
  return result;
}

/**
 * One GET of a temporary image URL. Only https, or the API server's own origin (a loopback test server): the
 * URL comes from the API's answer, and nothing else may make the extension reach an arbitrary host.
 */
async function downloadImage(
  transport: Transport,
  url: string,
  signal: AbortSignal | undefined,
): Promise<{ bytes: Uint8Array; contentType?: string }> {
  const spec: RequestSpec = { method: 'GET', path: '/images/generations' };
  const ctx = transport.context(spec);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new XaiError(malformedError(ctx, say('an image URL that is not a URL')));
  }
  const apiOrigin = new URL(transport.config.baseUrl).origin;
  if (parsed.protocol !== 'https:' && parsed.origin !== apiOrigin) {
    throw new XaiError(malformedError(ctx, say('an image URL that is not https')));
  }
  const attempt = transport.attempt(spec, signal);
  try {
    const response = await attempt.send(transport.config.fetch, parsed.href, { method: 'GET', headers: { Accept: 'image/*' } });
    if (!response.ok) {
      throw new XaiError(errorInfo('unavailable', say('Could not download the generated image from {0} (HTTP {1}).', parsed.host, response.status), { status: response.status }));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let chunk = await attempt.read(); chunk; chunk = await attempt.read()) {
      attempt.watchdog.armIdle();
      size += chunk.length;
      if (size > MAX_IMAGE_BYTES) throw new XaiError(errorInfo('malformed', say('The generated image is larger than {0} MiB.', MAX_IMAGE_BYTES / 1024 / 1024)));
      chunks.push(chunk);
    }
    const type = response.headers.get('content-type')?.split(';')[0].trim();
    return { bytes: Buffer.concat(chunks), contentType: type?.startsWith('image/') ? type : undefined };
  } catch (error) {
    throw error instanceof XaiError ? error : new XaiError(attempt.failure(error));
  } finally {
    attempt.dispose();
  }
}

/** The type the bytes say they are (PNG, JPEG, GIF, WebP), which wins over what the server declared. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return undefined;
}
