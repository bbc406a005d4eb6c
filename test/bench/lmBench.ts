// Language model provider latency: from the fake server's first byte of a Responses stream (time zero)
// to the first text part the provider reports, through the provider's request path (message mapping,
// cache key, runLmRequest and its sink). The baseline is the client alone reading the same stream to its
// first 'text' event, interleaved in the same run. The fake runs in this process so that both sides
// read one clock (performance.timeOrigin + performance.now(), as the fake stamps its records).
import type { Row } from './report';
import { startFakeXai } from '../fake-xai/server';
import { XaiClient } from '../../src/xai/client';
import { mapMessages, promptCacheKey } from '../../src/lm/lmMessages';
import { ApiMemory, runLmRequest } from '../../src/lm/lmRequest';

export interface LmBenchOptions {
  log(line: string): void;
  quick?: boolean;
}

const ROUTE = 'POST /v1/responses';
const MODEL = 'grok-4.3';

/** A Responses stream whose first event already carries text, so the first byte is the first text. */
function frames(): Array<{ event: string; data: string }> {
  const delta = (d: string) => ({ event: 'response.output_text.delta', data: JSON.stringify({ type: 'response.output_text.delta', delta: d }) });
  return [
    delta('Hello'),
    ...Array.from({ length: 20 }, (_, i) => delta(` word${i}`)),
    {
      event: 'response.completed',
      data: JSON.stringify({ type: 'response.completed', response: { id: 'r', model: MODEL, status: 'completed', output: [], usage: { input_tokens: 10, output_tokens: 21 } } }),
    },
  ];
}

const now = () => performance.timeOrigin + performance.now();

export async function lmBench(options: LmBenchOptions): Promise<{ rows: Row[]; details: unknown }> {
  const fake = await startFakeXai();
  try {
    const client = new XaiClient({ baseUrl: fake.url, apiKey: async () => 'xai-bench-not-a-real-key', retry: { maxRetries: 0 } });
    const apis = new ApiMemory();
    const history = Array.from({ length: 20 }, (_, i) => ({
      role: i % 2 ? ('assistant' as const) : ('user' as const),
      parts: [{ kind: 'text' as const, text: `Turn ${i}: ${'some earlier words of the conversation '.repeat(20)}` }],
    }));

    const providerRun = async (): Promise<number> => {
      fake.enqueue(ROUTE, { frames: frames(), done: false });
      let first: number | undefined;
      const messages = mapMessages(history, { imageInput: true });
      const sink = { text: () => void (first ??= now()), toolCall: () => undefined };
      await runLmRequest(client, { model: MODEL, messages, tools: [], toolMode: 'auto', promptCacheKey: promptCacheKey(MODEL, messages) }, sink, new AbortController().signal, apis);
      return sinceFirstByte(first);
    };
    const clientRun = async (): Promise<number> => {
      fake.enqueue(ROUTE, { frames: frames(), done: false });
      let first: number | undefined;
      for await (const event of client.streamResponses({ model: MODEL, input: 'hello', store: false })) if (event.type === 'text') first ??= now();
      return sinceFirstByte(first);
    };
    const sinceFirstByte = (first: number | undefined): number => {
      const request = fake.requests[fake.requests.length - 1];
      if (first === undefined || request.headersSentAt === undefined) throw new Error('no text part, or the fake sent no headers');
      return first - request.headersSentAt;
    };

    const runs = options.quick ? 10 : 40;
    for (let i = 0; i < 5; i++) {
      await providerRun();
      await clientRun();
    }
    const provider: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      provider.push(await providerRun());
      baseline.push(await clientRun());
    }
    options.log(`  provider: ${provider.map((x) => x.toFixed(2)).join(' ')} ms`);
    options.log(`  client alone: ${baseline.map((x) => x.toFixed(2)).join(' ')} ms`);
    return {
      rows: [
        {
          bench: 'language model provider',
          figure: 'server first byte to first text part reported',
          unit: 'ms',
          values: provider,
          baseline: { label: 'client alone, first text event', values: baseline },
          budget: { op: '<=', value: 5, text: '≤ 5 ms' },
          note: `a 20-turn history (mapped and hashed before the request leaves, so before time zero); fake in this process, ${runs} runs interleaved with the baseline after 5 warm-ups`,
        },
      ],
      details: { provider, baseline },
    };
  } finally {
    await fake.close();
  }
}
