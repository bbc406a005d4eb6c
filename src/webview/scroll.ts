// Auto-scroll that follows the answer until the user scrolls up, then offers "Jump to latest".
// Following is lost only by the user moving up (scrollTop decreasing, or a wheel/key gesture upwards),
// never by content growing under a scroll position we set ourselves.
//
// Growth is noticed by a ResizeObserver on the scroller and its content, whose callback runs after the
// browser's own layout of the frame: reading scrollHeight there is free, where reading it right after
// changing the DOM would force a second, synchronous layout on every streamed frame.
export class ScrollFollower {
  private following = true;
  private lastTop = 0;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly jump: HTMLButtonElement,
    private readonly onChange: (state: { scrollTop: number; following: boolean }) => void,
  ) {
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    scroller.addEventListener('wheel', (e) => {
      if (e.deltaY < 0 && this.canScroll()) this.setFollowing(false);
    }, { passive: true });
    scroller.addEventListener('keydown', (e) => {
      if (['ArrowUp', 'PageUp', 'Home'].includes(e.key) && e.target === scroller && this.canScroll()) this.setFollowing(false);
    });
    jump.addEventListener('click', () => this.jumpToLatest());
    const resized = new ResizeObserver(() => this.contentChanged());
    resized.observe(scroller);
    for (const child of Array.from(scroller.children)) resized.observe(child);
    this.updateJump();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Content or viewport changed size: stay at the bottom if following. */
  private contentChanged(): void {
    if (this.following) this.toBottom();
    this.updateJump();
  }

  jumpToLatest(): void {
    this.setFollowing(true);
    this.toBottom();
  }

  restore(scrollTop: number, following: boolean): void {
    if (following) {
      this.jumpToLatest();
      return;
    }
    this.scroller.scrollTop = scrollTop;
    this.lastTop = this.scroller.scrollTop;
    this.setFollowing(this.atBottom());
  }

  private toBottom(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.lastTop = this.scroller.scrollTop;
  }

  private onScroll(): void {
    const top = this.scroller.scrollTop;
    if (this.atBottom()) this.setFollowing(true);
    else if (top < this.lastTop - 1) this.setFollowing(false);
    this.lastTop = top;
    this.updateJump();
    this.onChange({ scrollTop: top, following: this.following });
  }

  private canScroll(): boolean {
    return this.scroller.scrollHeight > this.scroller.clientHeight;
  }

  private atBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < 16;
  }

  private setFollowing(value: boolean): void {
    if (this.following === value) return;
    this.following = value;
    this.updateJump();
  }

  private updateJump(): void {
    this.jump.hidden = this.following || this.atBottom();
  }
}
