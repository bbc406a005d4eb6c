// The model picker: a native <select> (keyboard and screen readers get the platform's own list).
// Each option shows the id, context window and $ per 1M tokens in / out where known.
import type { ModelOption } from '../protocol';
import { clear, h } from './dom';
import { modelDetail, modelLabel } from './usage';
import type { Post } from './vscodeApi';

export class ModelPicker {
  readonly el: HTMLElement;
  readonly select: HTMLSelectElement;
  private models: ModelOption[] = [];

  constructor(private readonly post: Post) {
    this.select = h('select', { class: 'model-select', attrs: { id: 'model-picker', 'aria-label': 'Model' } });
    this.select.addEventListener('change', () => {
      this.updateTitle();
      if (this.select.value) this.post({ type: 'selectModel', model: this.select.value });
    });
    this.el = h('div', { class: 'model-picker' }, this.select);
  }

  set(models: ModelOption[], current: string): void {
    this.models = models;
    clear(this.select);
    const list = models.some((m) => m.id === current) || !current ? models : [{ id: current }, ...models];
    for (const m of list) {
      const option = h('option', { text: modelLabel(m), attrs: { value: m.id, title: modelDetail(m) } });
      this.select.appendChild(option);
    }
    if (list.length === 0) this.select.appendChild(h('option', { text: 'No models', attrs: { value: '' } }));
    this.select.value = current;
    this.select.disabled = list.length === 0;
    this.updateTitle();
  }

  focus(): void {
    this.select.focus();
  }

  private updateTitle(): void {
    const m = this.models.find((x) => x.id === this.select.value);
    this.select.title = m ? modelDetail(m) : this.select.value;
  }
}
