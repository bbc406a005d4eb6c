// Project rules: AGENTS.md at a workspace folder's root and .grok/rules/*.md go into the instructions of
// every request (chat and agent), each shown as a chip the user can remove for the conversation. They are the user's own
// files, but still only text: they shape answers, they never approve anything.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** A workspace folder: its name (shown in a multi-root workspace) and its path on disk. */
export interface RulesFolder {
  name: string;
  path: string;
}

export interface ProjectRule {
  /** Shown on the chip: "AGENTS.md", ".grok/rules/style.md" (folder name first in a multi-root workspace). */
  name: string;
  text: string;
}

const MAX_RULE_CHARS = 20_000;

export async function loadProjectRules(folders: readonly RulesFolder[]): Promise<ProjectRule[]> {
  const rules: ProjectRule[] = [];
  for (const folder of folders) {
    const prefix = folders.length > 1 ? `${folder.name}/` : '';
    const candidates = ['AGENTS.md'];
    const ruleDir = path.join(folder.path, '.grok', 'rules');
    const names = await fs.readdir(ruleDir).catch(() => [] as string[]);
    candidates.push(...names.filter((n) => n.endsWith('.md')).sort().map((n) => `.grok/rules/${n}`));
    for (const rel of candidates) {
      const text = await fs.readFile(path.join(folder.path, rel), 'utf8').catch(() => undefined);
      if (text === undefined || text.trim() === '') continue;
      const clipped = text.length > MAX_RULE_CHARS ? `${text.slice(0, MAX_RULE_CHARS)}\n[… the rest of this file was left out]` : text;
      rules.push({ name: prefix + rel, text: clipped.trim() });
    }
  }
  return rules;
}
