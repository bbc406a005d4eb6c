// The chat page's entry: say `ready`, then build the page when the host answers: with its `strings`
// first (the page in the user's language), then a snapshot. A host that sends no strings, or is slow to
// answer, gets the page in English (and the draft back) after a moment rather than a blank view.
import { App } from './app';
import { parseHostMessage } from './hostMessages';
import { setPageStrings } from './strings';
import { ensureReadableCode } from './tokenColors';
import { createBridge } from './vscodeApi';

/** How long the page waits for the host's first answer before showing itself in English. */
const STRINGS_WAIT_MS = 1500;

const root = document.getElementById('app');
if (root) {
  const bridge = createBridge();
  let app: App | undefined;
  const fallback = window.setTimeout(() => (app ??= new App(root, bridge)), STRINGS_WAIT_MS);
  window.addEventListener('message', (event: MessageEvent) => {
    const msg = parseHostMessage(event.data);
    if (!msg) return;
    if (!app) {
      // Only until the page is built: then every delta of a streamed answer comes through here.
      window.clearTimeout(fallback);
      // The page is built in the host's language when its strings come first.
      if (msg.type === 'strings') setPageStrings(msg.strings, msg.locale);
      app = new App(root, bridge);
      if (msg.type === 'strings') return;
    }
    app.handle(msg);
  });
  bridge.post({ type: 'ready' });
  // The page's fallback code colours, until the theme's arrive, read too.
  ensureReadableCode();
}
