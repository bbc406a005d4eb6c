// Errors and notices as the user sees them: a sentence and the buttons that fix it.
import type { ErrorAction, ErrorView } from '../protocol';
import { ACTION_LABELS } from '../shared/messageParts';
import { s } from './strings';
import { button, h } from './dom';

export { ACTION_LABELS };

export type OnAction = (action: ErrorAction) => void;

export function errorBox(error: ErrorView, onAction: OnAction): HTMLElement {
  return h(
    'div',
    { class: 'error-box', attrs: { role: 'alert' } },
    h('span', { class: 'error-message', text: error.message }),
    actionRow(error.actions, onAction),
  );
}

export function actionRow(actions: readonly ErrorAction[], onAction: OnAction): HTMLElement | null {
  // Defensive: the page checks host messages loosely, and a notice may come without actions.
  const list: readonly ErrorAction[] = Array.isArray(actions) ? actions : [];
  const known = list.filter((a) => Object.hasOwn(ACTION_LABELS, a));
  if (known.length === 0) return null;
  return h(
    'div',
    { class: 'error-actions' },
    ...known.map((a, i) => button(s(`action.${a}`), () => onAction(a), { class: i === 0 ? 'primary' : 'secondary' })),
  );
}
