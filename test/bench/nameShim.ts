/**
 * Functions handed to page.evaluate call esbuild's __name (tsx keeps names): the page must define it.
 * Script text, not a function (a function would be wrapped in __name too).
 */
export const NAME_SHIM = 'globalThis.__name ??= (f) => f;';
