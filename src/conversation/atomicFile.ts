// Crash-safe file replacement: a reader sees the old file or the new one, never half of either.
// Plain Node fs, no vscode.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Temporary files are named `.<target>.<random>.tmp` next to their target, so they are easy to skip and sweep. */
export const TEMP_SUFFIX = '.tmp';

export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Writes to a temporary file in the same directory (rename is only atomic within one file system),
 * flushes it to disk, then renames it over the target. The directory is flushed too where the
 * platform allows it, so the rename itself survives a power cut. `mode`: the new file's permissions
 * (the umask does not apply), to keep those of the file it replaces.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const temp = tempPathFor(target);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await (typeof data === 'string' ? handle.writeFile(data, 'utf8') : handle.writeFile(data));
    await handle.sync();
    if (mode !== undefined) await handle.chmod(mode);
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(path.dirname(target));
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; the rename is still atomic there.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Removes temporary files a crashed writer left behind. Young ones may belong to another window mid-write. */
export async function sweepTempFiles(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX)) continue;
    const file = path.join(dir, name);
    try {
      const stat = await fs.stat(file);
      if (now - stat.mtimeMs < olderThanMs) continue;
      await fs.rm(file, { force: true });
      removed++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
