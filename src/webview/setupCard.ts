// Shown instead of the input when there is no API key: one button and where keys come from, rather
// than a text box whose every message would fail.
import type { ErrorAction } from '../protocol';
import { button, h } from './dom';

export function setupCard(onAction: (action: ErrorAction) => void): { el: HTMLElement; focus(): void } {
  const set = button('Set API Key', () => onAction('setApiKey'), { class: 'primary' });
  const el = h(
    'section',
    { class: 'setup-card', attrs: { 'aria-labelledby': 'setup-title' } },
    h('h2', { attrs: { id: 'setup-title' }, text: 'Connect to xAI' }),
    h('p', { text: 'Grok needs an xAI API key. Create one in the xAI Console (console.x.ai → API Keys); it is kept in VS Code’s Secret Storage, never in your settings. The XAI_API_KEY environment variable works too.' }),
    set,
  );
  return { el, focus: () => set.focus() };
}
