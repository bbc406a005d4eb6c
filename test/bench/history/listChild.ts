// One cold measurement in a fresh process (no module, JIT or store caches from earlier runs; the
// operating system's file cache stays warm), printed as one JSON line:
//   node --import tsx test/bench/history/listChild.ts store <dir>     HistoryStore.list(), cold then warm, then checkFiles()
//   node --import tsx test/bench/history/listChild.ts page <dir>      HistoryStore.firstPage(): a store not open yet, as the list's first page
//   node --import tsx test/bench/history/listChild.ts scan <dir>      no index: read and parse every file
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isConversation } from '../../../src/conversation/conversation';
import { HistoryStore } from '../../../src/conversation/historyStore';
import { HISTORY_PAGE } from '../../../src/conversation/historyPage';

async function store(dir: string): Promise<void> {
  const t0 = performance.now();
  // The background check is timed on its own below, not left to its timer.
  const s = new HistoryStore(dir, { checkFilesAfterMs: -1 });
  const cold = await s.list();
  const coldMs = performance.now() - t0;
  // The comparison of the folder that the cold list started in the background is over (as in a window
  // that opened its store seconds before, to show a conversation): then the warm list is timed.
  await s.list();
  const t1 = performance.now();
  const warm = await s.list();
  const warmMs = performance.now() - t1;
  await s.flush();
  const t2 = performance.now();
  const changed = await s.checkFiles();
  const checkMs = performance.now() - t2;
  if (changed) throw new Error('checkFiles() found files that differ from the index the store wrote itself');
  await s.flush();
  process.stdout.write(`${JSON.stringify({ coldMs, warmMs, checkMs, count: cold.length, warmCount: warm.length })}\n`);
}

async function page(dir: string): Promise<void> {
  const t0 = performance.now();
  const s = new HistoryStore(dir, { checkFilesAfterMs: -1 });
  const first = await s.firstPage(HISTORY_PAGE);
  const ms = performance.now() - t0;
  // The store opens in the background: let it finish before the process ends.
  await s.list();
  process.stdout.write(`${JSON.stringify({ ms, count: first.total, items: first.entries.length })}\n`);
}

/** What a store without an index does to list: read every conversation (32 at a time, as the store's
 * own rebuild does), keep title, dates and message count, sort by date. */
async function scan(dir: string): Promise<void> {
  const t0 = performance.now();
  const folder = path.join(dir, 'conversations');
  const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.json'));
  const entries: Array<{ id: string; title: string; updatedAt: number; messageCount: number }> = [];
  for (let i = 0; i < names.length; i += 32) {
    const batch = await Promise.all(names.slice(i, i + 32).map((n) => fs.readFile(path.join(folder, n), 'utf8')));
    for (const text of batch) {
      const conv: unknown = JSON.parse(text);
      if (isConversation(conv)) entries.push({ id: conv.id, title: conv.title, updatedAt: conv.updatedAt, messageCount: conv.messages.length });
    }
  }
  entries.sort((a, b) => b.updatedAt - a.updatedAt);
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ ms, count: entries.length })}\n`);
}

const [mode, dir] = process.argv.slice(2);
(mode === 'store' ? store(dir) : mode === 'page' ? page(dir) : scan(dir)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
