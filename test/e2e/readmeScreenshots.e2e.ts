// The README's pictures, taken in the real VS Code as a user would see it: the chat with an answer in a
// dark and a light theme, Insert Code at Cursor, Edit Selection's proposed diff, a web-searched answer
// with its numbered citations and Sources, the agent asking to approve an edit (its diff open beside),
// and /imagine's generated image. Each is checked for what it must show
// before it is saved as test-output/screenshots/readme-*.png; `npm run screenshots` scales them into
// docs/images. Each test sets up what it needs and puts back every setting it changed (any order).
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { LANGUAGE_MODELS } from '../fake-xai/languageModels';
import { CHAT_ROUTE, control, setKeyFromPalette, textChunk } from './chat';
import type { E2eTest } from './e2eTest';
import { drawPng } from './png';
import { answerDone, ask, onResponsesApi, RESPONSES_ROUTE } from './grokChat';
import { setUserSettings } from './hostSettings';
import { clearNotifications, dragSidebarTo, openFile, runFromPalette, settled, sidebarWidth } from './workbench';

const OUT = path.join('test-output', 'screenshots');
const IMAGES_ROUTE = 'POST /v1/images/generations';

const QUESTION = 'How can greet() avoid building the same string twice?';
const ANSWER =
  'A `Map` keyed by name keeps each greeting once:\n\n```javascript\nconst cache = new Map();\n\nfunction greet(name) {\n  if (!cache.has(name)) {\n    cache.set(name, `Hello, ${name}!`);\n  }\n  return cache.get(name);\n}\n```\n\n- **Fast**: one lookup per call.\n- **Bounded?** No: clear it when names come from users.';
/** What an answer like this costs on grok-4-1-fast ($0.0004), in xAI's ticks. */
const ANSWER_TICKS = 3_600_000;
const INSERTED = '```javascript\nfunction farewell(name) {\n  return `Goodbye, ${name}!`;\n}\n```';
const REWRITE = '```javascript\nfunction greet(name) {\n  const who = String(name).trim() || "there";\n  return `Hello, ${who}!`;\n}\n```';

const SEARCH_QUESTION = 'How do I turn on strict type checking in TypeScript?';
const SEARCH_QUERY = 'tsconfig strict option';
const SOURCES = ['https://www.typescriptlang.org/tsconfig/#strict', 'https://www.typescriptlang.org/docs/handbook/2/basic-types.html#strictness'];
const SEARCH_ANSWER =
  `Set \`strict\` in the \`compilerOptions\` of your \`tsconfig.json\` [[1]](${SOURCES[0]}):\n\n` +
  '```json\n{\n  "compilerOptions": {\n    "strict": true\n  }\n}\n```\n\n' +
  `It turns on the whole family of strict checks at once, among them \`noImplicitAny\` and \`strictNullChecks\` [[2]](${SOURCES[1]}); ` +
  'turn a single one off again where you need to.';

const AGENT_DIR = 'readme-shop';
const CART = 'export function total(items) {\n  let sum = 0;\n  for (const item of items) sum += item.price * item.quantity;\n  return sum;\n}\n';

function finish(): object {
  return { ...textChunk(''), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
}

async function save(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await settled(page);
  await page.screenshot({ path: path.join(OUT, `readme-${name}.png`), ...(clip ? { clip } : {}) });
}

/** No toast over the picture: waits until none shows (progress toasts close themselves), then clears what is left. */
async function noToasts(page: Page): Promise<void> {
  await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  if (await page.locator('.notifications-toasts .notification-list-item').count()) await clearNotifications(page);
  assert.equal(await page.locator('.notifications-toasts .notification-list-item').count(), 0, 'a notification would cover the picture');
  assert.equal(await page.locator('.quick-input-widget:visible').count(), 0, 'a quick input would cover the picture');
}

/** Waits until the workbench is light or dark as asked (after a colour theme change). */
async function themeApplied(page: Page, light: boolean): Promise<void> {
  await page.waitForFunction((wantLight) => document.querySelector('.monaco-workbench')?.classList.contains('vs') === wantLight, light, { timeout: 15_000 });
  await page.waitForTimeout(500); // the page re-reads the theme's token colours
}

/** The side bar with the chat, and a little of the editor beside it. */
async function chatClip(page: Page, height = 900, editor = 360) {
  const box = await page.locator('.part.sidebar').boundingBox();
  assert.ok(box, 'no sidebar');
  return { x: 0, y: 0, width: Math.min(1400, Math.round(box.x + box.width + editor)), height };
}

const WIDE = 420;
/** A reasoning model from the fake's list, so the answer's "Thought" line fits the model shown. */
const REASONING_MODEL = { 'grok.model': 'grok-4-1-fast-reasoning' };

/** Runs `body` with the side bar dragged to `width` px, then drags it back. */
async function withSidebarWidth(page: Page, width: number, body: () => Promise<void>): Promise<void> {
  const original = await sidebarWidth(page);
  try {
    await dragSidebarTo(page, width);
    await body();
  } finally {
    await dragSidebarTo(page, original).catch(() => undefined);
  }
}

/** The editor area only (right of the side bar), from the top: the editor commands' pictures. */
async function editorClip(page: Page, height: number) {
  const box = await page.locator('.part.sidebar').boundingBox();
  assert.ok(box, 'no sidebar');
  const x = Math.round(box.x + box.width + 2);
  return { x, y: 0, width: 1400 - x, height };
}

/** The last answer's rendered text, with plain spaces. */
async function answerText(frame: Frame): Promise<string> {
  return (await frame.locator('.messages article.message.assistant .markdown-body').last().innerText()).replace(/\s+/g, ' ');
}

/** An editor's proposal or insertion done: the command's progress notification gone. */
async function runEditorCommand(page: Page, label: string, prompt: string, instruction: string): Promise<void> {
  await page.keyboard.press('F1');
  const quick = page.locator('.quick-input-widget input.input');
  await quick.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: prompt }).waitFor({ state: 'visible', timeout: 10_000 });
  await quick.fill(instruction);
  await page.keyboard.press('Enter');
}

/** A lighthouse at dusk: a sky fading from violet to orange, the sea, a striped tower with its light. */
function lighthouse(size = 256): Buffer {
  const mix = (a: number[], b: number[], t: number) => a.map((v, i) => Math.round(v + (b[i] - v) * t)) as [number, number, number];
  const horizon = Math.round(size * 0.68);
  const lamp = { x: size * 0.62, y: size * 0.3 };
  return drawPng(size, size, (x, y) => {
    const towerTop = size * 0.34;
    const half = size * (0.035 + 0.03 * ((y - towerTop) / (horizon - towerTop)));
    if (y >= towerTop && y < horizon + size * 0.02 && Math.abs(x - lamp.x) <= half) {
      return Math.floor((y - towerTop) / (size * 0.07)) % 2 === 0 ? [236, 236, 228] : [196, 48, 44];
    }
    const glow = Math.hypot(x - lamp.x, y - lamp.y) / (size * 0.06);
    if (glow < 1) return [255, 236, 150];
    if (y >= horizon) {
      const t = (y - horizon) / (size - horizon);
      const shimmer = Math.abs(x - lamp.x) < size * 0.03 * (1 - t) && (y % 4 < 2) ? 0.35 : 0;
      return mix(mix([40, 52, 98], [14, 22, 48], t), [255, 190, 120], shimmer);
    }
    const sky = mix([58, 44, 110], [250, 150, 80], y / horizon);
    return glow < 2.5 ? mix(sky, [255, 236, 150], (2.5 - glow) / 3) : sky;
  });
}

export const tests: E2eTest[] = [
  {
    name: 'README screenshots: the chat with an answer in a dark and a light theme',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl } = ctx;
      const restoreTheme = await setUserSettings(ctx, { 'workbench.colorTheme': 'Dark 2026' });
      try {
        await openFile(page, 'hello.js');
        await onResponsesApi(ctx, 'xai-readme-chat-0014', (frame) => withSidebarWidth(page, WIDE, async () => {
          await control(fakeUrl, '/enqueue', { route: RESPONSES_ROUTE, reply: { responses: { text: ANSWER, reasoning: 'Memoise the greeting per name.', textDeltas: 40, costInUsdTicks: ANSWER_TICKS }, chunkDelayMs: 20 } });
          await ask(frame, QUESTION);
          const answer = await answerDone(frame);
          await answer.locator('.code-block', { hasText: 'cache.set' }).waitFor({ state: 'visible', timeout: 10_000 });
          await answer.locator('.usage').waitFor({ state: 'visible', timeout: 10_000 });
          assert.match(await answerText(frame), /A Map keyed by name keeps each greeting once/);
          assert.equal(await frame.locator('.messages article.message.user').count(), 1);
          await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, force: true });
          await noToasts(page);
          await themeApplied(page, false);
          await save(page, 'chat-dark', await chatClip(page));

          await setUserSettings(ctx, { 'workbench.colorTheme': 'Light 2026' });
          await themeApplied(page, true);
          await noToasts(page);
          await save(page, 'chat-light', await chatClip(page));
        }), { settings: REASONING_MODEL });
      } finally {
        await restoreTheme();
      }
    },
  },
  {
    name: 'README screenshots: Insert Code at Cursor',
    phase: 'afterReload',
    async run({ page, fakeUrl }) {
      await control(fakeUrl, '/reset');
      try {
        await setKeyFromPalette(page, 'xai-readme-insert-0014');
        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [...(INSERTED.match(/[\s\S]{1,8}/g) ?? []).map((p) => textChunk(p)), finish()] } });
        await openFile(page, 'hello.js');
        await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'function greet' }).first().click();
        await page.keyboard.press('Control+End');
        await runEditorCommand(page, 'Grok: Insert Code at Cursor', 'What should Grok write at the cursor', 'add a farewell function');
        await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'Goodbye' }).first().waitFor({ state: 'visible', timeout: 15_000 });
        await page.locator('.part.statusbar', { hasText: /inserted/i }).waitFor({ state: 'visible', timeout: 15_000 });
        await noToasts(page);
        await save(page, 'insert-at-cursor', await editorClip(page, 260));
        await page.keyboard.press('Control+Z');
        await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'Goodbye' }).first().waitFor({ state: 'detached', timeout: 10_000 });
      } finally {
        await control(fakeUrl, '/reset');
      }
    },
  },
  {
    name: 'README screenshots: Edit Selection proposes its rewrite as a diff',
    phase: 'afterReload',
    async run({ page, fakeUrl }) {
      await control(fakeUrl, '/reset');
      try {
        await setKeyFromPalette(page, 'xai-readme-edit-0014');
        await control(fakeUrl, '/enqueue', { route: CHAT_ROUTE, reply: { events: [...(REWRITE.match(/[\s\S]{1,8}/g) ?? []).map((p) => textChunk(p, 'edit')), finish()] } });
        await openFile(page, 'hello.js');
        await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'function greet' }).first().click();
        await page.keyboard.press('Control+A');
        await runEditorCommand(page, 'Grok: Edit Selection', 'How should Grok change the selected code', 'treat an empty name as "there"');
        await page.locator('.tab', { hasText: "Grok's proposed edit" }).first().waitFor({ state: 'visible', timeout: 15_000 });
        await page.locator('.monaco-diff-editor .view-line', { hasText: '"there"' }).first().waitFor({ state: 'visible', timeout: 15_000 });
        await noToasts(page);
        assert.ok(await page.locator('.monaco-diff-editor .view-line', { hasText: '"there"' }).first().isVisible());
        await save(page, 'edit-selection', await editorClip(page, 260));
      } finally {
        await runFromPalette(page, 'Grok: Reject Proposed Edit').catch(() => undefined);
        await runFromPalette(page, 'View: Close All Editors').catch(() => undefined);
        await control(fakeUrl, '/reset');
      }
    },
  },
  {
    name: 'README screenshots: a web-searched answer with its search card, numbered citations and Sources',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl } = ctx;
      await onResponsesApi(ctx, 'xai-readme-search-0014', (frame) => withSidebarWidth(page, WIDE, async () => {
        await control(fakeUrl, '/enqueue', {
          route: RESPONSES_ROUTE,
          reply: {
            responses: { text: SEARCH_ANSWER, reasoning: 'Check the TypeScript docs for the tsconfig option.', webSearch: { query: SEARCH_QUERY, sources: SOURCES.map((url) => ({ url })) }, textDeltas: 40, costInUsdTicks: 52_000_000 },
            chunkDelayMs: 20,
          },
        });
        const toggle = frame.getByRole('button', { name: 'Web search', exact: true });
        await frame.waitForFunction(() => [...document.querySelectorAll<HTMLButtonElement>('.composer-tools button.tool-toggle')].some((b) => b.getAttribute('aria-label') === 'Web search' && !b.disabled), undefined, { timeout: 10_000 });
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'Web search did not turn on');
        await ask(frame, SEARCH_QUESTION);
        const answer = await answerDone(frame);

        const card = answer.locator('.tool-card[data-tool="web_search"]');
        assert.equal(await card.count(), 1);
        assert.equal((await card.locator('.tool-card-title').innerText()).trim(), `Searched the web: ${SEARCH_QUERY}`);
        assert.deepEqual(await answer.locator('.markdown-body .citation-marker').allInnerTexts(), ['[1]', '[2]']);
        assert.deepEqual(
          (await answer.locator('.sources li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
          ['[1] typescriptlang.org', '[2] typescriptlang.org'],
        );
        await answer.locator('.code-block', { hasText: '"strict": true' }).waitFor({ state: 'visible', timeout: 10_000 });
        assert.match(await answer.locator('.usage').innerText(), / · 2 sources · 1 tool call · \$0\.\d{4}$/);
        await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, force: true });
        await noToasts(page);
        await save(page, 'web-search', await chatClip(page, 900, 0));
      }), { settings: REASONING_MODEL });
    },
  },
  {
    name: 'README screenshots: the agent asks to approve an edit, its diff open beside',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl } = ctx;
      const root = path.join(ctx.workspace, AGENT_DIR);
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root, { recursive: true });
      writeFileSync(path.join(root, 'cart.js'), CART);
      const call = (name: string, args: unknown, costInUsdTicks: number) => ({ responses: { functionCall: { name, arguments: JSON.stringify(args) }, reasoning: '', costInUsdTicks } });
      try {
        await onResponsesApi(ctx, 'xai-readme-agent-0014', (frame) => withSidebarWidth(page, WIDE, async () => {
          await control(fakeUrl, '/enqueue', {
            route: RESPONSES_ROUTE,
            replies: [
              call('read_file', { path: `${AGENT_DIR}/cart.js` }, 12_000_000),
              call('edit_file', { path: `${AGENT_DIR}/cart.js`, edits: [{ search: '  return sum;', replace: '  return Math.round(sum * 100) / 100;' }] }, 14_000_000),
              { responses: { text: 'Left cart.js as it was.', reasoning: '' } },
            ],
          });
          const mode = frame.getByRole('combobox', { name: 'Mode', exact: true });
          await mode.selectOption('agent');
          assert.equal(await mode.inputValue(), 'agent');
          // The file open in the editor: Open Diff puts the proposal beside it.
          await openFile(page, 'cart.js');
          await ask(frame, `Round total() in ${AGENT_DIR}/cart.js to whole cents`);

          const card = frame.locator('.agent-card[data-tool="edit_file"][data-status="awaitingApproval"]').last();
          await card.waitFor({ state: 'visible', timeout: 20_000 });
          assert.equal(await frame.locator('.agent-card[data-tool="read_file"]').first().getAttribute('data-status'), 'done', 'the read ran without asking');
          for (const name of [/^Open Diff/, /^Approve/, /^Deny/]) assert.ok(await card.getByRole('button', { name }).isVisible(), `the card has no ${name} button`);
          await card.getByRole('button', { name: /^Open Diff/ }).click();
          await page.locator('.tabs-container .tab', { hasText: 'proposed by Grok' }).first().waitFor({ state: 'visible', timeout: 10_000 });
          await page.locator('.monaco-diff-editor .view-line', { hasText: 'Math.round' }).first().waitFor({ state: 'visible', timeout: 10_000 });
          await card.scrollIntoViewIfNeeded();
          await noToasts(page);
          await save(page, 'agent-approval', { x: 0, y: 0, width: 1400, height: 900 });

          // Deny: nothing is written, and the task ends with Grok's answer.
          await card.getByRole('button', { name: /^Deny/ }).click();
          await answerDone(frame);
          assert.equal(await frame.locator('.agent-card[data-tool="edit_file"]').last().getAttribute('data-status'), 'denied');
        }), { settings: REASONING_MODEL });
      } finally {
        await runFromPalette(page, 'View: Close All Editors').catch(() => undefined);
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'README screenshots: /imagine shows the generated image with Save As and Copy',
    phase: 'afterReload',
    async run(ctx) {
      const { page, fakeUrl } = ctx;
      // The server lists an image model (by its output modality; no id is hard-coded in the product).
      const imageModel = { ...LANGUAGE_MODELS[0], id: 'grok-imagine-image', aliases: [], created: 1_790_000_000, input_modalities: ['text'], output_modalities: ['image'] };
      const picture = lighthouse();
      await onResponsesApi(
        ctx,
        'xai-readme-imagine-0014',
        (frame) => withSidebarWidth(page, WIDE, async () => {
          await control(fakeUrl, '/enqueue', { route: IMAGES_ROUTE, reply: { json: { data: [{ b64_json: picture.toString('base64'), mime_type: 'image/png' }], usage: { cost_in_usd_ticks: 200_000_000 } } } });
          await ask(frame, '/imagine a lighthouse at dusk');
          const answer = await answerDone(frame);
          const image = answer.locator('.image-part.generated img.message-image');
          await image.waitFor({ state: 'visible', timeout: 10_000 });
          await frame.waitForFunction(() => {
            const img = [...document.querySelectorAll<HTMLImageElement>('.image-part.generated img.message-image')].at(-1);
            return !!img && img.complete && img.naturalWidth === 256;
          }, undefined, { timeout: 10_000 });
          assert.equal(await image.getAttribute('alt'), 'Generated image: a lighthouse at dusk');
          for (const name of ['Save this image into the workspace', 'Copy this image']) assert.ok(await answer.getByRole('button', { name }).isVisible(), `no ${name} button`);
          assert.match(await answer.locator('.usage').innerText(), /\$0\.0200$/);
          await page.locator('.part.statusbar').click({ position: { x: 400, y: 5 }, force: true });
          await noToasts(page);
          await save(page, 'imagine', await chatClip(page, 900, 0));
        }),
        { prepare: () => control(fakeUrl, '/default', { route: 'GET /v1/language-models', reply: { json: { models: [...LANGUAGE_MODELS, imageModel] } } }).then(() => undefined) },
      );
    },
  },
];
