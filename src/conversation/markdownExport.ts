// A conversation as a Markdown document, pure: what "Export as Markdown" writes. Answers are already
// Markdown and go in verbatim, so their code fences survive; attachments get fences longer than any
// backtick run inside them.
import type { UsageView } from '../protocol';
import { formatUsd } from '../xai/cost';
import { fenced, totalUsage, type Conversation, type StoredMessage } from './conversation';
import { compactionLabel, compactionOf, reasoningOf, sourcesOf, sourceTitle, textOf, type MessagePart, type Source } from '../shared/messageParts';

export function exportMarkdown(conv: Conversation): string {
  const parts: string[] = [`# ${oneLine(conv.title)}`, `_${dateLine(conv)}_`];
  for (const m of conv.messages) {
    parts.push(m.role === 'user' ? userSection(m) : assistantSection(m));
    const compaction = compactionOf(m);
    if (compaction) parts.push(`_${compactionLabel(compaction)}: the turns above went to Grok as one compacted item from here on._`);
  }
  const total = totalUsage(conv);
  if (total) parts.push('---', `**Total:** ${usageLine(total)}`);
  return `${parts.join('\n\n')}\n`;
}

function userSection(m: StoredMessage): string {
  const out = ['## You'];
  for (const item of m.context ?? []) {
    out.push(`Attached \`${item.chip.label}\`${item.truncated ? ' (truncated)' : ''}:\n\n${fenced(item.content, item.chip.language)}`);
  }
  out.push(textOf(m));
  for (const p of m.parts) if (p.type === 'image') out.push(`_Image attached: ${oneLine(p.name ?? p.id)}_`);
  return out.join('\n\n');
}

function assistantSection(m: StoredMessage): string {
  const out = [`## Grok${m.model ? ` (${m.model})` : ''}`];
  const reasoning = reasoningOf(m).trim();
  if (reasoning) out.push(`<details>\n<summary>Thinking</summary>\n\n${reasoning}\n\n</details>`);
  for (const p of m.parts) {
    const line = partLine(p);
    if (line) out.push(line);
  }
  const text = textOf(m);
  const sources = sourcesOf(m);
  if (text || sources.length) out.push(...withFootnotes(text, sources));
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

/** A tool card or an image as the export shows it; text, reasoning and sources are written elsewhere. */
function partLine(p: MessagePart): string | undefined {
  switch (p.type) {
    case 'serverTool': {
      const what = p.kind === 'web_search' ? 'Searched the web' : p.kind === 'x_search' ? 'Searched X' : p.kind === 'code_execution' ? 'Ran code' : `Used ${p.kind}`;
      const lines = [`_${what}${p.query ? `: ${oneLine(p.query)}` : ''}_`];
      if (p.code) lines.push(fenced(p.code, 'python'));
      if (p.output) lines.push(`Output:\n\n${fenced(p.output)}`);
      return lines.join('\n\n');
    }
    case 'image':
      return `_Image ${p.origin === 'generated' ? 'generated' : 'attached'}${p.prompt ? ` for "${oneLine(p.prompt)}"` : ''}_`;
    case 'toolCall':
      return `_Tool \`${p.name}\`${p.summary ? ` (${oneLine(p.summary)})` : ''}: ${p.status}${p.deniedReason ? `, ${oneLine(p.deniedReason)}` : ''}_`;
    case 'agentTask':
      return `_${p.mode === 'agent' ? 'Agent' : 'Ask'} task: ${p.status}, ${p.steps} request(s)${p.files.length ? `; changed ${p.files.map((f) => `\`${f.path}\``).join(', ')}` : ''}${p.revertedAt !== undefined ? ' (reverted)' : ''}_`;
    case 'text':
    case 'reasoning':
    case 'citations':
    case 'compaction': // after the section (exportMarkdown)
      return undefined;
  }
}

/**
 * Citations as Markdown footnotes: the answer's inline markers ([[1]](url), [1](url)) become [^1], and
 * each source is a footnote. Sources the text never marks are listed after it, so none is lost.
 */
export function withFootnotes(text: string, sources: readonly Source[]): string[] {
  if (!sources.length) return [text];
  const numberOf = new Map(sources.map((s, i) => [s.url, i + 1]));
  const marked = new Set<number>();
  const body = text.replace(/\[\[?(\d+)\]?\]\((\S+?)\)/g, (all, _n: string, url: string) => {
    const n = numberOf.get(url);
    if (n === undefined) return all;
    marked.add(n);
    return `[^${n}]`;
  });
  const unmarked = sources.map((_, i) => i + 1).filter((n) => !marked.has(n));
  const out = body ? [body] : [];
  if (unmarked.length) out.push(`Sources: ${unmarked.map((n) => `[^${n}]`).join(' ')}`);
  out.push(
    sources
      .map((s, i) => {
        const title = sourceTitle(s);
        return `[^${i + 1}]: ${title ? `${oneLine(title).replace(/[[\]]/g, '')} ` : ''}<${s.url}>`;
      })
      .join('\n'),
  );
  return out;
}
