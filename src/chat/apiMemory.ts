// What the chat learned about a server and its models, kept across sessions (globalState): which base
// URLs lack /responses, and which models refused a reasoning effort. Learned once, logged once.
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const NO_RESPONSES = 'grok.chat.noResponsesRoute';
const NO_EFFORT = 'grok.chat.noReasoningEffort';
const NO_COMPACT = 'grok.chat.noCompactRoute';

export class ApiMemory {
  constructor(private readonly memento: Memento) {}

  /** True unless this base URL was found to lack POST /responses. */
  hasResponses(baseUrl: string): boolean {
    return !(this.memento.get<string[]>(NO_RESPONSES) ?? []).includes(baseUrl);
  }

  markNoResponses(baseUrl: string): void {
    this.add(NO_RESPONSES, baseUrl);
  }

  /** True unless this base URL was found to lack POST /responses/compact (xAI has it; other Responses servers may not). */
  hasCompaction(baseUrl: string): boolean {
    return !(this.memento.get<string[]>(NO_COMPACT) ?? []).includes(baseUrl);
  }

  markNoCompaction(baseUrl: string): void {
    this.add(NO_COMPACT, baseUrl);
  }

  /** False once the model answered 400 "does not support parameter" to a reasoning effort. */
  takesEffort(model: string): boolean {
    return !(this.memento.get<string[]>(NO_EFFORT) ?? []).includes(model);
  }

  markNoEffort(model: string): void {
    this.add(NO_EFFORT, model);
  }

  private add(key: string, value: string): void {
    const list = this.memento.get<string[]>(key) ?? [];
    if (!list.includes(value)) void this.memento.update(key, [...list, value].slice(-50));
  }
}
