// Images of a conversation, as files beside its JSON (conversations/<id>.files/<imageId>.png|jpg), never
// inside it: the history list stays fast however many pictures a chat holds. Reads are cached as data:
// URLs, so building a request or a snapshot is synchronous once a conversation's images are loaded.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ImageMime, ImagePart } from '../shared/messageParts';
import { writeFileAtomic } from './atomicFile';

/** xAI's limit for one image. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** The type the bytes are, by their signature (never trusting a name or a declared type), or undefined. */
export function imageTypeOf(bytes: Uint8Array): ImageMime | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

export function dataUrlOf(mimeType: ImageMime, bytes: Uint8Array): string {
  return `data:${mimeType};base64,${Buffer.from(bytes).toString('base64')}`;
}

export class ImageFiles {
  private readonly cache = new Map<string, string>();

  /** `dirOf(conversationId)`: the folder for that conversation's images. */
  constructor(private readonly dirOf: (conversationId: string) => string) {}

  /** Writes the bytes beside the conversation and returns the part that refers to them. */
  async add(conversationId: string, bytes: Uint8Array, fields: Pick<ImagePart, 'origin'> & Partial<Pick<ImagePart, 'name' | 'prompt'>>): Promise<ImagePart> {
    const mimeType = imageTypeOf(bytes);
    if (!mimeType) throw new Error('not a PNG or JPEG image');
    const part: ImagePart = { type: 'image', id: randomUUID(), origin: fields.origin, mimeType, bytes: bytes.length };
    if (fields.name) part.name = fields.name;
    if (fields.prompt) part.prompt = fields.prompt;
    const file = this.fileOf(conversationId, part);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.from(bytes));
    this.cache.set(file, dataUrlOf(mimeType, bytes));
    return part;
  }

  /** Reads every image of these parts not yet cached; a missing file is skipped (the page shows the name). */
  async load(conversationId: string, parts: readonly ImagePart[]): Promise<void> {
    await Promise.all(
      parts.map(async (p) => {
        const file = this.fileOf(conversationId, p);
        if (this.cache.has(file)) return;
        try {
          this.cache.set(file, dataUrlOf(p.mimeType, await fs.readFile(file)));
        } catch {
          // Gone (deleted by hand): the message keeps the part, shown without its picture.
        }
      }),
    );
  }

  /** The image's data: URL if it is loaded. */
  dataUrl(conversationId: string, part: ImagePart): string | undefined {
    return this.cache.get(this.fileOf(conversationId, part));
  }

  async bytes(conversationId: string, part: ImagePart): Promise<Buffer> {
    return fs.readFile(this.fileOf(conversationId, part));
  }

  fileOf(conversationId: string, part: Pick<ImagePart, 'id' | 'mimeType'>): string {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(part.id)) throw new Error('not an image id');
    return path.join(this.dirOf(conversationId), `${part.id}${part.mimeType === 'image/png' ? '.png' : '.jpg'}`);
  }
}
