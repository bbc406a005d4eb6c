// The chat page. Runs in the webview; talks to the host only through postMessage.
const app = document.getElementById('app');
if (app) {
  const h = document.createElement('h2');
  h.textContent = 'Grok';
  app.append(h);
}
