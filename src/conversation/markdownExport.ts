// A conversation as a Markdown document, pure: what "Export as Markdown" writes. Answers are already
// Markdown and go in verbatim, so their code fences survive; attachments get fences longer than any
// backtick run inside them.
import type { UsageView } from '../protocol';
import { formatUsd } from '../xai/cost';
import { fenced, totalUsage, type Conversation, type StoredMessage } from './conversation';

export function exportMarkdown(conv: Conversation): string {
  const parts: string[] = [`# ${oneLine(conv.title)}`, `_${dateLine(conv)}_`];
  for (const m of conv.messages) parts.push(m.role === 'user' ? userSection(m) : assistantSection(m));
  const total = totalUsage(conv);
  if (total) parts.push('---', `**Total:** ${usageLine(total)}`);
  return `${parts.join('\n\n')}\n`;
}

function userSection(m: StoredMessage): string {
  const out = ['## You'];
  for (const item of m.context ?? []) {
    out.push(`Attached \`${item.chip.label}\`${item.truncated ? ' (truncated)' : ''}:\n\n${fenced(item.content, item.chip.language)}`);
  }
  out.push(m.text);
  return out.join('\n\n');
}

function assistantSection(m: StoredMessage): string {
  const out = [`## Grok${m.model ? ` (${m.model})` : ''}`];
  if (m.reasoning?.trim()) {
    out.push(`<details>\n<summary>Thinking</summary>\n\n${m.reasoning.trim()}\n\n</details>`);
  }
  if (m.text) out.push(m.text);
  if (m.status === 'stopped') out.push('_Stopped._');
  if (m.status === 'error' && m.error) out.push(`_Error: ${oneLine(m.error.message)}_`);
  if (m.usage) out.push(`_${usageLine(m.usage)}_`);
  return out.join('\n\n');
}

export function usageLine(u: UsageView): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const prompt = `${n(u.promptTokens)} prompt${u.cachedPromptTokens ? ` (${n(u.cachedPromptTokens)} cached)` : ''}`;
  const reasoning = u.reasoningTokens ? ` · ${n(u.reasoningTokens)} reasoning` : '';
  const cost = u.costUsd !== undefined ? ` · ${formatUsd(u.costUsd)}` : '';
  return `${prompt} · ${n(u.completionTokens)} completion${reasoning} tokens${cost}`;
}

function dateLine(conv: Conversation): string {
  const count = conv.messages.length;
  return `Started ${new Date(conv.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC · ${count} message${count === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
