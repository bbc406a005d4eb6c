// Our own writes to a document whose change events have not arrived yet. TextEditor.edit() usually
// resolves after the extension host has seen the change, but under load the event can come later; a
// late event must still be recognised as ours (not the user's), or the insertion would count its own
// text twice and open a new undo step for nothing. VS Code reports changes in the order they happen,
// so the oldest pending write is always the next of ours to arrive. Pure, unit-tested.
import type { OffsetChange } from './rangeTracker';

export interface PendingWrite {
  readonly offset: number;
  readonly text: string;
  /** The range already grew for it (edit() resolved before its event arrived). */
  counted: boolean;
  /** The cursor moved before it landed (see StreamingInsertion.onMove). */
  afterMove?: boolean;
  /** It began an undo step, and that step is counted. */
  opened?: boolean;
}

export class PendingWrites {
  private readonly queue: PendingWrite[] = [];

  /** A write is about to be sent: an insertion of `text` at `offset`. */
  add(offset: number, text: string): PendingWrite {
    const write: PendingWrite = { offset, text, counted: false };
    this.queue.push(write);
    return write;
  }

  /** The document took the write. True when its event has not arrived yet: the range must grow now. */
  applied(write: PendingWrite): boolean {
    if (!this.queue.includes(write)) return false;
    write.counted = true;
    return true;
  }

  /** The document refused the write (it changed meanwhile): it will never have an event. */
  refused(write: PendingWrite): void {
    const i = this.queue.indexOf(write);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /**
   * A change event's changes. `ours`: it is the oldest pending write (and is forgotten); `grow`: the
   * range has not grown for it yet.
   */
  match(changes: readonly OffsetChange[]): { ours: boolean; grow: boolean } {
    const head = this.queue[0];
    const c = changes.length === 1 ? changes[0] : undefined;
    if (!head || !c || c.offset !== head.offset || c.length !== 0 || c.text !== head.text) return { ours: false, grow: false };
    this.queue.shift();
    return { ours: true, grow: !head.counted };
  }

  /** The oldest write whose change event has not arrived: the next of ours the document will report. */
  get oldest(): PendingWrite | undefined {
    return this.queue[0];
  }

  /** Writes the document took whose events are still on their way: the extension host's copy of the
   * document is behind, and a write sent now would be refused. */
  get awaitingEvents(): boolean {
    return this.queue.some((w) => w.counted);
  }
}
