// The chat page's entry: say `ready`, then build the page when the host answers: with its `strings`
// first (the page in the user's language), then a snapshot. A host that sends no strings gets English.
import { App } from './app';
import { parseHostMessage } from './hostMessages';
import { setPageStrings } from './strings';
import { ensureReadableCode } from './tokenColors';
import { createBridge } from './vscodeApi';

const root = document.getElementById('app');
if (root) {
  const bridge = createBridge();
  let app: App | undefined;
  window.addEventListener('message', (event: MessageEvent) => {
    const msg = parseHostMessage(event.data);
    if (!msg) return;
    if (!app && msg.type === 'strings') {
      setPageStrings(msg.strings);
      app = new App(root, bridge);
      return;
    }
    app ??= new App(root, bridge);
    app.handle(msg);
  });
  bridge.post({ type: 'ready' });
  // The page's fallback code colours, until the theme's arrive, read too.
  ensureReadableCode();
}
