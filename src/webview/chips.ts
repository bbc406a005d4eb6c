// Context chips: what goes (or went) with a message, with its size so nobody sends a whole file unawares.
// In the composer a chip's label shows the start of what will be sent; in the transcript it opens what
// the chip refers to (the file, the folder in the Explorer, the symbol, the Problems view, the diff).
import type { ContextChip, InstructionChip } from '../protocol';
import { h } from './dom';
import { formatChars, formatTokens } from './usage';
import { s } from './strings';

const KIND_LABEL = (): Record<ContextChip['kind'] | InstructionChip['kind'], string> => ({
  selection: s('chip.selection'),
  file: s('chip.file'),
  folder: s('chip.folder'),
  symbol: s('chip.symbol'),
  problems: s('chip.problems'),
  diff: s('chip.diff'),
  rules: s('chip.rules'),
  instructions: s('chip.instructions'),
});

/** What a chip of the transcript opens, said on its button. */
const OPEN_LABEL = (): Partial<Record<ContextChip['kind'], string>> => ({
  folder: s('chip.reveal'),
  problems: s('chip.show'),
  diff: s('chip.show'),
});

type AnyChip = ContextChip | InstructionChip;

/**
 * `onRemove`: a × button (composer). `onOpen`: the label is a button that opens what the chip refers to
 * (transcript). `onPreview`: the label is a button that shows what will be sent (composer).
 */
export function chipElement<C extends AnyChip>(chip: C, onRemove?: (chip: C) => void, onOpen?: (chip: C) => void, onPreview?: (chip: C, button: HTMLElement) => void): HTMLElement {
  const kind = KIND_LABEL()[chip.kind] ?? s('chip.context');
  const title = chipTitle(kind, chip);
  const label = h('span', { class: 'chip-label', text: chip.label });
  const size = h('span', { class: 'chip-size', text: formatChars(typeof chip.chars === 'number' ? chip.chars : 0) });
  const kindEl = h('span', { class: 'chip-kind', text: kind });
  let body: HTMLElement[] = [kindEl, label, size];
  if (onOpen || onPreview) {
    const verb = onOpen ? (OPEN_LABEL()[chip.kind as ContextChip['kind']] ?? s('chip.open')) : s('chip.preview');
    // The name is the chip's visible text with the action said first (for screen readers only).
    const b = h('button', { class: `chip-button ${onOpen ? 'chip-open' : 'chip-preview-toggle'}`, attrs: { type: 'button', title } }, h('span', { class: 'sr-only', text: `${verb} ` }), kindEl, label, size);
    b.addEventListener('click', () => (onOpen ? onOpen(chip) : onPreview?.(chip, b)));
    if (onPreview) b.setAttribute('aria-expanded', 'false');
    body = [b];
  }
  const el = h('span', { class: `chip chip-${chip.kind}`, attrs: { title, 'data-chip-id': chip.id } }, ...body);
  if (onRemove) {
    el.appendChild(
      h('button', {
        class: 'chip-remove icon',
        text: '×',
        attrs: { type: 'button', 'aria-label': s('chip.remove', chip.label), title: s('chip.remove', chip.label) },
        on: { click: () => onRemove(chip) },
      }),
    );
  }
  return el;
}

function chipTitle(kind: string, chip: AnyChip): string {
  const head = s('chip.title', kind, chip.label, formatTokens(chip.chars));
  return typeof chip.preview === 'string' && chip.preview ? `${head}\n\n${chip.preview}` : head;
}
