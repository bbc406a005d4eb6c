// Seeded shuffling of test order (npm test --shuffle[=seed]). The seed is printed by the runner, so a
// run that failed in one order can be replayed in exactly that order.
import { createPrng } from './fake-xai/prng';

/** A new array with the items in an order fully determined by `seed` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = createPrng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** GROK_SUITES: a comma-separated list of substrings; a suite runs when its file name or title contains one. */
export function suiteFilter(value: string | undefined): ((name: string) => boolean) | undefined {
  const parts = (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (parts.length === 0) return undefined;
  return (name) => parts.some((p) => name.toLowerCase().includes(p));
}
