// The model picker: a native <select> (keyboard and screen readers get the platform's own list), grouped
// by model family, each option with its full id and its badges (reasoning, images) and, where the server
// gives them, context window and $ per 1M tokens in / out. The closed picker shows the chosen model's
// full id on as many lines as the width needs, with its badges, instead of a select's one clipped line:
// the select lies transparent over that label, so clicks and keys still open the native list.
import type { ModelOption } from '../protocol';
import { clear, h } from './dom';
import { icon } from './icons';
import { modelDetail, modelLabel } from './usage';
import type { Post } from './vscodeApi';
import { s } from './strings';

export class ModelPicker {
  readonly el: HTMLElement;
  readonly select: HTMLSelectElement;
  private readonly name: HTMLElement;
  private readonly badges: HTMLElement;
  private models: ModelOption[] = [];

  constructor(private readonly post: Post) {
    this.select = h('select', { class: 'model-select', attrs: { id: 'model-picker', 'aria-label': s('model.label') } });
    this.select.addEventListener('change', () => {
      this.updateShown();
      if (this.select.value) this.post({ type: 'selectModel', model: this.select.value });
    });
    this.name = h('span', { class: 'model-name' });
    this.badges = h('span', { class: 'model-badges' });
    const shown = h('span', { class: 'model-shown', attrs: { 'aria-hidden': 'true' } }, this.name, this.badges, icon('chevron'));
    this.el = h('div', { class: 'model-picker' }, shown, this.select);
  }

  set(models: ModelOption[], current: string): void {
    this.models = models;
    clear(this.select);
    const list = models.some((m) => m.id === current) || !current ? models : [{ id: current }, ...models];
    for (const [family, members] of groupByFamily(list)) {
      const group = h('optgroup', { attrs: { label: family } });
      for (const m of members) group.appendChild(h('option', { text: modelLabel(m), attrs: { value: m.id, title: modelDetail(m) } }));
      this.select.appendChild(group);
    }
    if (list.length === 0) this.select.appendChild(h('option', { text: s('model.none'), attrs: { value: '' } }));
    this.select.value = current;
    this.select.disabled = list.length === 0;
    this.updateShown();
  }

  focus(): void {
    this.select.focus();
  }

  /** The chosen model as the server lists it (undefined for one it does not list). */
  get current(): ModelOption | undefined {
    return this.models.find((m) => m.id === this.select.value);
  }

  private updateShown(): void {
    const id = this.select.value;
    const m = this.models.find((x) => x.id === id);
    this.select.title = m ? modelDetail(m) : id;
    this.name.textContent = id || s('model.none');
    clear(this.badges);
    for (const badge of badgesOf(m)) this.badges.appendChild(h('span', { class: `badge badge-${badge}`, text: badge === 'reasoning' ? s('model.reasoning') : s('model.vision') }));
    this.badges.hidden = this.badges.childElementCount === 0;
  }
}

export function badgesOf(m: ModelOption | undefined): string[] {
  const out: string[] = [];
  if (m?.reasoning) out.push('reasoning');
  if (m?.vision) out.push('vision');
  return out;
}

/** Families in the order the server lists them; models keep their order inside a family. */
function groupByFamily(models: ModelOption[]): Map<string, ModelOption[]> {
  const groups = new Map<string, ModelOption[]>();
  for (const m of models) {
    const family = m.family ?? s('model.otherFamily');
    const members = groups.get(family);
    if (members) members.push(m);
    else groups.set(family, [m]);
  }
  return groups;
}
