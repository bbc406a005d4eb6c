// Grok's own tools in the chat panel, as a user drives them against the fake xAI server on the Responses
// API: Web search toggled on goes with the question, the search card and the answer's numbered citation
// marker and Sources list render, and a source opens only through the host (VS Code asks before opening
// an external site; the test cancels, and the runner refuses any request off this machine anyway). Then an image pasted into the
// input goes to the server as an input_image data URL, and shows as a thumbnail in the sent message.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { control, openChatPanel, setKeyFromPalette, waitUntil } from './chat';
import type { E2eTest } from './e2eTest';
import { webSearchAnswerFrames } from '../fake-xai/responsesSearch';

const RESPONSES_ROUTE = 'POST /v1/responses';
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

interface Seen {
  route: string;
  json?: { tools?: unknown; store?: boolean; input?: Array<{ role?: string; content?: unknown }> };
}

function setUserSetting(file: string, key: string, value: unknown): void {
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  settings[key] = value;
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

export const tests: E2eTest[] = [
  {
    name: 'Grok\'s tools: Web search on shows the search card, a numbered citation and Sources that open through VS Code; a pasted image is sent as input_image',
    phase: 'afterReload',
    async run({ page, fakeUrl, userDataDir }) {
      const settingsFile = path.join(userDataDir, 'User', 'settings.json');
      await control(fakeUrl, '/reset');
      setUserSetting(settingsFile, 'grok.chat.api', 'auto');
      try {
        await setKeyFromPalette(page, 'xai-grok-tools-e2e-0010');
        await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { frames: webSearchAnswerFrames(), done: false, chunkDelayMs: 40 } });
        const frame = await openChatPanel(page);
        await frame.locator('.toolbar button', { hasText: 'New Chat' }).click();
        const web = frame.getByRole('button', { name: 'Web search' });
        // The toggles work once the chat uses the Responses API: they follow grok.chat.api.
        const enabled = await waitUntil(() => web.isEnabled(), 20_000);
        assert.ok(enabled, 'the Web search toggle never became available after grok.chat.api was set to auto');
        await web.click();
        assert.equal(await web.getAttribute('aria-pressed'), 'true');

        const input = frame.locator('textarea.composer-input');
        await input.pressSequentially('What is new in VS Code?');
        await input.press('Enter');
        const answer = frame.locator('.messages article.message.assistant').last();
        await answer.locator('.tool-card', { hasText: 'Searched the web: vscode latest release' }).waitFor({ state: 'visible', timeout: 20_000 });
        await answer.locator('.sources li').first().waitFor({ state: 'visible', timeout: 20_000 });
        await frame.waitForFunction(() => !document.querySelector('.messages article.message.assistant.streaming'), undefined, { timeout: 20_000 });
        assert.deepEqual(await answer.locator('.markdown-body .citation-marker').allInnerTexts(), ['[1]']);
        assert.match(await answer.locator('.sources li').first().innerText(), /\[1\]\s+Visual Studio Code updates · code\.visualstudio\.com/);
        assert.match(await answer.locator('.usage').innerText(), /1 source · 1 tool call · \$0\.0512/);

        const sent = ((await control(fakeUrl, '/requests')) as { requests: Seen[] }).requests.filter((r) => r.route === RESPONSES_ROUTE);
        assert.equal(sent.length, 1, 'the question went to /responses');
        assert.deepEqual(sent[0].json?.tools, [{ type: 'web_search' }], 'the toggle sends the web_search tool');
        assert.equal(sent[0].json?.store, false);

        // A source opens only through VS Code, which asks first for an external site.
        await answer.locator('.sources .source-link').first().click();
        const dialog = page.locator('.monaco-dialog-box', { hasText: 'code.visualstudio.com' });
        await dialog.waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden', timeout: 10_000 });

        // A pasted image goes with the next question as an input_image data URL.
        await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { frames: webSearchAnswerFrames({ id: 'resp_2', text: 'A single dot ' }), done: false } });
        await input.click();
        await frame.evaluate((b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], 'dot.png', { type: 'image/png' }));
          document.querySelector('textarea.composer-input')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }, PNG_BASE64);
        await frame.locator('.attached-images img').waitFor({ state: 'visible', timeout: 10_000 });
        await input.pressSequentially('What is in this picture?');
        await input.press('Enter');
        const question = frame.locator('.messages article.message.user').last();
        await question.locator('img.message-image').waitFor({ state: 'visible', timeout: 15_000 });
        const got = await waitUntil(async () => ((await control(fakeUrl, '/requests')) as { requests: Seen[] }).requests.filter((r) => r.route === RESPONSES_ROUTE).length === 2, 15_000);
        assert.ok(got, 'the question with the image was not sent');
        const second = ((await control(fakeUrl, '/requests')) as { requests: Seen[] }).requests.filter((r) => r.route === RESPONSES_ROUTE)[1];
        const user = second.json?.input?.filter((i) => i.role === 'user').at(-1);
        assert.deepEqual(user?.content, [
          { type: 'input_text', text: 'What is in this picture?' },
          { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}` },
        ]);
        await frame.waitForFunction(() => !document.querySelector('.messages article.message.assistant.streaming'), undefined, { timeout: 20_000 });
      } finally {
        setUserSetting(settingsFile, 'grok.chat.api', 'chatCompletions');
        await control(fakeUrl, '/reset');
      }
    },
  },
];
