// Streams Markdown into a container at a cost that stays flat as the answer grows.
//
// The message's full source is kept. Once per frame, only the source after the "frozen" offset is
// parsed and its top-level blocks found (markdown-it's own block boundaries, so lists spanning blank
// lines, tables and unclosed fences are whatever markdown-it says they are). Every block whose
// successor is settled is rendered once, appended as nodes, and never touched again; the open tail is
// re-rendered into the nodes after them. A block is settled when the block after it has at least two
// complete lines: only the first lines of a block can change what came before ("2" could still become
// "2. item" and continue the list above; a table needs its delimiter row). Reference definitions
// ("[r]: https://...") found in the frozen text are carried into every later parse, as a one-shot
// parse would see them.
//
// While streaming, frozen nodes are kept in plain <div class="md-group"> boxes of up to 64 nodes, so
// the layout work of appending stays flat however many blocks came before (measured: a frame costs the
// same at 1 KB and at 70 KB). When the stream ends the boxes are unwrapped, so the container's
// children are exactly what one render of the whole text gives, and the concatenated HTML is compared
// with a one-shot render of the final text; if anything differs (a reference defined below a link that
// was already frozen), the whole message is rendered once more. The final DOM always equals a single
// render.
import { cancel, flushNow, schedule } from './frame';
import { collectReferences, type Env, htmlToNodes, parse, renderHtml, renderTokens, topLevelBlocks } from './markdown';

const GROUP_SIZE = 64;

export class IncrementalRenderer {
  private source = '';
  /** A trailing "\r" waits for the next delta: it may be the first half of "\r\n". */
  private pendingCR = false;
  private frozenOffset = 0;
  private frozenHtml: string[] = [];
  private tailNodes: Node[] = [];
  private tailHtml = '';
  /** Reference definitions from the frozen text (the first definition of a label wins, as in CommonMark). */
  private references: Record<string, unknown> = {};

  constructor(
    private readonly container: HTMLElement,
    private readonly onRender: () => void = () => {},
  ) {}

  get text(): string {
    return this.source + (this.pendingCR ? '\n' : '');
  }

  /** Add streamed text; the render happens in the next frame. */
  append(delta: string): void {
    if (!delta) return;
    let text = (this.pendingCR ? '\r' : '') + delta;
    this.pendingCR = text.endsWith('\r');
    if (this.pendingCR) text = text.slice(0, -1);
    this.source += normalizeNewlines(text);
    schedule(this, () => this.renderFrame(false));
  }

  /** Render the whole text in one go (a finished message from a snapshot). */
  renderAll(text: string): void {
    cancel(this);
    this.source = normalizeNewlines(text);
    this.pendingCR = false;
    this.reset();
    this.renderFrame(true);
  }

  /** The stream ended: render what is left now, and make sure the result equals a one-shot render. */
  finish(): void {
    cancel(this);
    if (this.pendingCR) {
      this.source += '\n';
      this.pendingCR = false;
    }
    this.renderFrame(true);
    this.unwrapGroups();
    if (this.frozenHtml.length > 0 && this.frozenHtml.join('') + this.tailHtml !== renderHtml(this.source)) {
      this.reset();
      this.renderFrame(true);
    }
  }

  /** Render any pending text now (without finishing). */
  flush(): void {
    flushNow(this);
  }

  private reset(): void {
    this.frozenOffset = 0;
    this.frozenHtml = [];
    this.tailHtml = '';
    this.tailNodes = [];
    this.references = {};
    while (this.container.lastChild) this.container.removeChild(this.container.lastChild);
  }

  private appendFrozen(nodes: Node[]): void {
    let group = this.container.lastElementChild;
    if (!group || !group.classList.contains('md-group') || group.childNodes.length >= GROUP_SIZE) {
      group = document.createElement('div');
      group.className = 'md-group';
      this.container.appendChild(group);
    }
    group.append(...nodes);
  }

  private unwrapGroups(): void {
    for (const group of Array.from(this.container.querySelectorAll(':scope > .md-group'))) group.replaceWith(...Array.from(group.childNodes));
  }

  private renderFrame(final: boolean): void {
    const tail = this.source.slice(this.frozenOffset);
    // A copy: a half-streamed definition ("[r]: htt") must not stick.
    const env: Env = { references: { ...this.references } };
    const tokens = parse(tail, env);
    const blocks = topLevelBlocks(tokens);

    let settled = 0;
    let settledOffset = 0;
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

    for (const node of this.tailNodes) node.parentNode?.removeChild(node);
    if (settled > 0) {
      const html = renderTokens(tokens.slice(0, blocks[settled].start), env);
      // Kept as a detached copy: V8 builds `html` from slices of this frame's `tail`, and keeping the
      // slices would keep every frame's copy of the source alive (940 MB after a 1 MB answer).
      this.frozenHtml.push(detached(html));
      this.appendFrozen(htmlToNodes(html));
      this.references = { ...collectReferences(tail.slice(0, settledOffset)), ...this.references };
      this.frozenOffset += settledOffset;
    }
    const rest = settled > 0 ? tokens.slice(blocks[settled].start) : tokens;
    this.tailHtml = renderTokens(rest, env);
    this.tailNodes = htmlToNodes(this.tailHtml);
    this.container.append(...this.tailNodes);
    this.onRender();
  }
}

/** A string that shares no memory with the one it was built from (a JSON round trip always copies). */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
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
