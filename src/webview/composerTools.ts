// Grok's own controls for the composer, as one self-contained group that a toolbar row can place: Web
// and X search and Code execution toggles (saved per conversation by the host), a reasoning-effort
// picker for models that take one, Attach image (also paste and drag and drop) with thumbnails, and
// /imagine. Compact icon buttons with names and tooltips: the side bar can be 180 px wide.
import type { AttachedImage, ConversationOptions, ImageMime, ModelOption, WebviewMessage } from '../protocol';
import { button, clear, h } from './dom';
import { iconButton, type IconName } from './icons';
import { s } from './strings';

/** xAI's limit for one image. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const MAX_IMAGES = 10;
const TYPES: readonly ImageMime[] = ['image/png', 'image/jpeg'];

export interface ToolsDeps {
  post(message: WebviewMessage): void;
  /** A sentence under the input (an image refused, which models take images); empty clears it. */
  say(message: string): void;
  /** The attached images changed (Send is enabled by images alone). */
  changed(): void;
}

type Toggle = 'webSearch' | 'xSearch' | 'codeExecution';

export class ComposerTools {
  /** The buttons: goes in a toolbar row. */
  readonly el: HTMLElement;
  /** The attached images' thumbnails: goes above the input. */
  readonly thumbs: HTMLElement;
  private options: ConversationOptions = {};
  private readonly toggles = new Map<Toggle, HTMLButtonElement>();
  private readonly effort: HTMLSelectElement;
  private readonly fileInput: HTMLInputElement;
  private images: AttachedImage[] = [];
  private models: ModelOption[] = [];
  private model = '';

  constructor(private readonly deps: ToolsDeps) {
    const toggle = (key: Toggle, name: IconName, label: string) => {
      const b = iconButton(name, label, () => this.flip(key), { class: 'tool-toggle' });
      b.setAttribute('aria-pressed', 'false');
      b.dataset.option = key;
      this.toggles.set(key, b);
      return b;
    };
    this.effort = h('select', { class: 'effort-select', attrs: { 'aria-label': s('tools.effort'), title: s('tools.effort') } });
    this.effort.addEventListener('change', () => {
      const next = { ...this.options };
      if (this.effort.value) next.reasoningEffort = this.effort.value;
      else delete next.reasoningEffort;
      this.options = next;
      deps.post({ type: 'setOptions', options: next });
    });
    this.fileInput = h('input', { class: 'file-input', attrs: { type: 'file', accept: TYPES.join(','), multiple: '', hidden: '', 'aria-hidden': 'true', tabindex: '-1' } });
    this.fileInput.addEventListener('change', () => {
      void this.addFiles([...(this.fileInput.files ?? [])]);
      this.fileInput.value = '';
    });
    this.el = h(
      'div',
      { class: 'composer-tools', attrs: { role: 'group', 'aria-label': s('tools.group') } },
      toggle('webSearch', 'globe', s('tools.webSearch')),
      toggle('xSearch', 'xLogo', s('tools.xSearch')),
      toggle('codeExecution', 'code', s('tools.codeExecution')),
      iconButton('image', s('tools.attachImage'), () => this.fileInput.click(), { class: 'attach-image' }),
      iconButton('sparkle', s('tools.imagine'), () => deps.post({ type: 'imagine', prompt: '' }), { class: 'imagine' }),
      this.effort,
      this.fileInput,
    );
    this.thumbs = h('div', { class: 'attached-images', attrs: { 'aria-label': s('tools.images') } });
    this.thumbs.hidden = true;
    this.setModels([], '');
  }

  /** `serverTools` false: the chat uses Chat Completions, where search and code execution do not run. */
  setOptions(options: ConversationOptions, serverTools = true): void {
    this.options = { ...options };
    for (const [key, b] of this.toggles) {
      b.setAttribute('aria-pressed', String(options[key] === true));
      b.disabled = !serverTools;
      b.title = serverTools ? (b.getAttribute('aria-label') ?? '') : s('tools.needsResponses', b.getAttribute('aria-label') ?? '');
    }
    this.renderEffort();
  }

  setModels(models: ModelOption[], model: string): void {
    this.models = models;
    this.model = model;
    this.renderEffort();
  }

  /** Paste and drop on the composer add images (other content is left to the text box). */
  install(target: HTMLElement): void {
    target.addEventListener('paste', (e) => {
      const files = [...(e.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
      if (!files.length) return;
      e.preventDefault();
      void this.addFiles(files);
    });
    target.addEventListener('dragover', (e) => {
      if ([...(e.dataTransfer?.items ?? [])].some((i) => i.kind === 'file')) e.preventDefault();
    });
    target.addEventListener('drop', (e) => {
      const files = [...(e.dataTransfer?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      void this.addFiles(files);
    });
  }

  get pending(): readonly AttachedImage[] {
    return this.images;
  }

  /**
   * The images to send with the next message, or undefined when the model takes none (the composer
   * says which models do) or there are more than one message takes: then the images stay attached.
   */
  take(): AttachedImage[] | undefined {
    if (!this.images.length) return [];
    // More than one message takes (a refused message's images came back beside new ones): all stay.
    if (this.images.length > MAX_IMAGES) {
      this.deps.say(s('tools.tooManyImages', MAX_IMAGES));
      return undefined;
    }
    const current = this.models.find((m) => m.id === this.model);
    if (current?.vision === false) {
      const able = this.models.filter((m) => m.vision).map((m) => m.id);
      this.deps.say(able.length ? s('tools.noVision', this.model, able.join(', ')) : s('tools.noVisionNone', this.model));
      return undefined;
    }
    const out = this.images;
    this.images = [];
    this.renderThumbs();
    return out;
  }

  /** Images of a message the host refused, back in front of any attached since (none is dropped). */
  restore(images: readonly AttachedImage[]): void {
    this.images = [...images, ...this.images];
    this.renderThumbs();
  }

  async addFiles(files: File[]): Promise<void> {
    for (const file of files) {
      const type = file.type as ImageMime;
      if (!TYPES.includes(type)) {
        this.deps.say(s('tools.notAnImage', file.name || s('tools.thatFile')));
        continue;
      }
      if (file.size > MAX_IMAGE_BYTES) {
        this.deps.say(s('tools.imageTooBig', file.name || s('tools.thatImage'), (file.size / 1024 / 1024).toFixed(1)));
        continue;
      }
      if (this.images.length >= MAX_IMAGES) {
        this.deps.say(s('tools.tooManyImages', MAX_IMAGES));
        break;
      }
      const dataUrl = await readAsDataUrl(file);
      this.images.push({ name: file.name || `pasted.${type === 'image/png' ? 'png' : 'jpg'}`, mimeType: type, dataUrl });
    }
    this.renderThumbs();
  }

  private flip(key: Toggle): void {
    const next = { ...this.options, [key]: !this.options[key] };
    this.options = next;
    this.toggles.get(key)?.setAttribute('aria-pressed', String(next[key] === true));
    this.deps.post({ type: 'setOptions', options: next });
  }

  private renderEffort(): void {
    const efforts = this.models.find((m) => m.id === this.model)?.reasoningEfforts ?? [];
    clear(this.effort);
    this.effort.append(h('option', { text: s('tools.effortDefault'), attrs: { value: '' } }));
    for (const e of efforts) this.effort.append(h('option', { text: s('tools.effortLevel', e), attrs: { value: e } }));
    this.effort.value = this.options.reasoningEffort && efforts.includes(this.options.reasoningEffort) ? this.options.reasoningEffort : '';
    this.effort.hidden = efforts.length === 0;
  }

  private renderThumbs(): void {
    clear(this.thumbs);
    this.images.forEach((image, i) => {
      const remove = button('×', () => {
        this.images.splice(i, 1);
        this.renderThumbs();
      }, { class: 'icon thumb-remove', label: s('tools.removeImage', image.name) });
      this.thumbs.append(h('figure', { class: 'thumb', attrs: { title: image.name } }, h('img', { attrs: { src: image.dataUrl, alt: image.name } }), remove));
    });
    this.thumbs.hidden = this.images.length === 0;
    this.deps.changed();
  }
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the image'));
    reader.readAsDataURL(file);
  });
}
