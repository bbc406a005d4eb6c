// Which models of the live list make images, and which is used for /imagine: never a hard-coded id.
import type { ModelInfo } from '../xai/types';

/** Image generators: image output (from /language-models), or named so where the list says nothing (/models). */
export function isImageModel(m: ModelInfo): boolean {
  if (m.outputModalities.length) return m.outputModalities.includes('image') && !m.outputModalities.includes('text');
  return /(^|[-_/])(image|imagine)([-_]|$)/i.test(m.id) && !/video/i.test(m.id);
}

/** The newest image model the server lists (by `created`, then by id), or undefined when it lists none. */
export function imageModelFor(models: readonly ModelInfo[] | undefined): string | undefined {
  const candidates = (models ?? []).filter(isImageModel);
  candidates.sort((a, b) => (b.created ?? 0) - (a.created ?? 0) || a.id.length - b.id.length || a.id.localeCompare(b.id));
  return candidates[0]?.id;
}
