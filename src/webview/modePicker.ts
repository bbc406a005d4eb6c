// The Chat / Ask / Agent picker in the composer's mode slot: a native <select> (the platform's keyboard and
// screen-reader behaviour, and one short word wide, so it fits from 180 px). Saved per conversation: it
// posts the conversation's options with the new mode; the host answers with the options that hold.
import type { AgentMode, ConversationOptions } from '../protocol';
import { h } from './dom';
import type { Post } from './vscodeApi';
import { s } from './strings';

const MODES = (): ReadonlyArray<{ mode: AgentMode; label: string; detail: string }> => ([
  { mode: 'chat', label: s('mode.chat'), detail: s('mode.chatDetail') },
  { mode: 'ask', label: s('mode.ask'), detail: s('mode.askDetail') },
  { mode: 'agent', label: s('mode.agent'), detail: s('mode.agentDetail') },
]);

export class ModePicker {
  readonly el: HTMLElement;
  readonly select: HTMLSelectElement;
  private options: ConversationOptions = {};
  private defaultMode: AgentMode = 'chat';

  constructor(private readonly post: Post) {
    this.select = h('select', { class: 'mode-select', attrs: { 'aria-label': s('mode.label'), 'data-mode': 'chat' } });
    for (const m of MODES()) this.select.appendChild(h('option', { text: m.label, attrs: { value: m.mode, title: m.detail } }));
    this.select.addEventListener('change', () => {
      const mode = this.select.value as AgentMode;
      this.options = { ...this.options, mode };
      this.show();
      this.post({ type: 'setOptions', options: this.options });
    });
    this.el = h('div', { class: 'mode-picker' }, this.select);
  }

  /** The conversation's options (its own mode, if any) and the setting's default. */
  set(options: ConversationOptions, defaultMode?: AgentMode): void {
    this.options = { ...options };
    if (defaultMode) this.defaultMode = defaultMode;
    this.show();
  }

  get mode(): AgentMode {
    return this.options.mode ?? this.defaultMode;
  }

  private show(): void {
    const mode = this.mode;
    this.select.value = mode;
    this.select.dataset.mode = mode;
    this.select.title = MODES().find((m) => m.mode === mode)?.detail ?? '';
  }
}
