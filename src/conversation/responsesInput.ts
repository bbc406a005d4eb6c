// A conversation as Responses API input, pure. Every request of a conversation sends the previous
// request's input plus the new turns, byte for byte, so xAI's prompt cache keeps hitting: a user turn's
// items are built once and stored on the message (sentItems), an answer goes back as the output items
// it arrived as (outputItems), and nothing earlier is ever rebuilt differently.
import type { RawResponsesItem } from '../xai/types';
import { IMAGE_REF, imagesOf, SYSTEM_PROMPT, userContent, type Conversation, type ImageResolver, type StoredMessage } from './conversation';
import { compactionOf, textOf } from '../shared/messageParts';

/**
 * The input for answering the turns before `end`. User turns without stored items get them now (the
 * caller saves the conversation): from then on they are sent exactly so. Images are stored as
 * references and resolved to their data: URLs here, the same bytes every time.
 *
 * After a compaction the input is the compacted window (which holds the system prompt and every turn
 * up to it) followed by the turns after it, so later requests extend it byte for byte again.
 */
export function responsesInput(conv: Conversation, images: ImageResolver, end = conv.messages.length, systemPrompt = SYSTEM_PROMPT): RawResponsesItem[] {
  const input: RawResponsesItem[] = [];
  const start = compactedThrough(conv, end);
  if (start >= 0) input.push(...conv.messages[start].compactionItems!);
  else if (systemPrompt.trim()) input.push({ type: 'message', role: 'system', content: systemPrompt });
  for (const m of conv.messages.slice(start + 1, end)) {
    if (m.role === 'user') {
      m.sentItems ??= userItems(m);
      for (const item of m.sentItems) input.push(resolveImages(item, m, images));
    } else {
      input.push(...answerItems(m));
    }
  }
  return input;
}

/**
 * The index of the last message before `end` whose turns (it and all before it) were compacted, or -1.
 * A divider whose items were lost (a damaged file) compacts nothing: the full history goes instead.
 */
export function compactedThrough(conv: Conversation, end = conv.messages.length): number {
  for (let i = Math.min(end, conv.messages.length) - 1; i >= 0; i--) {
    const m = conv.messages[i];
    if (m.compactionItems?.length && compactionOf(m)) return i;
  }
  return -1;
}

/** A user turn's items: its text (attachments inlined, as on /chat/completions) and its images. */
export function userItems(m: StoredMessage): RawResponsesItem[] {
  const text = userContent(m);
  const pictures = imagesOf(m);
  if (!pictures.length) return [{ type: 'message', role: 'user', content: text }];
  return [
    {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text }, ...pictures.map((p) => ({ type: 'input_image', image_url: `${IMAGE_REF}${p.id}` }))],
    },
  ];
}

/**
 * A finished answer goes back as its output items, verbatim (reasoning with its encrypted content
 * included); an agent task's as its calls and their results. One cut short, or from /chat/completions, goes back as its text; one without text, not at all.
 */
export function answerItems(m: StoredMessage): RawResponsesItem[] {
  if (m.status === 'streaming') return [];
  if (m.status === 'done' && m.outputItems?.length) return m.outputItems;
  // An agent task's items are whole even when it was stopped or paused out: every call has its output.
  if (m.outputItems?.length && m.parts.some((p) => p.type === 'agentTask')) return m.outputItems;
  const text = textOf(m);
  return text.trim() ? [{ type: 'message', role: 'assistant', content: text }] : [];
}

function resolveImages(item: RawResponsesItem, m: StoredMessage, images: ImageResolver): RawResponsesItem {
  if (!Array.isArray(item.content) || !item.content.some(isImageRef)) return item;
  return {
    ...item,
    content: item.content.map((c) => {
      if (!isImageRef(c)) return c;
      const id = c.image_url.slice(IMAGE_REF.length);
      const part = imagesOf(m).find((p) => p.id === id);
      const url = part && images(part);
      // A file removed by hand: the turn is sent without it, and says so instead of failing.
      return url ? { ...c, image_url: url } : { type: 'input_text', text: '[an attached image that is no longer available]' };
    }),
  };
}

function isImageRef(c: unknown): c is { type: 'input_image'; image_url: string } {
  return typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'input_image' && typeof (c as { image_url?: unknown }).image_url === 'string' && (c as { image_url: string }).image_url.startsWith(IMAGE_REF);
}
