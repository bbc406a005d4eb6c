// Streams Markdown into a container at a cost that stays flat as the answer grows.
//
// The message's full source is kept, as the frozen text and the open tail after it (apart: a frame
// that cut the tail out of one growing string would copy the whole answer each time). Once per frame,
// only the open tail is parsed and its top-level blocks found (markdown-it's own block boundaries, so lists spanning blank
// lines, tables and unclosed fences are whatever markdown-it says they are). Every block whose
// successor is settled is frozen: its nodes are never touched again. A block is settled when the block
// after it has at least two complete lines: only the first lines of a block can change what came before
// ("2" could still become "2. item" and continue the list above; a table needs its delimiter row).
// Reference definitions ("[r]: https://...") found in the frozen text are carried into every later
// parse, as a one-shot parse would see them.
//
// The blocks after the frozen offset (the open tail, usually one or two) are rendered each frame, one
// block at a time, and compared with the previous frame's: an unchanged block keeps its nodes, and a
// code block that grew keeps its element, toolbar and buttons (only the code inside changes), so a click
// on Copy or Insert while the block still streams is never lost to a rebuild.
//
// Blocks are rendered separately but markdown-it renders a token range the same way alone or in the
// whole, so the final DOM equals one render of the whole text, boxes included (see groupedNodes.ts).
// The one exception is a reference definition arriving after a block that uses it was frozen: at the
// end, the definitions each stretch of frozen text was rendered with are compared with the final ones,
// and if a stretch mentions a label that changed ("[label]"), the message is rendered once more.
import { cancel, flushNow, schedule } from './frame';
import { patchCodeBlock } from './codeBlocks';
import { GroupedNodes } from './groupedNodes';
import { renderGrowing } from './highlight';
import { collectReferences, type Env, htmlToNodes, parse, renderTokens, topLevelBlocks } from './markdown';

/** One block of the open tail, as rendered in the last frame. */
interface TailBlock {
  html: string;
  nodes: Node[];
}

export class IncrementalRenderer {
  /** The text whose blocks are frozen (never rendered again). */
  private frozen = '';
  /** The text after it: parsed and rendered each frame. */
  private open = '';
  /** A trailing "\r" waits for the next delta: it may be the first half of "\r\n". */
  private pendingCR = false;
  private tail: TailBlock[] = [];
  private readonly nodes: GroupedNodes;
  /** Reference definitions from the frozen text (the first definition of a label wins, as in CommonMark). */
  private references: Record<string, unknown> = {};
  /** Stretches of frozen text (up to `end`) and the definitions they were rendered with, as JSON. */
  private frozenRuns: Array<{ end: number; refs: string }> = [];

  constructor(container: HTMLElement) {
    this.nodes = new GroupedNodes(container);
  }

  get text(): string {
    return this.source + (this.pendingCR ? '\n' : '');
  }

  private get source(): string {
    return this.frozen + this.open;
  }

  /** Add streamed text; the render happens in the next frame. */
  append(delta: string): void {
    if (!delta) return;
    let text = (this.pendingCR ? '\r' : '') + delta;
    this.pendingCR = text.endsWith('\r');
    if (this.pendingCR) text = text.slice(0, -1);
    this.open += normalizeNewlines(text);
    schedule(this, () => this.renderFrame(false));
  }

  /** Render the whole text in one go (a finished message from a snapshot). */
  renderAll(text: string): void {
    cancel(this);
    this.pendingCR = false;
    this.reset();
    this.open = normalizeNewlines(text);
    this.renderFrame(true);
  }

  /** The stream ended: render what is left now; the result equals a one-shot render. */
  finish(): void {
    cancel(this);
    if (this.pendingCR) {
      this.open += '\n';
      this.pendingCR = false;
    }
    this.renderFrame(true);
    if (this.usedChangedReference()) {
      const all = this.source;
      this.reset();
      this.open = all;
      this.renderFrame(true);
    }
  }

  /** Render any pending text now (without finishing). */
  flush(): void {
    flushNow(this);
  }

  private reset(): void {
    this.frozen = '';
    this.open = '';
    this.tail = [];
    this.references = {};
    this.frozenRuns = [];
    this.nodes.clear();
  }

  private renderFrame(final: boolean): void {
    const tail = this.open;
    // A copy: a half-streamed definition ("[r]: htt") must not stick.
    const env: Env = { references: { ...this.references } };
    const tokens = parse(tail, env);
    const blocks = topLevelBlocks(tokens);

    let settled = final ? blocks.length : 0;
    let settledOffset = final ? tail.length : 0;
    if (!final) {
      const lineStarts = lineStartOffsets(tail);
      for (let k = 0; k + 1 < blocks.length; k++) {
        const next = blocks[k + 1].line;
        if (next < 0 || next >= lineStarts.length) break;
        const nextOffset = lineStarts[next];
        if (countNewlines(tail, nextOffset, 2) < 2) break;
        settled = k + 1;
        settledOffset = nextOffset;
      }
    }

    // Blocks seen last frame are compared one by one; new blocks that freeze right away (a snapshot, or
    // text that arrived faster than frames) are rendered and sanitised together, in one pass.
    const all: Node[] = [];
    const nextTail: TailBlock[] = [];
    let frozenNodes = 0;
    for (let k = 0; k < blocks.length; ) {
      if (k >= this.tail.length && k < settled) {
        const html = renderTokens(tokens.slice(blocks[k].start, blocks[settled - 1].end), env);
        const nodes = htmlToNodes(html);
        all.push(...nodes);
        frozenNodes += nodes.length;
        k = settled;
        continue;
      }
      const render = () => renderTokens(tokens.slice(blocks[k].start, blocks[k].end), env);
      // A block not settled yet is rendered again, whole, in the frame that freezes it.
      const html = k < settled ? render() : renderGrowing(render);
      const nodes = this.blockNodes(k, html);
      all.push(...nodes);
      if (k < settled) frozenNodes += nodes.length;
      else nextTail.push({ html, nodes });
      k++;
    }
    this.nodes.setTail(all);
    this.tail = nextTail;

    // The final frame always lands here, so the last run holds the final definitions.
    if (settled > 0 || final) {
      this.nodes.freeze(frozenNodes);
      const refs = JSON.stringify(env.references ?? {});
      const last = this.frozenRuns.at(-1);
      const end = this.frozen.length + settledOffset;
      if (last?.refs === refs) last.end = end;
      else this.frozenRuns.push({ end, refs });
      const settledText = tail.slice(0, settledOffset);
      this.references = { ...collectReferences(settledText), ...this.references };
      this.frozen += settledText;
      this.open = tail.slice(settledOffset);
    }
  }

  /** True when frozen text mentions a reference label whose definition changed after it was frozen. */
  private usedChangedReference(): boolean {
    const runs = this.frozenRuns;
    if (runs.length < 2) return false;
    const final = JSON.parse(runs[runs.length - 1].refs) as Record<string, unknown>;
    const source = this.source;
    for (let i = 0, start = 0; i < runs.length - 1; start = runs[i].end, i++) {
      const then = JSON.parse(runs[i].refs) as Record<string, unknown>;
      const changed = Object.keys(final).filter((label) => JSON.stringify(then[label]) !== JSON.stringify(final[label]));
      if (changed.length === 0) continue;
      // Labels are stored normalised (whitespace collapsed, upper case): compare the text the same way.
      const text = source.slice(start, runs[i].end).replace(/\s+/g, ' ').toUpperCase();
      if (changed.some((label) => text.includes(`[${label}]`))) return true;
    }
    return false;
  }

  /** Block `k` of the tail: last frame's nodes when unchanged, updated in place where possible. */
  private blockNodes(k: number, html: string): Node[] {
    const old = this.tail[k];
    if (old?.html === html) return old.nodes;
    const fresh = htmlToNodes(html);
    if (!old) return fresh;
    return fresh.map((node, i) => adopt(old.nodes[i], node));
  }
}

/** The old node brought up to date when it is the same kind of thing (text, code block), else the new one. */
function adopt(old: Node | undefined, fresh: Node): Node {
  if (!old) return fresh;
  if (old instanceof Text && fresh instanceof Text) {
    if (old.data !== fresh.data) old.data = fresh.data;
    return old;
  }
  return patchCodeBlock(old, fresh) ? old : fresh;
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function countNewlines(text: string, from: number, enough: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && n < enough; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
