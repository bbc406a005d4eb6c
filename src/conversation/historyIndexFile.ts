// index.json, the history's list of conversations: its format, and a reader of its head. The entries are
// written newest first, after their count, so the first page of the list can be read from the start of
// the file: at 10,000 conversations the whole file is about 1.6 MB, which a new window read and parsed
// in 100-250 ms on a busy machine before it could show any of the list.
import { promises as fs } from 'node:fs';
import type { HistoryItem } from '../protocol';
import { isRecord } from '../shared/isRecord';

export interface IndexEntry extends HistoryItem {
  createdAt: number;
  /** The conversation file's mtimeMs and size when this entry was taken from it (or written); absent: not known. */
  mtime?: number;
  size?: number;
}

/** Version 1: entries as objects; version 2: entries as arrays (smaller, faster to parse), with the files' times and sizes. */
const INDEX_VERSION = 2;
/** Ids become file names: only this shape is ever turned into a path (no traversal, no odd characters). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isValidConversationId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** Version 2: `[id, title, createdAt, updatedAt, messageCount, mtime?, size?]` per conversation, newest first, after their count. */
export function serialiseIndex(entries: readonly IndexEntry[]): string {
  return JSON.stringify({
    version: INDEX_VERSION,
    count: entries.length,
    entries: entries.map((e) => (e.mtime === undefined || e.size === undefined ? [e.id, e.title, e.createdAt, e.updatedAt, e.messageCount] : [e.id, e.title, e.createdAt, e.updatedAt, e.messageCount, e.mtime, e.size])),
  });
}

/** The entries of an index file of either version; undefined when anything in it is off (it is rebuilt). */
export function parseIndex(parsed: unknown): Map<string, IndexEntry> | undefined {
  if (!isRecord(parsed) || !Array.isArray(parsed.entries)) return undefined;
  const map = new Map<string, IndexEntry>();
  if (parsed.version === 1) {
    // Written by earlier versions: no times, so checkFiles reads each file once.
    for (const e of parsed.entries) {
      if (!isIndexEntry(e)) return undefined;
      map.set(e.id, { id: e.id, title: e.title, createdAt: e.createdAt, updatedAt: e.updatedAt, messageCount: e.messageCount });
    }
    return map;
  }
  if (parsed.version !== INDEX_VERSION) return undefined;
  for (const e of parsed.entries) {
    const entry = parseEntry(e);
    if (!entry) return undefined;
    map.set(entry.id, entry);
  }
  return map;
}

/** How much of the file is read at a time for its head. */
const HEAD_CHUNK = 64 * 1024;
const HEAD_START = /^\{"version":2,"count":(\d+),"entries":\[/;

/**
 * The first `count` entries of the index file (the newest conversations) and how many it holds, read
 * from the start of the file only. Undefined when the file is missing, was written without its count
 * (by an earlier version), or anything read is off: the caller then reads the whole file.
 */
export async function readIndexHead(file: string, count: number, chunkBytes = HEAD_CHUNK): Promise<{ entries: IndexEntry[]; total: number } | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    // A character split between two reads is held back by the decoder until the rest arrives.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const buffer = Buffer.alloc(chunkBytes);
    let text = '';
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
      position += bytesRead;
      text += decoder.decode(buffer.subarray(0, bytesRead), { stream: bytesRead > 0 });
      const head = parseHead(text, count);
      if (head !== 'more') return head;
      if (bytesRead === 0) return undefined; // the file ends inside an entry
    }
  } catch {
    return undefined; // not UTF-8, or unreadable
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Parses entries from the start of the file's text; 'more' when the text ends before `count` of them. */
function parseHead(text: string, count: number): { entries: IndexEntry[]; total: number } | undefined | 'more' {
  const start = HEAD_START.exec(text);
  // The start is about 40 characters: a shorter text may be the start cut by a read.
  if (!start) return text.length < 64 ? 'more' : undefined;
  const total = Number(start[1]);
  const entries: IndexEntry[] = [];
  let at = start[0].length;
  while (entries.length < Math.min(count, total)) {
    if (at >= text.length) return 'more';
    if (text[at] !== '[') return undefined;
    // Entries are flat arrays of strings and numbers: the first ] outside a string ends one.
    let end = at + 1;
    for (let inString = false; ; end++) {
      if (end >= text.length) return 'more';
      const c = text[end];
      if (inString) {
        if (c === '\\') end++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === ']') break;
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(at, end + 1));
    } catch {
      return undefined;
    }
    const entry = parseEntry(value);
    if (!entry) return undefined;
    entries.push(entry);
    at = end + 1;
    if (at >= text.length) return entries.length < Math.min(count, total) ? 'more' : { entries, total };
    if (text[at] === ',') at++;
    else if (text[at] === ']') break;
    else return undefined;
  }
  // A count that does not match the entries means a file we do not understand.
  if (entries.length < Math.min(count, total)) return undefined;
  return { entries, total };
}

function parseEntry(e: unknown): IndexEntry | undefined {
  if (!Array.isArray(e) || (e.length !== 5 && e.length !== 7)) return undefined;
  const [id, title, createdAt, updatedAt, messageCount, mtime, size] = e as unknown[];
  if (typeof id !== 'string' || !isValidConversationId(id) || typeof title !== 'string' || !isNum(createdAt) || !isNum(updatedAt) || !isNum(messageCount)) return undefined;
  if (e.length === 7 && !(isNum(mtime) && isNum(size))) return undefined;
  return isNum(mtime) && isNum(size) ? { id, title, createdAt, updatedAt, messageCount, mtime, size } : { id, title, createdAt, updatedAt, messageCount };
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
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

