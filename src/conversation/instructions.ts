// The instructions a conversation sends with every request: the user's setting, then the project's
// rules files, minus the ones the user removed for this conversation. Pure: the same sources and the
// same removals give the same bytes, so the prompt cache keeps hitting until the user changes them.
import type { InstructionChip } from '../protocol';
import { previewOf } from './conversation';
import { t } from '../platform/localise';

/** The chip id of the grok.chat.instructions setting (rules files use their shown name). */
export const SETTING_INSTRUCTIONS = 'setting';

export interface InstructionSource {
  id: string;
  kind: InstructionChip['kind'];
  /** The chip's text: "Instructions", "AGENTS.md". */
  label: string;
  text: string;
}

/** The sources in their fixed order: the setting first, then each rules file as loaded (sorted). */
export function instructionSources(setting: string, rules: readonly { name: string; text: string }[]): InstructionSource[] {
  const sources: InstructionSource[] = [];
  if (setting.trim()) sources.push({ id: SETTING_INSTRUCTIONS, kind: 'instructions', label: t('Instructions'), text: setting.trim() });
  for (const rule of rules) if (rule.text.trim()) sources.push({ id: rule.name, kind: 'rules', label: rule.name, text: rule.text.trim() });
  return sources;
}

function kept(sources: readonly InstructionSource[], removed: readonly string[] = []): InstructionSource[] {
  return sources.filter((s) => !removed.includes(s.id));
}

/** The instructions text ('' when there is none): what goes in `instructions` or the system message. */
export function composeInstructions(sources: readonly InstructionSource[], removed: readonly string[] = []): string {
  return kept(sources, removed)
    .map((s) => (s.kind === 'instructions' ? `The user's instructions:\n${s.text}` : `Project rules from ${s.label}:\n${s.text}`))
    .join('\n\n');
}

/** The chips the composer shows for the instructions this conversation sends. */
export function instructionChips(sources: readonly InstructionSource[], removed: readonly string[] = []): InstructionChip[] {
  return kept(sources, removed).map((s) => ({ id: s.id, kind: s.kind, label: s.kind === 'rules' ? t('Rules: {0}', s.label) : s.label, chars: s.text.length, preview: previewOf(s.text) }));
}
