// The top-level nodes of a rendered answer, kept in <div class="md-group"> boxes of GROUP_SIZE nodes:
// node i always lives in box floor(i / GROUP_SIZE), whether the answer was streamed or rendered in one
// go, so both give the same DOM. Boxes keep the work of appending flat however long the answer is (the
// container's child list stays short), and a box that is off screen is skipped by layout and paint
// (content-visibility in chat.css). That is switched on for the container only in the frame after its
// first layout: every box then present has been laid out once, so a skipped box keeps its real height
// (contain-intrinsic-size: auto) instead of an estimate that would make positions jump when it is
// scrolled to. Boxes added later, while an answer streams, are laid out at the bottom as they come.
//
// The first `frozen` nodes never change. The nodes after them (the open tail) are replaced each frame,
// but only from the first node that differs: a node that stays the same object is never moved, so a
// button under the pointer or holding focus is left alone.
const GROUP_SIZE = 64;
const SKIP_OFFSCREEN = 'md-skip-offscreen';

/**
 * Switches on skipping for the boxes of the answers in `root` that have been laid out (what the frame
 * after their first layout would do): for a caller that has just forced that layout in a task of its
 * own (lazyBodies.ts), so that the frame does not have to apply the change.
 */
export function skipLaidOutGroups(root: Element): void {
  for (const body of Array.from(root.querySelectorAll<HTMLElement>('.markdown-body'))) {
    if (!body.classList.contains(SKIP_OFFSCREEN) && body.firstElementChild?.classList.contains('md-group') && body.offsetHeight > 0) body.classList.add(SKIP_OFFSCREEN);
  }
}

export class GroupedNodes {
  private frozen = 0;
  private tail: Node[] = [];
  private readonly groups: HTMLElement[] = [];

  constructor(private readonly container: HTMLElement) {
    const sized = new ResizeObserver((entries) => {
      // Not laid out yet (an answer rendered while its message is skipped by layout, lazyBodies.ts):
      // wait for a real layout, or the boxes would be skipped at an estimate they never had.
      if (entries.every((e) => e.contentRect.height === 0)) return;
      sized.disconnect();
      requestAnimationFrame(() => container.classList.add(SKIP_OFFSCREEN));
    });
    sized.observe(container);
  }

  /** The nodes after the frozen ones become `nodes`. */
  setTail(nodes: Node[]): void {
    let same = 0;
    while (same < nodes.length && same < this.tail.length && nodes[same] === this.tail[same]) same++;
    for (let i = this.tail.length - 1; i >= same; i--) this.tail[i].parentNode?.removeChild(this.tail[i]);
    this.dropEmptyGroups(this.frozen + same);
    for (let i = same; i < nodes.length; i++) this.groupOf(this.frozen + i).appendChild(nodes[i]);
    this.tail = nodes;
  }

  /** The first `count` tail nodes will not change again. */
  freeze(count: number): void {
    this.frozen += count;
    this.tail = this.tail.slice(count);
  }

  clear(): void {
    for (const g of this.groups) g.remove();
    this.groups.length = 0;
    this.frozen = 0;
    this.tail = [];
  }

  private groupOf(index: number): HTMLElement {
    const g = Math.floor(index / GROUP_SIZE);
    while (this.groups.length <= g) {
      const group = document.createElement('div');
      group.className = 'md-group';
      this.container.appendChild(group);
      this.groups.push(group);
    }
    return this.groups[g];
  }

  /** Boxes past the one that holds node `count - 1` are empty: remove them. */
  private dropEmptyGroups(count: number): void {
    const keep = Math.ceil(count / GROUP_SIZE);
    while (this.groups.length > keep) this.groups.pop()!.remove();
  }
}
