// One step back for a whole task. Before a task first changes a file, its bytes (or its absence) are
// saved under the extension's storage; Revert puts every touched file back exactly: edits undone, created
// files (and the folders made for them) removed, deleted files restored. The record is on disk, written
// atomically, so a revert works after a window reload too. Plain Node fs; no git needed.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../conversation/atomicFile';

export interface CheckpointFile {
  /** Absolute path of the workspace file. */
  path: string;
  existed: boolean;
  /** Name of the saved copy in the task's folder, when the file existed. */
  blob?: string;
  mode?: number;
  /** Folders that did not exist before the task created this file, outermost first. */
  createdDirs?: string[];
}

export interface TaskCheckpoint {
  version: 1;
  taskId: string;
  /** What the user asked, for the task list. */
  label: string;
  createdAt: number;
  files: CheckpointFile[];
  revertedAt?: number;
}

export interface RevertReport {
  restored: string[];
  removed: string[];
  failed: Array<{ path: string; message: string }>;
}

const TASK_ID = /^[A-Za-z0-9_-]{1,80}$/;

export class CheckpointStore {
  /** Serialises record writes per task: two tools finishing together must not lose an entry. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly dir: string) {}

  static newTaskId(): string {
    return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  }

  async begin(taskId: string, label: string): Promise<TaskCheckpoint> {
    return this.serial(taskId, async () => {
      const existing = await this.read(taskId);
      if (existing) return existing;
      const record: TaskCheckpoint = { version: 1, taskId, label: label.slice(0, 200), createdAt: Date.now(), files: [] };
      await this.write(record);
      return record;
    });
  }

  /** Call before every change a task makes to `file`; only the first call per file records anything. */
  async recordBeforeChange(taskId: string, file: string): Promise<void> {
    await this.serial(taskId, async () => {
      const record = (await this.read(taskId)) ?? { version: 1 as const, taskId, label: '', createdAt: Date.now(), files: [] };
      const absolute = path.resolve(file);
      if (record.files.some((f) => f.path === absolute)) return;
      const stat = await fs.lstat(absolute).catch(() => undefined);
      let entry: CheckpointFile;
      if (stat?.isDirectory()) throw new Error(`${absolute} is a folder, not a file`);
      if (stat) {
        const blob = `${record.files.length}-${randomBytes(3).toString('hex')}.bin`;
        const blobDir = this.blobDir(taskId);
        await fs.mkdir(blobDir, { recursive: true });
        await writeFileAtomic(path.join(blobDir, blob), await fs.readFile(absolute));
        entry = { path: absolute, existed: true, blob, mode: stat.mode & 0o7777 };
      } else {
        entry = { path: absolute, existed: false, createdDirs: await missingAncestors(absolute) };
      }
      record.files.push(entry);
      await this.write(record);
    });
  }

  async revert(taskId: string): Promise<RevertReport> {
    return this.serial(taskId, async () => {
      const record = await this.read(taskId);
      if (!record) throw new Error('This task has no checkpoint (it changed no files, or its record was removed).');
      const report: RevertReport = { restored: [], removed: [], failed: [] };
      for (const file of [...record.files].reverse()) {
        try {
          if (file.existed && file.blob) {
            const bytes = await fs.readFile(path.join(this.blobDir(taskId), file.blob));
            await fs.mkdir(path.dirname(file.path), { recursive: true });
            // The task may have put a folder or a link where the file was.
            const now = await fs.lstat(file.path).catch(() => undefined);
            if (now && !now.isFile()) await fs.rm(file.path, { recursive: true, force: true });
            await writeFileAtomic(file.path, bytes, file.mode);
            report.restored.push(file.path);
          } else {
            const now = await fs.lstat(file.path).catch(() => undefined);
            if (now) await fs.rm(file.path, { recursive: now.isDirectory(), force: true });
            for (const dir of [...(file.createdDirs ?? [])].reverse()) await fs.rmdir(dir).catch(() => undefined);
            report.removed.push(file.path);
          }
        } catch (e) {
          report.failed.push({ path: file.path, message: e instanceof Error ? e.message : String(e) });
        }
      }
      if (report.failed.length === 0) {
        record.revertedAt = Date.now();
        await this.write(record);
      }
      return report;
    });
  }

  /** Every task with a record, newest first: what a reloaded window offers to revert. */
  async list(): Promise<TaskCheckpoint[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const records = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.read(n.slice(0, -5))));
    return records.filter((r): r is TaskCheckpoint => r !== undefined).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** A file's content before the task first changed it: null when it did not exist, undefined when the task never touched it. */
  async savedCopy(taskId: string, file: string): Promise<string | null | undefined> {
    const record = await this.read(taskId);
    const entry = record?.files.find((f) => f.path === path.resolve(file));
    if (!entry) return undefined;
    if (!entry.existed || !entry.blob) return null;
    return fs.readFile(path.join(this.blobDir(taskId), entry.blob), 'utf8');
  }

  async get(taskId: string): Promise<TaskCheckpoint | undefined> {
    return this.read(taskId);
  }

  async discard(taskId: string): Promise<void> {
    await this.serial(taskId, async () => {
      await fs.rm(this.blobDir(taskId), { recursive: true, force: true });
      await fs.rm(this.recordPath(taskId), { force: true });
    });
  }

  private async read(taskId: string): Promise<TaskCheckpoint | undefined> {
    if (!TASK_ID.test(taskId)) return undefined;
    try {
      const json = JSON.parse(await fs.readFile(this.recordPath(taskId), 'utf8')) as TaskCheckpoint;
      return json && json.version === 1 && Array.isArray(json.files) ? json : undefined;
    } catch {
      return undefined;
    }
  }

  private async write(record: TaskCheckpoint): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.recordPath(record.taskId), JSON.stringify(record));
  }

  private recordPath(taskId: string): string {
    if (!TASK_ID.test(taskId)) throw new Error(`Not a task id: ${taskId}`);
    return path.join(this.dir, `${taskId}.json`);
  }

  private blobDir(taskId: string): string {
    return path.join(this.dir, taskId);
  }

  private serial<T>(taskId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(taskId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(taskId, next);
    return next;
  }
}

async function missingAncestors(file: string): Promise<string[]> {
  const missing: string[] = [];
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (await fs.lstat(dir).then(() => true, () => false)) break;
    missing.unshift(dir);
  }
  return missing;
}
