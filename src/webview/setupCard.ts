// Shown instead of the input when there is no API key: one button and where keys come from, rather
// than a text box whose every message would fail.
import type { ErrorAction } from '../protocol';
import { button, h } from './dom';
import { s } from './strings';

export function setupCard(onAction: (action: ErrorAction) => void): { el: HTMLElement; focus(): void } {
  const set = button(s('action.setApiKey'), () => onAction('setApiKey'), { class: 'primary' });
  const el = h(
    'section',
    { class: 'setup-card', attrs: { 'aria-labelledby': 'setup-title' } },
    h('h2', { attrs: { id: 'setup-title' }, text: s('setup.title') }),
    h('p', { text: s('setup.text') }),
    set,
  );
  return { el, focus: () => set.focus() };
}
