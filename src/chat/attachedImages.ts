// The images a question brings, checked before anything is kept: the chat's model must take images (by
// the server's list) and each must be a PNG or JPEG of at most 20 MiB. A refusal loses nothing: the user
// is told why (a notice), the page gets the question back (`unsent`: its text in the box, its images as
// thumbnails), no image is written and no message is added. No 'vscode' import, so it is unit-tested.
import type { AttachedImage, HostMessage, ImagePart } from '../protocol';
import type { ModelInfo } from '../xai/types';
import { MAX_IMAGE_BYTES, imageTypeOf } from '../conversation/imageFiles';
import { t } from '../platform/localise';

export interface ImageIntake {
  /** The model the question goes to, and the server's list (undefined before it is known: then allowed). */
  model: string;
  models: readonly ModelInfo[] | undefined;
  /** Writes one checked image beside the conversation. */
  store(bytes: Buffer, name: string): Promise<ImagePart>;
  notice(message: string): void;
  post(message: HostMessage): void;
}

/**
 * The stored images, or undefined when the question is refused (then it has been handed back to the
 * page with `unsent` and the notice says why).
 */
export async function takeImages(text: string, attached: readonly AttachedImage[], intake: ImageIntake): Promise<ImagePart[] | undefined> {
  const refuse = (message: string): undefined => {
    intake.notice(message);
    intake.post({ type: 'unsent', text, images: [...attached] });
    return undefined;
  };
  const refusal = visionRefusal(intake.model, intake.models);
  if (refusal) return refuse(refusal);
  // Every image is checked before the first is written: a refused question leaves no file behind.
  const checked: Array<{ bytes: Buffer; name: string }> = [];
  for (const image of attached) {
    const bytes = Buffer.from(image.dataUrl.slice(image.dataUrl.indexOf(',') + 1), 'base64');
    const problem = imageProblem(image.name || t('The image'), bytes);
    if (problem) return refuse(t('{0} Nothing was sent.', problem));
    checked.push({ bytes, name: image.name });
  }
  const parts: ImagePart[] = [];
  for (const c of checked) parts.push(await intake.store(c.bytes, c.name));
  return parts;
}

/** Why `model` cannot take images (naming the models that can), or undefined when it can or is not known. */
export function visionRefusal(model: string, models: readonly ModelInfo[] | undefined): string | undefined {
  const info = models?.find((m) => m.id === model || m.aliases.includes(model));
  if (!info?.inputModalities.length || info.inputModalities.includes('image')) return undefined;
  const able = (models ?? []).filter((m) => m.inputModalities.includes('image') && m.outputModalities.includes('text')).map((m) => m.id);
  return able.length ? t('{0} does not take images. Models that do: {1}. Choose one of them to send the image.', model, able.join(', ')) : t('{0} does not take images. Choose a model that does to send the image.', model);
}

/** Why the image cannot go, in the user's language, or undefined when it can. */
function imageProblem(name: string, bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_IMAGE_BYTES) return t('{0} is {1} MiB; images can be at most 20 MiB.', name, (bytes.length / 1024 / 1024).toFixed(1));
  if (!imageTypeOf(bytes)) return t('{0} is not a PNG or JPEG image.', name);
  return undefined;
}
