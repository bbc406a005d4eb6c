// Accessibility of the chat page in real Chromium: an axe-core audit of every state a user meets (setup
// card, empty, streaming, an answer with code, an error, a notice, history, the model picker) in the dark,
// light and high-contrast themes, with no serious or critical violation; every button has an accessible
// name; Tab walks the controls in reading order. High-contrast screenshots go to test-output/webview/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { assistantMessage, closePage, OUTPUT, snapshot, useChatPages, userMessage, type ChatPage } from './harness';
import type { ThemeName } from './themes';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const pages = useChatPages();

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's run over the whole page; page.evaluate is not subject to the page's CSP, a script tag would be. */
async function audit(chat: ChatPage): Promise<Violation[]> {
  await chat.page.evaluate(AXE_SOURCE);
  const violations = await chat.page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    // Syntax colours are the user's colour theme's own (read from its file, as the editor shows them); the
    // page's fallbacks before they arrive are the theme's debug-token colours. Neither is the page's to choose.
    const result = await axe.run({ exclude: [['.code-block code [class^="hljs-"]']] } as unknown as Document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations;
}

function serious(violations: Violation[]): Violation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe(violations: Violation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 3).join(' ')}`).join('\n  ')}`).join('\n');
}

const CODE_ANSWER = 'Use a memoised getter:\n\n```typescript\nexport function cached<T>(fn: () => T): () => T {\n  let value: T | undefined;\n  return () => (value ??= fn());\n}\n```\n\nSee [the docs](https://example.com/docs) and `Map`.';

/** Each state, reached the way the host drives the page. */
const STATES: { name: string; reach(chat: ChatPage): Promise<void> }[] = [
  { name: 'setup card (no key)', reach: (chat) => chat.post(snapshot({ hasKey: false })) },
  { name: 'empty chat', reach: (chat) => chat.post(snapshot()) },
  {
    name: 'streaming, with reasoning',
    async reach(chat) {
      await chat.post(snapshot({ messages: [userMessage('u1', 'Think about caching')] }));
      await chat.post(
        { type: 'generating', generating: true },
        { type: 'messageAdded', message: assistantMessage('a1', '', { status: 'streaming', model: 'grok-4.3', startedAt: Date.now() - 3000 }) },
        { type: 'delta', messageId: 'a1', reasoning: 'A Map is simplest.' },
        { type: 'delta', messageId: 'a1', answerStartedAt: Date.now(), text: 'Use a `Map`:\n\n```ts\nconst cache = new Map();\n' },
      );
    },
  },
  {
    name: 'an answer with code, usage and context',
    reach: (chat) =>
      chat.post(
        snapshot({
          messages: [
            userMessage('u1', 'How should I cache it?', { context: [{ id: 'x1', kind: 'selection', label: 'src/config.ts:10-24', chars: 512 }] }),
            assistantMessage('a1', CODE_ANSWER, {
              reasoning: 'Memoise.',
              startedAt: 1_700_000_000_000,
              answerStartedAt: 1_700_000_002_000,
              usage: { promptTokens: 1234, cachedPromptTokens: 1000, completionTokens: 456, reasoningTokens: 120, costUsd: 0.0129 },
            }),
          ],
          pendingContext: [{ id: 'p1', kind: 'file', label: 'src/cache.ts', chars: 2400 }],
        }),
      ),
  },
  {
    name: 'an error with actions, and a stopped answer',
    reach: (chat) =>
      chat.post(
        snapshot({
          messages: [
            userMessage('u1', 'And with a TTL?'),
            assistantMessage('a1', 'Partial answer', { status: 'stopped' }),
            userMessage('u2', 'Again'),
            assistantMessage('a2', '', { status: 'error', error: { kind: 'auth', message: 'The API key was rejected (401). Set a new key to continue.', actions: ['setApiKey', 'showLog'] } }),
          ],
        }),
      ),
  },
  {
    name: 'a notice',
    async reach(chat) {
      await chat.post(snapshot());
      await chat.post({ type: 'notice', level: 'warning', message: 'A damaged history file was set aside.', actions: ['showLog'] });
    },
  },
  {
    name: 'history',
    async reach(chat) {
      await chat.post(snapshot());
      // History is the view's title-bar action (no longer a button in the page): the host tells the page to show it.
      await chat.post({ type: 'showHistory' });
      await chat.post({
        type: 'history',
        query: '',
        items: [
          { id: 'c1', title: 'Caching the config', updatedAt: Date.now(), messageCount: 6 },
          { id: 'c2', title: 'Why is the build slow?', updatedAt: Date.UTC(2026, 9, 2), messageCount: 12 },
        ],
      });
    },
  },
  {
    name: 'a # mention picker open, with instructions and context chips',
    async reach(chat) {
      await chat.post(
        snapshot({
          pendingContext: [{ id: 'p1', kind: 'symbol', label: 'greet (src/hello.js:1)', chars: 48, preview: 'function greet() {}' }],
          instructions: [
            { id: 'setting', kind: 'instructions', label: 'Instructions', chars: 18 },
            { id: 'AGENTS.md', kind: 'rules', label: 'Rules: AGENTS.md', chars: 9 },
          ],
        }),
      );
      await chat.page.getByRole('textbox', { name: 'Message Grok' }).pressSequentially('#he');
      let asked: { requestId: number } | undefined;
      for (let i = 0; i < 100 && !asked; i++) {
        asked = (await chat.postedOf('mentionQuery')).filter((m) => m.query === 'he').pop();
        if (!asked) await chat.page.waitForTimeout(20);
      }
      await chat.post({
        type: 'mentionResults',
        requestId: asked?.requestId ?? -1,
        query: 'he',
        items: [
          { kind: 'file', label: 'hello.js', detail: 'src/hello.js', ref: 'file:///w/src/hello.js' },
          { kind: 'symbol', label: 'helper', detail: 'function · src/util.js:3', ref: '{}' },
        ],
      });
      await chat.page.getByRole('listbox').waitFor({ state: 'visible' });
    },
  },
  {
    name: 'the model picker, focused',
    async reach(chat) {
      await chat.post(snapshot());
      await chat.page.locator('select#model-picker').focus();
    },
  },
  {
    name: 'an agent task: a command waiting for approval, a finished read, the task card with its files',
    reach: (chat) =>
      chat.post(
        snapshot({
          messages: [
            userMessage('u1', 'Run the tests and fix what fails'),
            assistantMessage('a1', 'Reading the test first.', {
              status: 'streaming',
              startedAt: Date.now(),
              parts: [
                { type: 'agentTask', id: 't1', mode: 'agent', status: 'running', steps: 2, costUsd: 0.004, files: [{ path: 'src/cache.ts', change: 'edit' }] },
                { type: 'toolCall', id: 'c1', name: 'read_file', arguments: '{"path":"src/cache.ts"}', status: 'done', summary: 'Read src/cache.ts', result: 'export const x = 1;' },
                { type: 'toolCall', id: 'c2', name: 'run_command', arguments: '{"command":"npm test"}', status: 'awaitingApproval', summary: 'Run npm test', command: 'npm test', approval: { kind: 'command', reason: 'Commands ask unless allow-listed.' } },
              ],
            }),
          ],
          generating: true,
          defaultMode: 'agent',
        }),
      ),
  },
];

for (const theme of ['dark', 'light', 'hc'] as ThemeName[]) {
  test(`axe: no serious or critical violation in any state of the chat page (${theme})`, async () => {
    const failures: string[] = [];
    for (const state of STATES) {
      const chat = await pages.open({ theme }, { width: 440, height: 900 });
      try {
        await state.reach(chat);
        await chat.frames();
        const found = serious(await audit(chat));
        if (found.length) failures.push(`${state.name}:\n${describe(found)}`);
        if (theme === 'hc') {
          fs.mkdirSync(OUTPUT, { recursive: true });
          await chat.page.screenshot({ path: path.join(OUTPUT, `a11y-hc-${state.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`) });
        }
        await chat.assertClean();
      } finally {
        await closePage(chat);
      }
    }
    assert.equal(failures.length, 0, `\n${failures.join('\n\n')}`);
  });
}

test('every button and control has an accessible name, in every state', async () => {
  const unnamed: string[] = [];
  for (const state of STATES) {
    const chat = await pages.open({ theme: 'dark' }, { width: 440, height: 900 });
    try {
      await state.reach(chat);
      await chat.frames();
      const found = await chat.page.evaluate(() => {
        const controls = [...document.querySelectorAll('button, [role="button"], select, textarea, input, a[href]')] as HTMLElement[];
        return controls
          .filter((el) => el.offsetParent !== null || el === document.activeElement)
          .filter((el) => {
            const labelledBy = el.getAttribute('aria-labelledby');
            const byId = labelledBy ? labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join('') : '';
            const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '' : '';
            const name = (el.getAttribute('aria-label') ?? '') + byId + label + (el.getAttribute('title') ?? '') + (el.textContent ?? '').trim();
            return name.trim() === '';
          })
          .map((el) => el.outerHTML.slice(0, 120));
      });
      for (const f of found) unnamed.push(`${state.name}: ${f}`);
    } finally {
      await closePage(chat);
    }
  }
  assert.deepEqual(unnamed, []);
});

test('Tab walks the controls in reading order (top to bottom), and never lands on a hidden one', async () => {
  const chat = await pages.open({ theme: 'dark' }, { width: 440, height: 900 });
  try {
    await STATES[3].reach(chat);
    await chat.frames();
    await chat.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: { name: string; top: number; left: number; visible: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      await chat.page.keyboard.press('Tab');
      const stop = await chat.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return undefined;
        const r = el.getBoundingClientRect();
        const name = el.getAttribute('aria-label') || el.getAttribute('title') || (el.textContent ?? '').trim().slice(0, 30) || el.tagName;
        return { name, top: r.top + window.scrollY, left: r.left, visible: r.width > 0 && r.height > 0 };
      });
      if (!stop) break;
      if (stops.length && stops[0].name === stop.name && stops[0].top === stop.top) break; // wrapped around
      stops.push(stop);
    }
    assert.ok(stops.length >= 6, `only ${stops.length} tab stops: ${stops.map((s) => s.name).join(', ')}`);
    assert.deepEqual(stops.filter((s) => !s.visible).map((s) => s.name), [], 'tab stops on invisible elements');
    // Reading order: each stop is below the previous one, or on the same row (within a few pixels) further right.
    const outOfOrder = stops.slice(1).filter((s, i) => s.top < stops[i].top - 4);
    assert.deepEqual(outOfOrder.map((s) => s.name), [], `tab order goes back up: ${stops.map((s) => `${s.name}@${Math.round(s.top)}`).join(' → ')}`);
  } finally {
    await closePage(chat);
  }
});
