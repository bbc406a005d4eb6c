// The benchmark table: one row per figure, each the median of several runs with its spread, beside its
// baseline (measured in the same run) and its budget. Printed as Markdown, written to
// test-output/bench/ as JSON and Markdown, and (with --readme) into README.md's Performance section.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

export type Unit = 'ms' | 'KB' | 'x' | 'count' | 'MB/s' | 'events/s' | 'ms/KB' | 'steps';

export interface Baseline {
  /** What the baseline is, briefly (e.g. "naive renderer"). */
  label: string;
  values: number[];
  /** Computed rather than measured in full (say how in the row's note). */
  estimated?: boolean;
}

export interface Budget {
  op: '<=' | '>=' | '==';
  value: number;
  /** How the budget reads in the table, e.g. "≤ 50 ms" or "≥ openai". */
  text: string;
  /** Every run must meet it, not only the median (for properties such as "one Undo restores"). */
  every?: boolean;
  /**
   * The figure is a ratio to, or a difference from, a baseline measured in the same run: it holds on a
   * busy machine, so it is judged. An absolute time is not (shared machines drift 2× from run to run):
   * its budget is shown and the row reports it without a pass or a fail.
   */
  relative?: true;
}

export interface Row {
  bench: string;
  figure: string;
  unit: Unit;
  /** One value per run. */
  values: number[];
  baseline?: Baseline;
  budget?: Budget;
  /** The figure is an estimate (say how in the note). */
  estimated?: boolean;
  note?: string;
  /** The figure could not be measured: the row fails with this reason. */
  error?: string;
}

export interface Verdict {
  pass: boolean | undefined;
  text: string;
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Units of absolute time or speed: their budgets are judged only when relative to a same-run baseline. */
const TIME_UNITS: ReadonlySet<Unit> = new Set<Unit>(['ms', 'ms/KB', 'MB/s', 'events/s']);

export function verdict(row: Row): Verdict {
  if (row.error) return { pass: false, text: 'FAIL (not measured)' };
  if (!row.budget) return { pass: undefined, text: '' };
  if (!row.values.length) return { pass: false, text: 'FAIL (no runs)' };
  if (TIME_UNITS.has(row.unit) && !row.budget.relative) return { pass: undefined, text: 'reported (absolute time: not judged)' };
  const { op, value, every } = row.budget;
  const meets = (x: number) => (op === '<=' ? x <= value : op === '>=' ? x >= value : x === value);
  if (every) {
    const bad = row.values.filter((x) => !meets(x)).length;
    if (!row.values.length) return { pass: false, text: 'FAIL (no runs)' };
    return bad ? { pass: false, text: `FAIL (${bad} of ${row.values.length} runs)` } : { pass: true, text: 'pass (every run)' };
  }
  const pass = meets(median(row.values));
  return { pass, text: pass ? 'pass' : 'FAIL' };
}

export function fmt(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} s`;
      if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`;
      return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms`;
    case 'ms/KB':
      return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms/KB`;
    case 'KB':
      return `${value.toFixed(1)} KB`;
    case 'x':
      return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
    case 'count':
    case 'steps':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
    case 'MB/s':
      return `${value.toFixed(1)} MB/s`;
    case 'events/s':
      return `${Math.round(value).toLocaleString('en-US')}/s`;
  }
}

function spread(values: number[], unit: Unit): string {
  if (values.length < 2) return values.length === 1 ? `n=1` : '—';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return `${fmt(lo, unit)} – ${fmt(hi, unit)} (n=${values.length})`;
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** The table as Markdown. */
export function table(rows: Row[]): string {
  const lines = [
    '| benchmark | figure | median | spread (min – max) | baseline (median) | budget | result |',
    '|---|---|---:|---|---|---|---|',
  ];
  for (const r of rows) {
    const v = verdict(r);
    const med = r.error ? '—' : `${r.estimated ? '~' : ''}${fmt(median(r.values), r.unit)}`;
    const base = r.baseline
      ? `${r.baseline.estimated ? '~' : ''}${fmt(median(r.baseline.values), r.unit)} ${r.baseline.label}`
      : '—';
    lines.push(
      `| ${esc(r.bench)} | ${esc(r.figure)} | ${med} | ${r.error ? esc(r.error) : spread(r.values, r.unit)} | ${esc(base)} | ${esc(r.budget?.text ?? '—')} | ${v.text || '—'} |`,
    );
  }
  return lines.join('\n');
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  chromium?: string;
  vscode?: string;
  loadStart: number[];
  loadEnd?: number[];
}

export function machine(): Machine {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const m = /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (m) osName = `${m[1]} (${os.type()} ${os.release()})`;
  } catch {
    /* keep the kernel name */
  }
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    // os.cpus() may give only the family ("AMD EPYC"); lscpu sometimes knows more.
    const l = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }));
    if (l && l[1].trim().length > cpu.length) cpu = l[1].trim();
  } catch {
    /* no lscpu */
  }
  return {
    cpu,
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: osName,
    node: process.version,
    loadStart: os.loadavg(),
  };
}

export function machineLine(m: Machine): string {
  const load = (l?: number[]) => (l ? l.map((x) => x.toFixed(2)).join(' / ') : '?');
  return [
    `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB RAM, ${m.os}`,
    `Node ${m.node}${m.chromium ? `, Chromium ${m.chromium}` : ''}${m.vscode ? `, VS Code ${m.vscode}` : ''}`,
    `load average (1/5/15 min) at start ${load(m.loadStart)}, at end ${load(m.loadEnd)}`,
  ].join('; ');
}

export function failures(rows: Row[]): Row[] {
  return rows.filter((r) => verdict(r).pass === false);
}
