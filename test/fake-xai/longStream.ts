// Generated chat.completion.chunk streams of any length, in the exact shape of the recordings (01,
// 05): for benchmarks and for tests of memory, batching and rendering that the short recordings
// cannot exercise. Deterministic, so a test can compute the expected text.

export interface LongStreamOptions {
  /** Number of delta chunks (reasoning + content). A finish chunk and a usage chunk follow them. */
  events: number;
  /** First half of the deltas carry `reasoning_content`, the rest `content` (like grok-3-mini). */
  reasoning?: boolean;
  /** Default: grok-3-mini-high with reasoning (the name xAI answers with), else grok-4-1-fast-non-reasoning. */
  model?: string;
  /** Completion id; default a fixed UUID-shaped id. */
  id?: string;
  /** Unix seconds of the first chunk; default 1772541057 (from recording 05). */
  created?: number;
  /** Prompt tokens reported in the usage chunk; default 50. */
  promptTokens?: number;
  /** false leaves out the usage chunk (a request without stream_options.include_usage). */
  usage?: boolean;
}

/**
 * The pieces the deltas cycle through: ASCII words plus 2-, 3- and 4-byte UTF-8 characters, so a
 * random split of the stream often falls inside a character.
 */
const PIECES = [' The', ' quick', ' brown', ' fox', ' jumps', ' over', ' 25°C', ' —', ' café', ' 🚀', ' lazy', ' dog.', '\n\n', ' 1', ','];

export interface LongStreamText {
  reasoning: string;
  content: string;
  reasoningDeltas: number;
  contentDeltas: number;
}

/** How many deltas of each kind, and the text the deltas add up to. */
export function longStreamText(options: LongStreamOptions): LongStreamText {
  const { reasoningDeltas, contentDeltas } = split(options);
  let reasoning = '';
  let content = '';
  for (let i = 0; i < reasoningDeltas; i++) reasoning += piece(i);
  for (let i = 0; i < contentDeltas; i++) content += piece(i);
  return { reasoning, content, reasoningDeltas, contentDeltas };
}

function split(options: LongStreamOptions): { reasoningDeltas: number; contentDeltas: number } {
  if (!Number.isInteger(options.events) || options.events < 0) {
    throw new Error(`fake-xai: longStream events must be a non-negative integer, got ${options.events}`);
  }
  const reasoningDeltas = options.reasoning ? Math.floor(options.events / 2) : 0;
  return { reasoningDeltas, contentDeltas: options.events - reasoningDeltas };
}

function piece(i: number): string {
  // The first piece has no leading space, like the first token of a real answer.
  return i === 0 ? 'The' : PIECES[i % PIECES.length];
}

/** The chunk payloads (objects, not yet encoded); `[DONE]` is appended by the encoder. */
export function longStreamEvents(options: LongStreamOptions): object[] {
  const { reasoningDeltas, contentDeltas } = split(options);
  const model = options.model ?? (options.reasoning ? 'grok-3-mini-high' : 'grok-4-1-fast-non-reasoning');
  const id = options.id ?? '5f0c2a9e-7d41-4b8e-9a63-0c1d2e3f4a5b';
  const created0 = options.created ?? 1772541057;
  const fingerprint = 'fp_22a854233b';
  const out: object[] = [];
  const total = reasoningDeltas + contentDeltas;
  // "created" advances during a real stream (recording 05); one second per 200 chunks.
  const created = (n: number) => created0 + Math.floor(n / 200);
  for (let n = 0; n < total; n++) {
    const isReasoning = n < reasoningDeltas;
    const text = piece(isReasoning ? n : n - reasoningDeltas);
    // The first delta carries the role together with its text: xAI sends no role-only chunk.
    const delta: Record<string, string> = isReasoning ? { reasoning_content: text } : { content: text };
    if (n === 0) delta.role = 'assistant';
    out.push({
      id,
      object: 'chat.completion.chunk',
      created: created(n),
      model,
      choices: [{ index: 0, delta }],
      system_fingerprint: fingerprint,
    });
  }
  out.push({
    id,
    object: 'chat.completion.chunk',
    created: created(total),
    model,
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
    system_fingerprint: fingerprint,
  });
  if (options.usage !== false) {
    const prompt = options.promptTokens ?? 50;
    out.push({
      id,
      object: 'chat.completion.chunk',
      created: created(total),
      model,
      choices: [],
      usage: {
        prompt_tokens: prompt,
        // As on xAI, completion_tokens excludes reasoning and the total adds it back.
        completion_tokens: contentDeltas,
        total_tokens: prompt + contentDeltas + reasoningDeltas,
        prompt_tokens_details: { text_tokens: prompt, audio_tokens: 0, image_tokens: 0, cached_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: reasoningDeltas,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
        num_sources_used: 0,
        // grok-3-mini list prices ($0.30 in, $0.50 out per 1M) in 1e-10 USD ticks.
        cost_in_usd_ticks: prompt * 3000 + (contentDeltas + reasoningDeltas) * 5000,
      },
      system_fingerprint: fingerprint,
    });
  }
  return out;
}
