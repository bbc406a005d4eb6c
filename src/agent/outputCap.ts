// Tool output going back to the model is capped: the head and the tail are kept and the middle is
// replaced by a note saying how much was left out. A collector keeps memory bounded while a command
// streams (a 16 MB single line costs no more than the cap), so nothing overflows the context.

export const DEFAULT_OUTPUT_CAP = 24_000;

/** Head and tail of `text` within `maxChars`, with a note in the middle when something was cut. */
export function capOutput(text: string, maxChars = DEFAULT_OUTPUT_CAP): string {
  if (text.length <= maxChars) return stripAnsi(text);
  const collector = new OutputCollector(maxChars);
  collector.push(text);
  return collector.text();
}

export class OutputCollector {
  private head = '';
  /** Chunks of the tail, trimmed from the front once they hold more than the tail budget. */
  private tail: string[] = [];
  private tailLength = 0;
  private total = 0;
  private readonly headBudget: number;
  private readonly tailBudget: number;

  constructor(private readonly maxChars = DEFAULT_OUTPUT_CAP) {
    // The tail (where errors and summaries usually are) gets a little more than the head.
    this.headBudget = Math.floor(maxChars * 0.4);
    this.tailBudget = maxChars - this.headBudget;
  }

  push(chunk: string): void {
    this.total += chunk.length;
    if (this.head.length < this.headBudget) {
      const take = this.headBudget - this.head.length;
      this.head += chunk.slice(0, take);
      chunk = chunk.slice(take);
      if (chunk === '') return;
    }
    if (chunk.length >= this.tailBudget) {
      this.tail = [chunk.slice(chunk.length - this.tailBudget)];
      this.tailLength = this.tailBudget;
      return;
    }
    this.tail.push(chunk);
    this.tailLength += chunk.length;
    while (this.tailLength - this.tail[0].length >= this.tailBudget) this.tailLength -= (this.tail.shift() as string).length;
  }

  get totalChars(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.maxChars;
  }

  text(): string {
    let tail = this.tail.join('');
    if (!this.truncated) return stripAnsi(this.head + tail);
    if (tail.length > this.tailBudget) tail = tail.slice(tail.length - this.tailBudget);
    const elided = this.total - this.head.length - tail.length;
    return `${stripAnsi(this.head)}\n\n[… ${elided.toLocaleString('en-US')} characters of output left out here (${this.total.toLocaleString('en-US')} in all); the start and the end are shown …]\n\n${stripAnsi(tail)}`;
  }
}

/** Colour and cursor escapes mean nothing to the model and cost tokens. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '');
}
