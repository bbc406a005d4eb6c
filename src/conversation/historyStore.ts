// Conversation history on disk. Plain Node fs and no vscode, so it is unit-tested directly.
//
// Layout under the directory given (the extension's global storage + /history):
//   conversations/<id>.json   one file per conversation: the source of truth
//   index.json                id, title, dates, message count and the file's modification time, newest
//                             first after their count: lets the list open without reading any
//                             conversation, and a new window's first page from the file's head alone
//                             (historyIndexFile.ts); derived, rebuilt from the files when damaged or
//                             missing, and checked against them
//   search.json               lowercased message text per conversation: a cache for search, loaded on the
//                             first search only, refreshed per conversation when its updatedAt differs
//
// Every write is atomic (atomicFile.ts) and writes to one conversation are serialised and coalesced.
// Several VS Code windows share this directory: the conversation files are never rewritten from a stale
// copy by the store itself, and list() reconciles the index with the directory listing, so another
// window's conversations appear and the last index writer cannot hide them. When another window has
// rewritten index.json, list() merges it (per conversation, the entry taken from the newer file wins),
// so its changes to existing conversations (a new turn, a rename) show too. Once per store, a while
// after it opens, every file's modification time is compared with its entry (checkFiles): an index left
// behind by a crash between a file and the index, or by a window that could not write the index, is
// corrected from the files, and onChange tells the list to refresh.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sweepTempFiles, writeFileAtomic } from './atomicFile';
import { isRecord } from '../shared/isRecord';
import { readConversation, type Conversation } from './conversation';
import { isValidConversationId, parseIndex, readIndexHead, serialiseIndex, type IndexEntry } from './historyIndexFile';
import { textOf } from '../shared/messageParts';

/** Something the user should hear about: the UI shows a notice, the log gets the file name. */
export interface HistoryProblem {
  kind: 'damagedConversation' | 'repairedConversation' | 'migratedConversation' | 'unreadableConversation' | 'indexRebuilt' | 'writeFailed';
  message: string;
  id?: string;
  file?: string;
  /** Where a damaged file was moved to. */
  movedTo?: string;
  /** writeFailed: the conversation's title (none for the index), and the error's code and words. */
  title?: string;
  code?: string;
  cause?: string;
}

export interface HistoryStoreOptions {
  onProblem?: (problem: HistoryProblem) => void;
  /** The outage a writeFailed reported is over: everything it kept from the disk has been written since. */
  onWritesResumed?: () => void;
  /** How every file is written; tests inject a full or read-only disk here. Default writeFileAtomic. */
  writeFile?: (target: string, data: string) => Promise<void>;
  /** After a failed write (a full disk, a read-only folder), how long until it is tried again. Default 5 s. */
  retryWriteMs?: number;
  /** Temporary files younger than this may be another window's write in progress. */
  tempMaxAgeMs?: number;
  /** The list changed without a call of ours (checkFiles found a file newer than its entry). */
  onChange?: () => void;
  /** How long after opening the files are checked against the index (checkFiles). Default 3 s; negative: never. */
  checkFilesAfterMs?: number;
}

const SEARCH_VERSION = 1;
const SEARCH_TEXT_MAX = 256 * 1024;

interface PendingWrite {
  data: string;
  promise: Promise<void>;
  started: boolean;
}

export class HistoryStore {
  private readonly conversationsDir: string;
  private readonly indexFile: string;
  private readonly searchFile: string;
  private readonly onProblem: (problem: HistoryProblem) => void;
  private readonly onWritesResumed: () => void;
  private readonly tempMaxAgeMs: number;

  private readonly index = new Map<string, IndexEntry>();
  /** The index, newest first, made again only after a change (list() is called on every keystroke's search). */
  private sorted: IndexEntry[] | undefined;
  /** index.json as last read or written by this store: when its stamp differs, another window wrote it. */
  private indexStamp = '';
  private opened: Promise<void> | undefined;
  /** The folder compared with the index after opening, in the background (see doOpen). */
  private firstReconcile: Promise<void> | undefined;
  /** The conversation ids last read from the folder, and the folder's stamp before that read. */
  private folderListing: { stamp: string; ids: Set<string> } | undefined;
  private readonly onChange: () => void;
  private readonly checkFilesAfterMs: number;
  private checking: Promise<boolean> | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  /** Last queued write per conversation: later saves wait for it, or replace its data if it has not started. */
  private readonly writes = new Map<string, PendingWrite>();
  private indexWrite: Promise<void> | undefined;
  private indexDirty = false;
  private searchCache: Map<string, { updatedAt: number; text: string }> | undefined;
  private searchWrite: Promise<void> | undefined;
  /** Unreadable files are tried again on every list(); they are reported once. */
  private readonly reportedUnreadable = new Set<string>();
  private readonly writeFile: (target: string, data: string) => Promise<void>;
  private readonly retryWriteMs: number;
  /** Conversations whose newest state failed to reach the disk: written again until it does. */
  private readonly unsaved = new Map<string, { data: string; title: string }>();
  private indexUnsaved = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** A failed write was reported and what it kept from the disk is not all written yet: the next failures stay quiet (one notice per outage). */
  private writesFailing = false;

  constructor(
    readonly dir: string,
    options: HistoryStoreOptions = {},
  ) {
    this.conversationsDir = path.join(dir, 'conversations');
    this.indexFile = path.join(dir, 'index.json');
    this.searchFile = path.join(dir, 'search.json');
    this.onProblem = options.onProblem ?? (() => undefined);
    this.onWritesResumed = options.onWritesResumed ?? (() => undefined);
    this.tempMaxAgeMs = options.tempMaxAgeMs ?? 10 * 60_000;
    this.writeFile = options.writeFile ?? writeFileAtomic;
    this.retryWriteMs = options.retryWriteMs ?? 5000;
    this.onChange = options.onChange ?? (() => undefined);
    this.checkFilesAfterMs = options.checkFilesAfterMs ?? 3000;
  }

  /**
   * The newest `count` conversations and how many there are. Before the store has opened (a window that
   * has shown no conversation yet) they come from the head of the index file, and the store opens in the
   * background; otherwise from list().
   */
  async firstPage(count: number): Promise<{ entries: IndexEntry[]; total: number }> {
    // Saved or deleted before opening: the file's head is not the list.
    if (!this.opened && this.index.size === 0 && this.writes.size === 0 && this.unsaved.size === 0) {
      const head = await readIndexHead(this.indexFile, count);
      if (head) {
        void this.open().catch(() => undefined);
        return head;
      }
    }
    const all = await this.list();
    return { entries: all.slice(0, count), total: all.length };
  }

  /** Conversations, most recently updated first. */
  async list(): Promise<IndexEntry[]> {
    const opening = !this.opened;
    await this.open();
    // When this call opened the store, the list comes from the index alone (the folder is compared right
    // after, in the background); later calls compare the folder first, once that comparison is done.
    if (!opening) {
      await this.firstReconcile;
      let changed = await this.mergeIndexFile(true);
      if (await this.reconcile()) changed = true;
      if (changed) void this.scheduleIndexWrite();
    }
    return this.sortedEntries().slice();
  }

  async load(id: string): Promise<Conversation | undefined> {
    if (!isValidConversationId(id)) return undefined;
    await this.open();
    await this.writes.get(id)?.promise.catch(() => undefined);
    const read = await this.readStamped(id);
    const conv = read?.conv;
    if (read && conv && !this.writes.has(id)) {
      // Another window may have changed it since our index entry was written.
      const entry = entryFor(conv, read.stamp);
      const old = this.index.get(id);
      if (!old || old.updatedAt !== entry.updatedAt || old.title !== entry.title || old.messageCount !== entry.messageCount || old.mtime !== entry.mtime || old.size !== entry.size) {
        this.setEntry(entry);
        this.scheduleIndexWrite();
      }
    }
    return conv;
  }

  /**
   * Queues an atomic write of the conversation as it is now (it is serialised at once, so later changes
   * by the caller do not race the write). Resolves when this version or a newer one is on disk.
   */
  save(conv: Conversation): Promise<void> {
    if (!isValidConversationId(conv.id)) return Promise.reject(new Error(`Invalid conversation id: ${conv.id}`));
    // Everything up to queueing happens synchronously, so flush() right after save() waits for it.
    const data = JSON.stringify(conv);
    this.setEntry(entryFor(conv));
    this.searchCache?.set(conv.id, { updatedAt: conv.updatedAt, text: searchText(conv) });

    // A newer state replaces one that failed to save; it is written now, and again until it sticks.
    this.unsaved.delete(conv.id);
    return this.queueWrite(conv.id, conv.title, data);
  }

  private queueWrite(id: string, title: string, data: string): Promise<void> {
    const pending = this.writes.get(id);
    if (pending && !pending.started) {
      pending.data = data; // coalesce: the queued write will write the newest state
      return pending.promise;
    }
    const previous = pending?.promise.catch(() => undefined);
    const write: PendingWrite = { data, started: false, promise: Promise.resolve() };
    write.promise = (async () => {
      await previous;
      const file = this.conversationFile(id);
      try {
        await this.open();
        write.started = true;
        const entry = this.index.get(id);
        await this.writeFile(file, write.data);
        this.writeSucceeded(write);
        // The file's time goes into the entry (if no newer save replaced it meanwhile): checkFiles and the
        // other windows' merges compare it with the file's.
        const stamp = await fileStamp(file);
        if (entry && stamp && this.index.get(id) === entry && entry.mtime === undefined) this.setEntry({ ...entry, ...stamp });
      } catch (e) {
        // The file on disk still holds the previous state (the write is atomic); this one is kept to try again.
        if (this.writes.get(id) === write || !this.writes.has(id)) this.unsaved.set(id, { data: write.data, title });
        this.writeFailed({ kind: 'writeFailed', id, file, title, ...errorOf(e), message: `Could not save the conversation "${title}": ${messageOf(e)}` });
        throw e;
      } finally {
        if (this.writes.get(id) === write) this.writes.delete(id);
      }
      // The index follows the file, so a crash in between leaves a file the next open re-indexes.
      await this.scheduleIndexWrite();
    })();
    this.writes.set(id, write);
    return write.promise;
  }

  /** One notice per outage (a full disk fails every save), and a retry that resumes saving once it is over. */
  private writeFailed(problem: HistoryProblem): void {
    if (!this.writesFailing) {
      this.writesFailing = true;
      this.onProblem(problem);
    }
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      for (const [id, { data, title }] of this.unsaved) {
        if (this.writes.has(id)) continue; // a newer save is on its way
        this.unsaved.delete(id);
        this.queueWrite(id, title, data).catch(() => undefined);
      }
      if (this.indexUnsaved) void this.scheduleIndexWrite();
    }, this.retryWriteMs);
    // A pending retry must not keep a process (a test, the extension host on shutdown) alive.
    this.retryTimer.unref?.();
  }

  /** A write reached the disk (`finished`: a conversation's). The outage is over once nothing it refused is left to write. */
  private writeSucceeded(finished?: PendingWrite): void {
    if (!this.writesFailing) return;
    const othersInFlight = [...this.writes.values()].some((w) => w !== finished);
    if (this.unsaved.size > 0 || this.indexUnsaved || othersInFlight) return;
    this.writesFailing = false;
    this.onWritesResumed();
  }

  async rename(id: string, title: string): Promise<boolean> {
    const conv = await this.load(id);
    if (!conv) return false;
    conv.title = title;
    conv.titleEdited = true;
    await this.save(conv);
    return true;
  }

  async delete(id: string): Promise<boolean> {
    if (!isValidConversationId(id)) return false;
    await this.open();
    await this.writes.get(id)?.promise.catch(() => undefined);
    this.unsaved.delete(id);
    const existed = this.deleteEntry(id);
    this.searchCache?.delete(id);
    let removed = false;
    try {
      await fs.rm(this.conversationFile(id));
      removed = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // The images stored beside it go with it.
    await fs.rm(this.filesDir(id), { recursive: true, force: true }).catch(() => undefined);
    await this.scheduleIndexWrite();
    return existed || removed;
  }

  /** Where a conversation's images are kept: conversations/<id>.files/, beside its JSON. */
  filesDir(id: string): string {
    if (!isValidConversationId(id)) throw new Error(`not a conversation id: ${id.slice(0, 40)}`);
    return path.join(this.conversationsDir, `${id}.files`);
  }

  /**
   * Conversations whose title or message text contains every word of the query (case-insensitive),
   * most recent first. The text comes from search.json, kept in memory after the first search; only
   * conversations changed since it was written are read from disk.
   */
  async search(query: string, limit = Infinity): Promise<IndexEntry[]> {
    const words = normalise(query).split(' ').filter(Boolean);
    const entries = await this.list();
    if (!words.length) return entries.slice(0, limit);
    const cache = await this.searchTexts(entries);
    const hits: IndexEntry[] = [];
    for (const entry of entries) {
      const haystack = `${normalise(entry.title)}\n${cache.get(entry.id)?.text ?? ''}`;
      if (words.every((w) => haystack.includes(w))) {
        hits.push(entry);
        if (hits.length >= limit) break;
      }
    }
    return hits;
  }

  /** Resolves when every queued write has reached the disk (for shutdown and tests). */
  async flush(): Promise<void> {
    for (;;) {
      const pending = [...this.writes.values()].map((w) => w.promise.catch(() => undefined));
      if (this.firstReconcile) pending.push(this.firstReconcile);
      if (this.checking) pending.push(this.checking.then(() => undefined, () => undefined));
      if (this.indexWrite) pending.push(this.indexWrite.catch(() => undefined));
      if (this.searchWrite) pending.push(this.searchWrite.catch(() => undefined));
      if (!pending.length) return;
      await Promise.all(pending);
    }
  }

  private conversationFile(id: string): string {
    return path.join(this.conversationsDir, `${id}.json`);
  }

  private sortedEntries(): IndexEntry[] {
    this.sorted ??= [...this.index.values()].sort((a, b) => b.updatedAt - a.updatedAt);
    return this.sorted;
  }

  private setEntry(entry: IndexEntry): void {
    this.index.set(entry.id, entry);
    this.sorted = undefined;
  }

  private deleteEntry(id: string): boolean {
    const had = this.index.delete(id);
    if (had) this.sorted = undefined;
    return had;
  }

  /**
   * Compares every conversation file's modification time with its entry and reads the ones that differ
   * (or whose entry has no time): the index is corrected from the files, whatever left it behind (a
   * crash between writing a file and the index, a window that could not write the index). Runs once on
   * its own a while after the store opens, in the background; resolves to whether the list changed.
   */
  checkFiles(): Promise<boolean> {
    this.checking ??= this.doCheckFiles().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async doCheckFiles(): Promise<boolean> {
    await this.open();
    let changed = await this.reconcile(false, true);
    let updated = changed;
    const entries = [...this.index.values()];
    for (let i = 0; i < entries.length; i += 32) {
      const results = await Promise.all(
        entries.slice(i, i + 32).map(async (entry): Promise<'same' | 'time' | 'entry'> => {
          if (this.writes.has(entry.id) || this.unsaved.has(entry.id)) return 'same'; // newer in memory than on disk
          const stamp = await fileStamp(this.conversationFile(entry.id));
          if (!stamp || (stamp.mtime === entry.mtime && stamp.size === entry.size)) return 'same';
          const read = await this.readStamped(entry.id);
          // Only if nothing replaced the entry meanwhile (a save, a load, a merge).
          if (!read?.conv || this.index.get(entry.id) !== entry || this.writes.has(entry.id)) return 'same';
          const fresh = entryFor(read.conv, read.stamp);
          this.setEntry(fresh);
          const same = fresh.updatedAt === entry.updatedAt && fresh.title === entry.title && fresh.messageCount === entry.messageCount && fresh.createdAt === entry.createdAt;
          return same ? 'time' : 'entry';
        }),
      );
      if (results.includes('entry')) changed = true;
      if (results.some((r) => r !== 'same')) updated = true;
    }
    // Times recorded for the first time are kept too, so that the next check reads nothing.
    if (updated) await this.scheduleIndexWrite();
    if (changed) this.onChange();
    return changed;
  }

  private open(): Promise<void> {
    this.opened ??= this.doOpen().catch((e) => {
      this.opened = undefined; // let the next call try again (e.g. the disk was full)
      throw e;
    });
    return this.opened;
  }

  private async doOpen(): Promise<void> {
    await fs.mkdir(this.conversationsDir, { recursive: true });
    const loaded = await this.readIndex();
    // Entries saved before the index was read are newer than the file's: they win.
    for (const [id, entry] of loaded?.entries ?? []) if (!this.index.has(id)) this.index.set(id, entry);
    this.sorted = undefined;
    if (loaded) {
      this.indexStamp = loaded.stamp;
      // The index is whole: the list opens from it at once. Reading the folder (10,000 names) and comparing
      // took about 40 % of opening the list; it runs just after, and says when it changed something (a
      // file another window added or removed between its two writes), as the background check does.
      const first = this.reconcile()
        .then((changed) => {
          if (!changed) return;
          void this.scheduleIndexWrite().catch(() => undefined);
          this.onChange();
        })
        .catch(() => undefined)
        .finally(() => {
          if (this.firstReconcile === first) this.firstReconcile = undefined;
        });
      this.firstReconcile = first;
    } else {
      await this.reconcile(true);
      this.onProblem({ kind: 'indexRebuilt', file: this.indexFile, message: `The history index was missing or damaged and was rebuilt from ${this.index.size} conversation files.` });
      await this.scheduleIndexWrite();
    }
    void sweepTempFiles(this.conversationsDir, this.tempMaxAgeMs);
    void sweepTempFiles(this.dir, this.tempMaxAgeMs);
    if (this.checkFilesAfterMs >= 0) {
      this.checkTimer = setTimeout(() => void this.checkFiles().catch(() => undefined), this.checkFilesAfterMs);
      this.checkTimer.unref?.(); // never keeps a process alive
    }
  }

  /** The index file's entries and its stamp (size and time: what tells that another window rewrote it). */
  private async readIndex(): Promise<{ entries: Map<string, IndexEntry>; stamp: string } | undefined> {
    let text: string;
    let stamp: string;
    try {
      // Stamped before reading: a write after the stat changes the stamp, and the next list() reads again.
      stamp = await this.indexFileStamp();
      text = await fs.readFile(this.indexFile, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entries = parseIndex(JSON.parse(text) as unknown);
      return entries && { entries, stamp };
    } catch {
      return undefined;
    }
  }

  private async indexFileStamp(): Promise<string> {
    const st = await fs.stat(this.indexFile);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  }

  /**
   * When another window has written index.json since this store last read or wrote it, its entries are
   * merged: per conversation, the one taken from the newer file wins. With `add`, conversations this
   * store does not know are added (list() then drops those without a file); before our own index write
   * only known ones are updated, so a conversation deleted here is not written back.
   */
  private async mergeIndexFile(add: boolean): Promise<boolean> {
    let stamp: string;
    try {
      stamp = await this.indexFileStamp();
    } catch {
      return false; // no index file (yet): ours is written when something changes
    }
    if (stamp === this.indexStamp) return false;
    const loaded = await this.readIndex();
    if (!loaded) return false; // damaged: our own write replaces it
    this.indexStamp = loaded.stamp;
    let changed = false;
    for (const [id, theirs] of loaded.entries) {
      if (this.writes.has(id) || this.unsaved.has(id)) continue; // ours is newer than any file
      const ours = this.index.get(id);
      if (ours ? (theirs.mtime ?? 0) > (ours.mtime ?? 0) : add) {
        this.setEntry(theirs);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * Makes the index match the directory: files it lacks are read and added (new ones from another
   * window, or all of them when rebuilding), entries without a file are dropped. At most one readdir
   * (conversationIds); only unknown files are read. Returns whether anything changed (the caller writes
   * the index).
   */
  private async reconcile(rebuild = false, fresh = rebuild): Promise<boolean> {
    const onDisk = await this.conversationIds(fresh);
    let changed = false;
    for (const id of [...this.index.keys()]) {
      if (!onDisk.has(id) && !this.writes.has(id)) {
        this.deleteEntry(id);
        changed = true;
      }
    }
    // Conversations with a queued write are newer in memory than on disk: leave their entries alone.
    const unknown = [...onDisk].filter((id) => !this.writes.has(id) && (rebuild || !this.index.has(id)));
    // Bounded parallelism: a rebuild of thousands of files should not open them all at once.
    for (let i = 0; i < unknown.length; i += 32) {
      const batch = await Promise.all(unknown.slice(i, i + 32).map((id) => this.readStamped(id)));
      for (const read of batch) {
        if (!read?.conv || this.writes.has(read.conv.id)) continue;
        this.setEntry(entryFor(read.conv, read.stamp));
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The ids of the conversation files. The folder is read again only when its stamp changed: adding,
   * removing or renaming a file changes a folder's modification time (every write here renames a
   * temporary file over its target), and at 10,000 conversations reading the folder took 50-250 ms of
   * every list(). A stamp less than 2 s old is not trusted, since a change in the same tick of a coarse
   * clock would not show in it (as git treats its index). `fresh`: read the folder whatever its stamp
   * (the rebuild, and the background check, which thus also covers a file system whose times lie).
   */
  private async conversationIds(fresh: boolean): Promise<Set<string>> {
    const st = await fs.stat(this.conversationsDir).catch(() => undefined);
    const stamp = st ? `${st.mtimeMs}:${st.ino}` : undefined;
    if (!fresh && stamp !== undefined && this.folderListing?.stamp === stamp) return this.folderListing.ids;
    const names = await fs.readdir(this.conversationsDir).catch(() => [] as string[]);
    const ids = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      if (isValidConversationId(id)) ids.add(id);
    }
    this.folderListing = st && stamp !== undefined && Date.now() - st.mtimeMs > 2000 ? { stamp, ids } : undefined;
    return ids;
  }

  /**
   * Reads one file with its modification time, taken before reading: if the file changes after the
   * stat, its time differs from the entry's and the next check reads it again.
   */
  private async readStamped(id: string): Promise<{ conv: Conversation | undefined; stamp: FileStamp | undefined } | undefined> {
    const stamp = await fileStamp(this.conversationFile(id));
    return { conv: await this.readConversation(id), stamp };
  }

  /** Reads one file; a damaged one is moved aside and reported, and reads as absent. */
  private async readConversation(id: string): Promise<Conversation | undefined> {
    const file = this.conversationFile(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        // Not yet written (a new conversation's first save is queued) or removed by another window.
        if (!this.writes.has(id) && this.deleteEntry(id)) void this.scheduleIndexWrite();
        return undefined;
      }
      // Unreadable (permissions, a folder in its place): left where it is, since it may be fixed, and
      // skipped, so one file never fails the whole list.
      if (this.reportedUnreadable.has(id)) return undefined;
      this.reportedUnreadable.add(id);
      this.onProblem({ kind: 'unreadableConversation', id, file, message: `A saved conversation could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).` });
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const read = readConversation(parsed);
    if (read && read.conversation.id === id) {
      const { dropped, migratedFrom } = read;
      if (dropped.length) {
        this.onProblem({ kind: 'repairedConversation', id, file, message: `Ignored damaged fields of a saved conversation: ${dropped.join(', ')}.` });
      }
      if (migratedFrom !== undefined) {
        this.onProblem({ kind: 'migratedConversation', id, file, message: `Read a version-${migratedFrom} conversation; it is saved in the current format on its next change.` });
      }
      return read.conversation;
    }
    await this.setAside(id, file);
    return undefined;
  }

  private async setAside(id: string, file: string): Promise<void> {
    const movedTo = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    let moved = true;
    try {
      await fs.rename(file, movedTo);
    } catch {
      moved = false;
    }
    const title = this.index.get(id)?.title;
    if (this.deleteEntry(id)) void this.scheduleIndexWrite();
    this.searchCache?.delete(id);
    this.onProblem({
      kind: 'damagedConversation',
      id,
      file,
      movedTo: moved ? movedTo : undefined,
      message:
        `A conversation${title ? ` ("${title}")` : ''} could not be read and was ` +
        (moved ? `set aside as ${path.basename(movedTo)}.` : 'skipped.') +
        ' Other conversations are not affected.',
    });
  }

  /** Writes the index as it is in memory; calls while a write runs coalesce into one more write. */
  private scheduleIndexWrite(): Promise<void> {
    if (this.indexWrite) {
      this.indexDirty = true;
      return this.indexWrite;
    }
    const run = async () => {
      do {
        this.indexDirty = false;
        // Another window's newer entries are kept, not overwritten by ours.
        await this.mergeIndexFile(false);
        await this.writeFile(this.indexFile, serialiseIndex(this.sortedEntries()));
        // Stamped after the write: a write by another window in between would be missed here, and its
        // entries come back with that window's next index write or the next checkFiles.
        this.indexStamp = await this.indexFileStamp().catch(() => '');
      } while (this.indexDirty);
      this.indexUnsaved = false;
      this.writeSucceeded();
    };
    this.indexWrite = run()
      .catch((e) => {
        this.indexUnsaved = true;
        this.writeFailed({ kind: 'writeFailed', file: this.indexFile, ...errorOf(e), message: `Could not save the history index: ${messageOf(e)}` });
      })
      .finally(() => {
        this.indexWrite = undefined;
      });
    return this.indexWrite;
  }

  private async searchTexts(entries: IndexEntry[]): Promise<Map<string, { updatedAt: number; text: string }>> {
    if (!this.searchCache) this.searchCache = await this.readSearchFile();
    const cache = this.searchCache;
    const stale = entries.filter((e) => cache.get(e.id)?.updatedAt !== e.updatedAt);
    for (let i = 0; i < stale.length; i += 32) {
      await Promise.all(
        stale.slice(i, i + 32).map(async (e) => {
          const conv = await this.readConversation(e.id).catch(() => undefined);
          if (conv) cache.set(e.id, { updatedAt: conv.updatedAt, text: searchText(conv) });
          else cache.delete(e.id);
        }),
      );
    }
    for (const id of [...cache.keys()]) if (!this.index.has(id)) cache.delete(id);
    if (stale.length) this.writeSearchFile();
    return cache;
  }

  private async readSearchFile(): Promise<Map<string, { updatedAt: number; text: string }>> {
    const map = new Map<string, { updatedAt: number; text: string }>();
    try {
      const parsed = JSON.parse(await fs.readFile(this.searchFile, 'utf8')) as unknown;
      if (isRecord(parsed) && parsed.version === SEARCH_VERSION && isRecord(parsed.entries)) {
        for (const [id, v] of Object.entries(parsed.entries)) {
          if (isRecord(v) && typeof v.updatedAt === 'number' && typeof v.text === 'string') map.set(id, { updatedAt: v.updatedAt, text: v.text });
        }
      }
    } catch {
      // missing or damaged: it is only a cache, rebuilt from the conversation files
    }
    return map;
  }

  private writeSearchFile(): void {
    if (this.searchWrite || !this.searchCache) return;
    const data = JSON.stringify({ version: SEARCH_VERSION, entries: Object.fromEntries(this.searchCache) });
    this.searchWrite = this.writeFile(this.searchFile, data)
      .catch(() => undefined) // a cache: losing a write costs one slower search later
      .finally(() => {
        this.searchWrite = undefined;
      });
  }
}

interface FileStamp {
  mtime: number;
  size: number;
}

function entryFor(conv: Conversation, stamp?: FileStamp): IndexEntry {
  const entry: IndexEntry = { id: conv.id, title: conv.title, createdAt: conv.createdAt, updatedAt: conv.updatedAt, messageCount: conv.messages.length };
  return stamp ? { ...entry, mtime: stamp.mtime, size: stamp.size } : entry;
}

/** A file's time and size: where times are coarse (seconds on some file systems), a change of size still tells. */
async function fileStamp(file: string): Promise<FileStamp | undefined> {
  try {
    const st = await fs.stat(file);
    return { mtime: st.mtimeMs, size: st.size };
  } catch {
    return undefined;
  }
}

/** Lowercased, whitespace collapsed: the form both the query and the text are compared in. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function searchText(conv: Conversation): string {
  const text = normalise(conv.messages.map((m) => textOf(m)).join('\n'));
  return text.length > SEARCH_TEXT_MAX ? text.slice(0, SEARCH_TEXT_MAX) : text;
}


function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function errorOf(e: unknown): { code?: string; cause: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return { code: typeof code === 'string' ? code : undefined, cause: messageOf(e) };
}
