// Streams text into a document at a fixed place, as one undo step, without moving focus.
//
// Every write goes through TextEditor.edit on the editor the command started in (never
// showTextDocument, which would take focus). The first write opens an undo step (undoStopBefore) and
// the last one closes it (undoStopAfter); the writes between add to the same step. VS Code rejects a
// write made against an older document version, so a write racing the user's typing is retried at the
// insertion's new place. The place is tracked through everyone else's edits (rangeTracker): text typed
// at its end stays after it, so the insertion never writes into the user's typing.
//
// What one Undo does, as measured in VS Code 1.139 (test/vscode/editor.test.ts): without other edits to
// the document while it streams, the whole insertion is one undo step. When the user edits the same
// document meanwhile, their edits stay their own undo steps (never mixed with inserted text) and the
// insertion continues in a new step after each of them: `undoSteps` says how many it took. VS Code has
// one undo history per document, in time order, so no extension can keep the user's typing and make
// code written before and after it one step. To keep the count low, writing pauses while the user types
// in the document or moves its cursor, and resumes once they stop for TYPING_PAUSE_MS (or the answer
// ends): one more step per burst of typing, not one per keystroke or move. A save of the document also ends VS Code's undo step (auto
// save after a delay is the default in VS Code for the Web and code-server): code written after a save
// mid-stream is one more step, counted in `undoSteps` like the others. So is code written after the
// cursor moved by a key, a click or a command: VS Code's cursor commands end the undo step too.
//
// A save closes the undo step twice (VS Code 1.139, TextFileEditorModel.doSave and the save participants):
// when it starts, and again after its participants, this extension's onWillSaveTextDocument among them,
// have answered. A write that lands between the two is an undo step of its own, and the extension hears of
// the save only after it started. So while a save runs no write is sent; a write already on its way is let
// land before this participant answers, and the document version the save started from (the one
// onWillSaveTextDocument sees) tells on which side of the first stop it fell.
import * as vscode from 'vscode';
import { PendingWrites } from './pendingWrites';
import { growRange, shiftRange, touchesRange, type OffsetRange } from './rangeTracker';

/** Why writing stopped before the end. */
export type Interruption = 'undone' | 'deleted' | 'closed' | 'failed';

export interface InsertionOutcome {
  /** What was inserted, as the document holds it now (with its line ends). */
  text: string;
  range: OffsetRange;
  /** Undo steps the insertion takes: 1, or more when the user edited the document while it streamed. */
  undoSteps: number;
  /** Why there is more than one step: edits by someone else, saves (auto save included) and cursor moves between writes. */
  splitBy: { edits: number; saves: number; moves: number };
  /**
   * Time writing spent waiting (ms), for the log: for its own writes' change events (`eventTimeouts`: how
   * often it gave up after 2 s and wrote anyway), for a pause in the user's typing, for saves to finish.
   */
  waited: { events: number; eventTimeouts: number; typing: number; saves: number };
  interrupted?: Interruption;
}

/** Writes are coalesced: at most one edit per this many milliseconds. */
const WRITE_INTERVAL_MS = 30;
/** Consecutive rejected writes (each one a race with another edit) before giving up. */
const MAX_ATTEMPTS = 200;
/** Writing waits until the user has not edited the document for this long. */
const TYPING_PAUSE_MS = 500;
/** After the answer ended, writing waits for a pause in the user's typing at most this long. */
const FINISH_PAUSE_MS = 2000;
/** Writing waits for a save of the document to finish (onDidSaveTextDocument), or this long if it fails. */
const SAVE_WAIT_MS = 1500;
/** A write waits this long at most for the change event of the one before (see readyToSend). */
const EVENT_WAIT_MS = 2000;

export class StreamingInsertion implements vscode.Disposable {
  readonly document: vscode.TextDocument;
  private editor: vscode.TextEditor;
  private range: OffsetRange;
  private readonly eol: string;
  /** Text not yet written, with \n line ends. */
  private pending = '';
  private finishing = false;
  private loop: Promise<void> | undefined;
  /** Our writes whose change events have not arrived, to tell them from the user's edits. */
  private readonly ours = new PendingWrites();
  private foreignSinceWrite = false;
  /** The cursor moved since our last write landed: VS Code ended the undo step there. */
  private movedSinceWrite = false;
  /** When the user last edited the document or moved its cursor; writing waits for a pause after it. */
  private lastForeignAt = 0;
  /** The user edited the document or moved its cursor since our last write was sent. */
  private activeSinceWrite = false;
  private finishingSince: number | undefined;
  /** The document was saved since our last write: VS Code closed the undo step there. */
  private savedSinceWrite = false;
  private wrote = false;
  /** The write sent and not yet answered. */
  private inFlight: Thenable<boolean> | undefined;
  /** The document version a save started from, when it started while a write was on its way. */
  private savedDuringWrite: number | undefined;
  /** The document version our last write made, from its change event. */
  private ownVersion = 0;
  /** Resolves once the save running now has finished; writes wait for it. */
  private saveOver: Promise<void> | undefined;
  private readonly saveWaits = new Set<vscode.Disposable>();
  private steps = 0;
  private readonly waited = { events: 0, eventTimeouts: 0, typing: 0, saves: 0 };
  private splitByEdits = 0;
  private splitBySaves = 0;
  private splitByMoves = 0;
  private lastWriteAt = 0;
  private interruption: Interruption | undefined;
  private failure: unknown;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    editor: vscode.TextEditor,
    at: vscode.Position,
    private readonly onInterrupt: (why: Interruption) => void,
  ) {
    this.editor = editor;
    this.document = editor.document;
    const offset = this.document.offsetAt(at);
    this.range = { start: offset, end: offset };
    this.eol = this.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onWillSaveTextDocument((e) => this.onWillSave(e)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) this.interrupt('closed');
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onMove(e)),
      // Writing waits while no editor shows the document, and resumes when one does.
      vscode.window.onDidChangeVisibleTextEditors(() => this.kick()),
    ];
  }

  /** Where the insertion is now, in offsets of the current document. */
  get current(): OffsetRange {
    return { ...this.range };
  }

  get interrupted(): Interruption | undefined {
    return this.interruption;
  }

  /** Queues text (with \n line ends) for the document. */
  append(text: string): void {
    if (this.interruption || this.finishing || !text) return;
    this.pending += text;
    this.kick();
  }

  /** Writes what is left, closes the undo step, and stops tracking. Throws if the document refused the text. */
  async finish(): Promise<InsertionOutcome> {
    this.finishing = true;
    try {
      while (this.loop) await this.loop;
      if (this.pending && !this.interruption) await this.kick();
      if (this.failure) throw this.failure;
      return this.outcome();
    } finally {
      this.dispose();
    }
  }

  /** The inserted text so far, as the document holds it. */
  insertedText(): string {
    if (this.document.isClosed) return '';
    return this.document.getText(new vscode.Range(this.document.positionAt(this.range.start), this.document.positionAt(this.range.end)));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.subscriptions.length = 0;
    for (const wait of this.saveWaits) wait.dispose();
  }

  private onWillSave(e: vscode.TextDocumentWillSaveEvent): void {
    if (e.document !== this.document) return;
    // Before anything is written, a save splits nothing: the first write opens the step anyway.
    if (this.wrote || this.inFlight) this.savedSinceWrite = true;
    const inFlight = this.inFlight;
    if (inFlight) {
      this.savedDuringWrite = Math.min(this.savedDuringWrite ?? Infinity, e.document.version);
      e.waitUntil(Promise.resolve(inFlight).then(() => undefined, () => undefined));
    }
    this.saveOver = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wait.dispose();
        this.saveWaits.delete(wait);
        resolve();
      };
      const timer = setTimeout(done, SAVE_WAIT_MS);
      const saved = vscode.workspace.onDidSaveTextDocument((d) => d === this.document && done());
      const wait = {
        dispose: () => {
          clearTimeout(timer);
          saved.dispose();
          resolve();
        },
      };
      this.saveWaits.add(wait);
    });
  }

  /** Waits while the document is being saved (see the top of this file). */
  private async saveFinished(): Promise<void> {
    if (!this.saveOver) return;
    const started = Date.now();
    while (this.saveOver) {
      const running: Promise<void> = this.saveOver;
      await running;
      if (this.saveOver === running) this.saveOver = undefined;
    }
    this.waited.saves += Date.now() - started;
  }

  /**
   * Waits until a write can be sent: the host's copy of the document is behind until our last write's
   * event arrives (a write sent before would only be refused), and no write is sent while a save runs.
   * Both are checked again after every wait: a save can start while we wait for an event, and a write
   * sent then lands between the save's two undo stops, so that the next write starts a step uncounted.
   */
  private async readyToSend(): Promise<void> {
    const eventsBy = Date.now() + EVENT_WAIT_MS;
    for (;;) {
      if (this.saveOver) await this.saveFinished();
      else if (this.ours.awaitingEvents && Date.now() < eventsBy) {
        const waiting = Date.now();
        await delay(5);
        this.waited.events += Date.now() - waiting;
      } else break;
    }
    if (this.ours.awaitingEvents) this.waited.eventTimeouts++;
  }

  private outcome(): InsertionOutcome {
    const result: InsertionOutcome = {
      text: this.insertedText(),
      range: { ...this.range },
      undoSteps: this.steps,
      splitBy: { edits: this.splitByEdits, saves: this.splitBySaves, moves: this.splitByMoves },
      waited: { ...this.waited },
    };
    if (this.interruption) result.interrupted = this.interruption;
    return result;
  }

  private kick(): Promise<void> {
    this.loop ??= this.drain()
      .catch((e: unknown) => {
        this.failure ??= e;
        this.interrupt('failed');
      })
      .finally(() => {
        this.loop = undefined;
      });
    return this.loop;
  }

  private async drain(): Promise<void> {
    while (!this.interruption && !this.failure) {
      const wait = this.lastWriteAt + WRITE_INTERVAL_MS - Date.now();
      if (wait > 0 && !this.finishing) await delay(wait);
      if (await this.waitForTypingPause()) continue;
      await this.saveFinished();
      const text = this.takeWritable();
      if (!text) return;
      if (!(await this.write(text))) return;
    }
  }

  /**
   * True after waiting because the user edited the document since our last write and has not paused
   * yet. Once the answer has ended, the wait is cut short after FINISH_PAUSE_MS so the command settles.
   */
  private async waitForTypingPause(): Promise<boolean> {
    const typing = this.lastForeignAt + TYPING_PAUSE_MS - Date.now();
    if (!this.activeSinceWrite || typing <= 0) return false;
    if (this.finishing) {
      this.finishingSince ??= Date.now();
      const left = this.finishingSince + FINISH_PAUSE_MS - Date.now();
      if (left <= 0) return false;
      await delay(Math.min(typing, left));
      this.waited.typing += Math.min(typing, left);
      return true;
    }
    await delay(typing);
    this.waited.typing += typing;
    return true;
  }

  /**
   * Everything pending, except while streaming the last character is held back: the final write then
   * always has text, and its undoStopAfter closes the undo step.
   */
  private takeWritable(): string {
    if (this.finishing) {
      const all = this.pending;
      this.pending = '';
      return all;
    }
    const last = this.pending.codePointAt(this.pending.length - 1) ?? 0;
    const keep = this.pending.length >= 2 && last >= 0xdc00 && last <= 0xdfff ? 2 : 1;
    if (this.pending.length <= keep) return '';
    const text = this.pending.slice(0, -keep);
    this.pending = this.pending.slice(-keep);
    return text;
  }

  /** Returns false when writing must wait (no editor shows the document). */
  private async write(text: string): Promise<boolean> {
    const eolText = this.eol === '\n' ? text : text.replace(/\n/g, this.eol);
    for (let attempt = 1; ; attempt++) {
      await this.readyToSend();
      if (this.interruption) return false;
      const before = !this.wrote || this.foreignSinceWrite || this.movedSinceWrite;
      const after = this.finishing && this.pending === '';
      const offset = this.range.end;
      const editor = this.visibleEditor();
      if (!editor && !this.finishing) {
        this.pending = text + this.pending;
        return false;
      }
      const write = this.ours.add(offset, eolText);
      const foreign = this.foreignSinceWrite;
      this.foreignSinceWrite = false;
      this.activeSinceWrite = false;
      const moved = this.movedSinceWrite;
      this.movedSinceWrite = false;
      // No undo stop of our own for a save: it has closed the step already (a second stop adds nothing).
      const saved = this.savedSinceWrite;
      this.savedSinceWrite = false;
      let ok: boolean;
      try {
        if (editor) {
          this.inFlight = editor.edit((b) => b.insert(this.document.positionAt(offset), eolText), { undoStopBefore: before, undoStopAfter: after });
        } else {
          // The stream ended while no editor shows the document: the rest goes in as its own undo step.
          const edit = new vscode.WorkspaceEdit();
          edit.insert(this.document.uri, this.document.positionAt(offset), eolText);
          this.inFlight = vscode.workspace.applyEdit(edit);
        }
        ok = await this.inFlight;
      } catch {
        // The editor was closed between the check and the write: look for another one.
        ok = false;
      } finally {
        this.inFlight = undefined;
      }
      // A save that started while this write was on its way (see the top of this file).
      const saveStartedAt = this.savedDuringWrite;
      this.savedDuringWrite = undefined;
      if (ok) {
        // The change event normally arrives before edit() resolves; if not, grow now and skip it later.
        const eventPending = this.ours.applied(write);
        if (eventPending) this.range = growRange(this.range, eolText.length);
        this.wrote = true;
        const opened = before || saved || !editor || write.afterMove === true;
        write.opened = opened;
        if (opened) {
          this.steps++;
          // What ended the previous step (the first write opens the first step: nothing ended one).
          if (this.steps > 1) {
            if (foreign) this.splitByEdits++;
            else if (saved) this.splitBySaves++;
            else if (moved || write.afterMove) this.splitByMoves++;
          }
        } else if (saveStartedAt !== undefined && (eventPending || this.ownVersion > saveStartedAt)) {
          // It landed after the save's first undo stop and before its second: a step of its own.
          this.steps++;
          this.splitBySaves++;
        }
        this.lastWriteAt = Date.now();
        return true;
      }
      // Refused: the document changed since the host last heard. The user's edit, if that is what it
      // was, has flagged itself in onChange; a refusal alone does not open a new undo step.
      this.ours.refused(write);
      this.foreignSinceWrite ||= foreign;
      this.savedSinceWrite ||= saved;
      this.movedSinceWrite ||= moved || write.afterMove === true;
      this.activeSinceWrite ||= this.foreignSinceWrite || this.movedSinceWrite;
      if (this.foreignSinceWrite && !this.finishing) {
        // The user is typing in the document: back to drain(), which waits for them to pause.
        this.pending = text + this.pending;
        return true;
      }
      if (this.document.isClosed) {
        this.interrupt('closed');
        return false;
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`the document kept changing or refused the edit (${attempt} attempts)`);
      await delay(5);
    }
  }

  /** The editor the command started in, or another one showing the same document (never a new one). */
  private visibleEditor(): vscode.TextEditor | undefined {
    const visible = vscode.window.visibleTextEditors;
    if (visible.includes(this.editor)) return this.editor;
    const other = visible.find((e) => e.document === this.document);
    if (other) this.editor = other;
    return other;
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.document !== this.document || e.contentChanges.length === 0) return;
    const mine = this.ours.match(e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text })));
    if (mine.ours) {
      if (mine.grow) this.range = growRange(this.range, e.contentChanges[0].text.length);
      this.ownVersion = e.document.version;
      return;
    }
    const hadText = this.range.end > this.range.start;
    let touched = false;
    for (const c of e.contentChanges) {
      const change = { offset: c.rangeOffset, length: c.rangeLength, text: c.text };
      touched ||= touchesRange(this.range, change);
      this.range = shiftRange(this.range, change);
    }
    this.foreignSinceWrite = true;
    this.activeSinceWrite = true;
    this.lastForeignAt = Date.now();
    if (this.finishing) return;
    // Undo into the insertion while it streams means "not this": stop rather than write on.
    if (touched && e.reason === vscode.TextDocumentChangeReason.Undo) this.interrupt('undone');
    else if (hadText && this.range.start === this.range.end) this.interrupt('deleted');
  }

  /**
   * The cursor moved in the document by a key, a click or a command (not by an edit, whose kind is
   * undefined). VS Code's cursor commands end the undo step, so code written after the move is a step of
   * its own. Change and selection events arrive in the order they happened: a move heard while one of our
   * writes has not reported its change came before that write, which then began the new step.
   * One case stays uncertain: another extension setting the selection (kind Command, like a cursor
   * command run through executeCommand) does not end the step, and if that races a write on its way the
   * count is one too many.
   */
  private onMove(e: vscode.TextEditorSelectionChangeEvent): void {
    if (e.textEditor.document !== this.document || e.kind === undefined || !(this.wrote || this.inFlight)) return;
    // Like typing, a move is often one of several (to a place, then typing there): writing waits for a
    // pause, so that they end one undo step together rather than one each.
    this.activeSinceWrite = true;
    this.lastForeignAt = Date.now();
    const head = this.ours.oldest;
    if (!head) {
      this.movedSinceWrite = true;
    } else if (!head.counted) {
      // Not answered yet: write() counts it when it is.
      head.afterMove = true;
    } else if (!head.opened) {
      // Answered before its change event arrived, and counted as part of the step before.
      head.opened = true;
      this.steps++;
      this.splitByMoves++;
    }
  }

  private interrupt(why: Interruption): void {
    if (this.interruption) return;
    this.interruption = why;
    this.pending = '';
    this.onInterrupt(why);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
