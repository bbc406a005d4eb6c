// The chat page's entry: build the page, listen, then say `ready` (the host answers with a snapshot).
import { App } from './app';
import { parseHostMessage } from './hostMessages';
import { ensureReadableCode } from './tokenColors';
import { createBridge } from './vscodeApi';

const root = document.getElementById('app');
if (root) {
  const bridge = createBridge();
  const app = new App(root, bridge);
  window.addEventListener('message', (event: MessageEvent) => {
    const msg = parseHostMessage(event.data);
    if (msg) app.handle(msg);
  });
  bridge.post({ type: 'ready' });
  // The page's fallback code colours, until the theme's arrive, read too.
  ensureReadableCode();
}
