// WorkspaceAccess on plain Node fs: for tests, and for files no editor has open. Writes are atomic (a
// reader never sees half a file) and keep the file's mode.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../conversation/atomicFile';
import type { FileRead, WorkspaceAccess } from './tools/toolTypes';

/** Larger files are refused as text (the model could not use them whole anyway). */
const MAX_TEXT_BYTES = 20 * 1024 * 1024;

export async function readFromDisk(absolutePath: string): Promise<FileRead> {
  const stat = await fs.stat(absolutePath).catch(() => undefined);
  if (!stat) return { kind: 'missing' };
  if (stat.isDirectory()) return { kind: 'folder' };
  if (stat.size > MAX_TEXT_BYTES) return { kind: 'binary', size: stat.size };
  const bytes = await fs.readFile(absolutePath);
  if (looksBinary(bytes)) return { kind: 'binary', size: bytes.length };
  return { kind: 'text', text: bytes.toString('utf8'), size: bytes.length };
}

/** A NUL byte in the first 8 KB, as git and VS Code judge it. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}

/** Whether the file starts with a UTF-8 byte order mark (false when it cannot be read). */
export async function startsWithBom(absolutePath: string): Promise<boolean> {
  const handle = await fs.open(absolutePath, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch {
    return false;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Writes atomically (a reader never sees half a file), making its folder and keeping the file's mode. */
export async function writeToDisk(absolutePath: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(absolutePath), { recursive: true });
  const mode = await fs.stat(absolutePath).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  await writeFileAtomic(absolutePath, content, mode);
}

export class NodeWorkspace implements WorkspaceAccess {
  read(absolutePath: string): Promise<FileRead> {
    return readFromDisk(absolutePath);
  }

  write(absolutePath: string, content: string): Promise<void> {
    return writeToDisk(absolutePath, content);
  }

  async delete(absolutePath: string): Promise<void> {
    await fs.rm(absolutePath);
  }
}
