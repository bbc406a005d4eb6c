// npm start -- --demo: the loopback fake xAI server replaying real recorded Grok answers (the `demo`
// scenario, test/fake-xai/demo.ts), and the settings and key that point the extension at it. Nothing
// leaves 127.0.0.1; the key is a placeholder the fake accepts, not a real one.
import path from 'node:path';
import { startFakeXai } from './fakeXai.mjs';

export const DEMO_KEY = 'xai-demo-key-not-a-real-key';

/** Resolves to { url, key, settings, env, stop() }. */
export async function startDemoServer(logDir) {
  const fake = await startFakeXai('demo', ['--scenario', 'demo'], path.join(logDir, 'fake-xai-demo.log'));
  return {
    url: fake.url,
    key: DEMO_KEY,
    settings: { 'grok.baseUrl': fake.url },
    // The extension falls back to XAI_API_KEY when no key is stored (the demo profile has none).
    env: { XAI_API_KEY: DEMO_KEY },
    stop: fake.stop,
  };
}
