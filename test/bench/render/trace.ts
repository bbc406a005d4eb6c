// Main-thread tasks of the chat page from a Chromium trace ('toplevel' category): every task the
// renderer's main thread ran, with its wall time and its thread (CPU) time, and which were frames
// (the BeginMainFrame task: animation-frame callbacks, style, layout, paint). The trace has one event
// per line, so only the task lines are parsed (a 1 MB stream makes a trace of ~130 MB).
import type { Browser, Page } from 'playwright-core';

export interface TaskSummary {
  tasks: number;
  frames: number;
  longestMs: number;
  longestCpuMs: number;
  /** Where the longest task (by CPU time) was posted from, e.g. SchedulePostMessage. */
  longestKind: string;
  /** Frame tasks whose main-thread work took more than 16.7 ms (by CPU time / wall time). */
  framesOver16Cpu: number;
  framesOver16Wall: number;
  /** Tasks over 50 ms (CPU / wall). */
  longTasksCpu: number;
  longTasksWall: number;
  /** All main-thread task time (CPU / wall). */
  totalCpuMs: number;
  totalWallMs: number;
}

const FRAME_BUDGET_MS = 1000 / 60;
const TASK = '"name":"ThreadControllerImpl::RunTask"';

export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: ['toplevel'] });
}

export async function stopTrace(browser: Browser): Promise<TaskSummary> {
  return summarize((await browser.stopTracing()).toString('utf8'));
}

interface TaskEvent {
  pid: number;
  tid: number;
  dur: number;
  tdur?: number;
  args?: { src_func?: string };
}

export function summarize(trace: string): TaskSummary {
  // The renderer main threads in the trace; the page's is the busiest one.
  const mains = new Set<string>();
  for (const m of trace.matchAll(/\{"args":\{"name":"CrRendererMain"\}[^\n]*?"pid":(\d+),"tid":(\d+)/g)) mains.add(`${m[1]}:${m[2]}`);
  const byThread = new Map<string, TaskEvent[]>();
  let at = 0;
  for (;;) {
    const hit = trace.indexOf(TASK, at);
    if (hit < 0) break;
    const start = trace.lastIndexOf('\n', hit) + 1;
    let end = trace.indexOf('\n', hit);
    if (end < 0) end = trace.length;
    at = end;
    const line = trace.slice(start, end).replace(/,\s*$/, '').replace(/\]\s*\}?\s*$/, '');
    let e: TaskEvent;
    try {
      e = JSON.parse(line) as TaskEvent;
    } catch {
      continue;
    }
    // A task still running when tracing stopped has no duration.
    if (typeof e.dur !== 'number') continue;
    const key = `${e.pid}:${e.tid}`;
    if (mains.size && !mains.has(key)) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  let busiest: TaskEvent[] = [];
  let most = -1;
  for (const list of byThread.values()) {
    const total = list.reduce((s, e) => s + e.dur, 0);
    if (total > most) {
      most = total;
      busiest = list;
    }
  }
  const summary: TaskSummary = {
    tasks: busiest.length,
    frames: 0,
    longestMs: 0,
    longestCpuMs: 0,
    longestKind: '',
    framesOver16Cpu: 0,
    framesOver16Wall: 0,
    longTasksCpu: 0,
    longTasksWall: 0,
    totalCpuMs: 0,
    totalWallMs: 0,
  };
  for (const e of busiest) {
    const wall = e.dur / 1000;
    const cpu = (e.tdur ?? e.dur) / 1000;
    summary.totalWallMs += wall;
    summary.totalCpuMs += cpu;
    if (wall > summary.longestMs) summary.longestMs = wall;
    if (cpu > summary.longestCpuMs) {
      summary.longestCpuMs = cpu;
      summary.longestKind = e.args?.src_func ?? '';
    }
    if (cpu > 50) summary.longTasksCpu++;
    if (wall > 50) summary.longTasksWall++;
    if (e.args?.src_func === 'ScheduledActionSendBeginMainFrame') {
      summary.frames++;
      if (cpu > FRAME_BUDGET_MS) summary.framesOver16Cpu++;
      if (wall > FRAME_BUDGET_MS) summary.framesOver16Wall++;
    }
  }
  return summary;
}
