// Conversation history on disk. Plain Node fs and no vscode, so it is unit-tested directly.
//
// Layout under the directory given (the extension's global storage + /history):
//   conversations/<id>.json   one file per conversation: the source of truth
//   index.json                id, title, dates, message count: lets the list open without reading
//                             every conversation; derived, rebuilt from the files when damaged or missing
//   search.json               lowercased message text per conversation: a cache for search, loaded on the
//                             first search only, refreshed per conversation when its updatedAt differs
//
// Every write is atomic (atomicFile.ts) and writes to one conversation are serialised and coalesced.
// Several VS Code windows share this directory: the conversation files are never rewritten from a stale
// copy by the store itself, and list() reconciles the index with the directory listing, so another
// window's conversations appear and the last index writer cannot hide them.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { HistoryItem } from '../protocol';
import { sweepTempFiles, writeFileAtomic } from './atomicFile';
import { readConversation, type Conversation } from './conversation';
import { textOf } from '../shared/messageParts';

export interface IndexEntry extends HistoryItem {
  createdAt: number;
}

/** Something the user should hear about: the UI shows a notice, the log gets the file name. */
export interface HistoryProblem {
  kind: 'damagedConversation' | 'repairedConversation' | 'migratedConversation' | 'unreadableConversation' | 'indexRebuilt' | 'writeFailed';
  message: string;
  id?: string;
  file?: string;
  /** Where a damaged file was moved to. */
  movedTo?: string;
}

export interface HistoryStoreOptions {
  onProblem?: (problem: HistoryProblem) => void;
  /** How every file is written; tests inject a full or read-only disk here. Default writeFileAtomic. */
  writeFile?: (target: string, data: string) => Promise<void>;
  /** After a failed write (a full disk, a read-only folder), how long until it is tried again. Default 5 s. */
  retryWriteMs?: number;
  /** Temporary files younger than this may be another window's write in progress. */
  tempMaxAgeMs?: number;
}

const INDEX_VERSION = 1;
const SEARCH_TEXT_MAX = 256 * 1024;
/** Ids become file names: only this shape is ever turned into a path (no traversal, no odd characters). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isValidConversationId(id: string): boolean {
  return ID_PATTERN.test(id);
}

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
  private readonly tempMaxAgeMs: number;

  private readonly index = new Map<string, IndexEntry>();
  private opened: Promise<void> | undefined;
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
  /** A failed write was reported and none has succeeded since: the next failures stay quiet (one notice per outage). */
  private writesFailing = false;

  constructor(
    readonly dir: string,
    options: HistoryStoreOptions = {},
  ) {
    this.conversationsDir = path.join(dir, 'conversations');
    this.indexFile = path.join(dir, 'index.json');
    this.searchFile = path.join(dir, 'search.json');
    this.onProblem = options.onProblem ?? (() => undefined);
    this.tempMaxAgeMs = options.tempMaxAgeMs ?? 10 * 60_000;
    this.writeFile = options.writeFile ?? writeFileAtomic;
    this.retryWriteMs = options.retryWriteMs ?? 5000;
  }

  /** Conversations, most recently updated first. */
  async list(): Promise<IndexEntry[]> {
    await this.open();
    if (await this.reconcile()) void this.scheduleIndexWrite();
    return this.sortedEntries();
  }

  async load(id: string): Promise<Conversation | undefined> {
    if (!isValidConversationId(id)) return undefined;
    await this.open();
    await this.writes.get(id)?.promise.catch(() => undefined);
    const conv = await this.readConversation(id);
    if (conv) {
      // Another window may have changed it since our index entry was written.
      const entry = entryFor(conv);
      const old = this.index.get(id);
      if (!old || old.updatedAt !== entry.updatedAt || old.title !== entry.title || old.messageCount !== entry.messageCount) {
        this.index.set(id, entry);
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
    this.index.set(conv.id, entryFor(conv));
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
        await this.writeFile(file, write.data);
        this.writeSucceeded();
      } catch (e) {
        // The file on disk still holds the previous state (the write is atomic); this one is kept to try again.
        if (this.writes.get(id) === write || !this.writes.has(id)) this.unsaved.set(id, { data: write.data, title });
        this.writeFailed({ kind: 'writeFailed', id, file, message: `Could not save the conversation "${title}": ${messageOf(e)}` });
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

  private writeSucceeded(): void {
    this.writesFailing = false;
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
    const existed = this.index.delete(id);
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
  async search(query: string, limit = 200): Promise<IndexEntry[]> {
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
    return [...this.index.values()].sort((a, b) => b.updatedAt - a.updatedAt);
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
    for (const [id, entry] of loaded ?? []) if (!this.index.has(id)) this.index.set(id, entry);
    const changed = await this.reconcile(!loaded);
    if (!loaded) {
      this.onProblem({ kind: 'indexRebuilt', file: this.indexFile, message: `The history index was missing or damaged and was rebuilt from ${this.index.size} conversation files.` });
    }
    if (changed || !loaded) await this.scheduleIndexWrite();
    void sweepTempFiles(this.conversationsDir, this.tempMaxAgeMs);
    void sweepTempFiles(this.dir, this.tempMaxAgeMs);
  }

  private async readIndex(): Promise<Map<string, IndexEntry> | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.indexFile, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!isRecord(parsed) || parsed.version !== INDEX_VERSION || !Array.isArray(parsed.entries)) return undefined;
      const map = new Map<string, IndexEntry>();
      for (const e of parsed.entries) {
        if (!isIndexEntry(e)) return undefined;
        map.set(e.id, e);
      }
      return map;
    } catch {
      return undefined;
    }
  }

  /**
   * Makes the index match the directory: files it lacks are read and added (new ones from another
   * window, or all of them when rebuilding), entries without a file are dropped. One readdir; only
   * unknown files are read. Returns whether anything changed (the caller writes the index).
   */
  private async reconcile(rebuild = false): Promise<boolean> {
    const names = await fs.readdir(this.conversationsDir).catch(() => [] as string[]);
    const onDisk = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      if (isValidConversationId(id)) onDisk.add(id);
    }
    let changed = false;
    for (const id of [...this.index.keys()]) {
      if (!onDisk.has(id) && !this.writes.has(id)) {
        this.index.delete(id);
        changed = true;
      }
    }
    // Conversations with a queued write are newer in memory than on disk: leave their entries alone.
    const unknown = [...onDisk].filter((id) => !this.writes.has(id) && (rebuild || !this.index.has(id)));
    // Bounded parallelism: a rebuild of thousands of files should not open them all at once.
    for (let i = 0; i < unknown.length; i += 32) {
      const batch = await Promise.all(unknown.slice(i, i + 32).map((id) => this.readConversation(id)));
      for (const conv of batch) {
        if (!conv) continue;
        this.index.set(conv.id, entryFor(conv));
        changed = true;
      }
    }
    return changed;
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
        if (!this.writes.has(id) && this.index.delete(id)) void this.scheduleIndexWrite();
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
    if (this.index.delete(id)) void this.scheduleIndexWrite();
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
        const data = JSON.stringify({ version: INDEX_VERSION, entries: this.sortedEntries() });
        await this.writeFile(this.indexFile, data);
      } while (this.indexDirty);
      this.indexUnsaved = false;
      this.writeSucceeded();
    };
    this.indexWrite = run()
      .catch((e) => {
        this.indexUnsaved = true;
        this.writeFailed({ kind: 'writeFailed', file: this.indexFile, message: `Could not save the history index: ${messageOf(e)}` });
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
      if (isRecord(parsed) && parsed.version === INDEX_VERSION && isRecord(parsed.entries)) {
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
    const data = JSON.stringify({ version: INDEX_VERSION, entries: Object.fromEntries(this.searchCache) });
    this.searchWrite = this.writeFile(this.searchFile, data)
      .catch(() => undefined) // a cache: losing a write costs one slower search later
      .finally(() => {
        this.searchWrite = undefined;
      });
  }
}

function entryFor(conv: Conversation): IndexEntry {
  return { id: conv.id, title: conv.title, createdAt: conv.createdAt, updatedAt: conv.updatedAt, messageCount: conv.messages.length };
}

/** Lowercased, whitespace collapsed: the form both the query and the text are compared in. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function searchText(conv: Conversation): string {
  const text = normalise(conv.messages.map((m) => textOf(m)).join('\n'));
  return text.length > SEARCH_TEXT_MAX ? text.slice(0, SEARCH_TEXT_MAX) : text;
}

function isIndexEntry(e: unknown): e is IndexEntry {
  return (
    isRecord(e) &&
    typeof e.id === 'string' &&
    isValidConversationId(e.id) &&
    typeof e.title === 'string' &&
    typeof e.createdAt === 'number' &&
    typeof e.updatedAt === 'number' &&
    typeof e.messageCount === 'number'
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
