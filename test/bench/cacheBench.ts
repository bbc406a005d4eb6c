// Prompt-cache friendliness: a 20-turn conversation answered through the real client by the fake
// server on the Responses API (web search on in half the turns, an image in some, the history saved and
// read back between turns), and the share of requests whose input is the previous request's input plus
// the new turns, byte for byte, as the server received them. Budget: every one (100%).
import { ChatRun } from '../../src/chat/chatRun';
import { responsesRequest } from '../../src/chat/chatRequest';
import { addAssistantMessage, addUserMessage, newConversation, readConversation, type Conversation } from '../../src/conversation/conversation';
import type { ImagePart } from '../../src/shared/messageParts';
import { XaiClient } from '../../src/xai/client';
import { webSearchAnswerFrames } from '../fake-xai/responsesSearch';
import { startFakeXai } from '../fake-xai/server';
import type { Row } from './report';

const TURNS = 20;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export async function cacheBench(opts: { log(line: string): void }): Promise<{ rows: Row[]; details: unknown }> {
  const fake = await startFakeXai();
  try {
    const client = new XaiClient({ baseUrl: fake.url, apiKey: async () => 'xai-bench-key-0001', retry: { maxRetries: 0 } });
    let conv: Conversation = newConversation();
    for (let i = 0; i < TURNS; i++) {
      fake.enqueue('POST /v1/responses', { frames: webSearchAnswerFrames({ id: `resp_${i}`, text: `Answer ${i} ` }), done: false });
      const images: ImagePart[] = i % 6 === 4 ? [{ type: 'image', id: `img${i}`, origin: 'attached', mimeType: 'image/png', bytes: 70 }] : [];
      addUserMessage(conv, `Question ${i}: what changed in release 1.${90 + i}?`, [], undefined, images);
      conv.options = { webSearch: i % 2 === 0 };
      const request = responsesRequest(conv, { model: 'grok-4.3', maxOutputTokens: 0, store: false, options: conv.options, effortAllowed: true, images: () => PNG });
      const message = addAssistantMessage(conv, 'grok-4.3');
      const run = new ChatRun({ conversation: conv, message, request, stream: (r, signal) => client.streamResponses(r, { signal }), prices: () => undefined, post: () => undefined, persist: () => undefined });
      const outcome = await run.done;
      if (outcome.status !== 'done') throw new Error(`turn ${i}: ${outcome.status} ${outcome.error?.message ?? ''}`);
      // As after a reload: the next request is built from the history file.
      conv = readConversation(JSON.parse(JSON.stringify(conv)))!.conversation;
    }
    const inputs = fake.requests
      .filter((r) => r.route === 'POST /v1/responses')
      .map((r) => JSON.stringify((JSON.parse(r.body) as { input: unknown[] }).input));
    let extends_ = 0;
    for (let i = 1; i < inputs.length; i++) if (inputs[i].startsWith(inputs[i - 1].slice(0, -1))) extends_++;
    const share = (extends_ / (inputs.length - 1)) * 100;
    opts.log(`  ${extends_} of ${inputs.length - 1} requests extend the previous input byte for byte`);
    return {
      rows: [
        {
          bench: 'prompt cache: 20-turn conversation on /responses',
          figure: 'requests whose input extends the previous one byte for byte (%)',
          unit: 'count',
          values: [share],
          budget: { op: '==', value: 100, text: '100%' },
          note: 'real client and fake server, web search on every other turn, images in some, history saved and read back between turns',
        },
      ],
      details: { requests: inputs.length, extending: extends_, lastInputBytes: inputs.at(-1)?.length },
    };
  } finally {
    await fake.close();
  }
}
