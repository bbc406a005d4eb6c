// Context chips: what goes (or went) with a message, with its size so nobody sends a whole file unawares.
import type { ContextChip } from '../protocol';
import { h } from './dom';
import { formatChars, formatTokens } from './usage';

const KIND_LABEL: Record<ContextChip['kind'], string> = { selection: 'Selection', file: 'File' };

export function chipElement(chip: ContextChip, onRemove?: (chip: ContextChip) => void): HTMLElement {
  const kind = KIND_LABEL[chip.kind] ?? 'Context';
  const el = h(
    'span',
    { class: `chip chip-${chip.kind}`, attrs: { title: chipTitle(kind, chip) } },
    h('span', { class: 'chip-kind', text: kind }),
    h('span', { class: 'chip-label', text: chip.label }),
    h('span', { class: 'chip-size', text: formatChars(chip.chars) }),
  );
  if (onRemove) {
    el.appendChild(
      h('button', {
        class: 'chip-remove icon',
        text: '×',
        attrs: { type: 'button', 'aria-label': `Remove ${chip.label}`, title: `Remove ${chip.label}` },
        on: { click: () => onRemove(chip) },
      }),
    );
  }
  return el;
}

function chipTitle(kind: string, chip: ContextChip): string {
  const head = `${kind}: ${chip.label} (${formatTokens(chip.chars)} characters)`;
  return typeof chip.preview === 'string' && chip.preview ? `${head}\n\n${chip.preview}` : head;
}
