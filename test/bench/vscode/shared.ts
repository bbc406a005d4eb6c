// What the extension-host side of the VS Code benchmarks (index.ts) and their runner (vscodeBench.ts)
// share: the phases and the shape of the results. No 'vscode' here: the runner is plain Node.

/** One phase per extension host: the first runs everything, the others (after window reloads) time activation again. */
export const PHASES = ['bench', 'activation-2', 'activation-3', 'activation-4', 'activation-5'] as const;

/** Lines of the completion inserted at the cursor. */
export const LINES = 2000;

export interface Activation {
  /** Wall time of `await extension.activate()`. */
  grokMs?: number;
  emptyMs?: number;
  /** The extension host's CPU time (process.cpuUsage, all threads) over the same call. */
  grokCpuMs?: number;
  emptyCpuMs?: number;
  /** How long each call waited for the extension host to be quiet first (see untilQuiet in index.ts). */
  quietWaitsMs?: number[];
  /** A wait ended after 15 s without quiet: that sample may hold other work. */
  notQuiet?: boolean;
  error?: string;
}

export interface EditorRun {
  status: string;
  /** Epoch ms: the fake's last byte (its request log), and the first change after which the document held everything. */
  lastByteAt?: number;
  completeAt?: number;
  latencyMs?: number;
  commandMs: number;
  streamMs?: number;
  edits: number;
  /** Deltas the server streamed (what an edit per delta would issue). */
  deltas?: number;
  linesInserted: number;
  exact: boolean;
  /** Undo commands it took to get the original text back exactly (0: it never came back). */
  undos: number;
  /** What grok.insertAtCursor itself reported: its undo steps and why it stopped early, if it did. */
  reportedUndoSteps?: number;
  interrupted?: string;
  /** Longest time between two changes to the document while it streamed in. */
  longestGapMs: number;
  /** One editor.edit of the whole completion into the same document: the floor. */
  singleEditMs: number;
  error?: string;
}

export interface PhaseResult {
  phase: string;
  vscodeVersion: string;
  activation: Activation;
  /** runs: streamed as fast as the server writes; paced: a delta every 2 ms. */
  editor?: { runs: EditorRun[]; paced?: EditorRun[]; error?: string };
}
