// Edit proposals: the rewritten selection, shown side by side with the original (a diff of two virtual
// `grok-proposal:` documents that updates while it streams) before anything changes. The original
// selection is tracked through the user's edits; accepting applies the proposal as one undo step only
// if the selected code is still what was sent, so it never writes over the user's changes.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { warn } from '../platform/log';
import { shiftRange, type OffsetRange } from './rangeTracker';

export const PROPOSAL_SCHEME = 'grok-proposal';
/** Context key: true while at least one proposal waits for Accept or Reject. */
export const HAS_PROPOSAL_CONTEXT = 'grok.hasEditProposal';

export type ProposalStatus = 'streaming' | 'ready' | 'stopped' | 'error';

export interface EditProposal {
  readonly id: string;
  readonly document: vscode.TextDocument;
  readonly instruction: string;
  /** Document version when the request was sent. */
  readonly version: number;
  /** The selected text that was sent (with the document's line ends). */
  readonly original: string;
  /** The whole document then: the diff's left side. */
  readonly snapshot: string;
  readonly snapshotRange: OffsetRange;
  /** The selection now, tracked through edits. */
  range: OffsetRange;
  /** The replacement so far (with the document's line ends). */
  proposed: string;
  status: ProposalStatus;
  /** Stops the request while it streams. */
  abort?: () => void;
}

export type AcceptOutcome =
  | { status: 'accepted'; id: string }
  | { status: 'conflict'; id: string }
  | { status: 'notReady' | 'incomplete'; id: string }
  | { status: 'closed'; id: string };

const REFRESH_MS = 80;

export class ProposalStore implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly proposals = new Map<string, EditProposal>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly refreshTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  readonly onDidChange = this.changed.event;
  readonly onDidChangeCodeLenses = this.lensesChanged.event;

  constructor() {
    this.subscriptions = [
      this.changed,
      this.lensesChanged,
      vscode.workspace.onDidChangeTextDocument((e) => this.track(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        for (const p of this.forDocument(doc)) this.remove(p);
      }),
    ];
  }

  // ---- Lifecycle ----

  /** A new proposal for the selection; one already open for the same document is dropped. */
  create(document: vscode.TextDocument, selection: vscode.Range, instruction: string): EditProposal {
    for (const p of this.forDocument(document)) this.reject(p);
    const start = document.offsetAt(selection.start);
    const end = document.offsetAt(selection.end);
    const proposal: EditProposal = {
      id: randomUUID(),
      document,
      instruction,
      version: document.version,
      original: document.getText(selection),
      snapshot: document.getText(),
      snapshotRange: { start, end },
      range: { start, end },
      proposed: '',
      status: 'streaming',
    };
    this.proposals.set(proposal.id, proposal);
    this.updateContext();
    this.lensesChanged.fire();
    return proposal;
  }

  /**
   * A complete proposal from elsewhere (the chat's Replace): the same diff, Accept and Reject as an
   * edit Grok wrote here, shown beside the document without taking focus.
   */
  async propose(document: vscode.TextDocument, range: vscode.Range, text: string, instruction: string): Promise<EditProposal> {
    const p = this.create(document, range, instruction);
    this.append(p, text);
    this.settle(p, 'ready');
    await this.showDiff(p);
    return p;
  }

  append(p: EditProposal, text: string): void {
    if (!this.proposals.has(p.id) || !text) return;
    p.proposed += text;
    this.scheduleRefresh(p);
  }

  settle(p: EditProposal, status: Exclude<ProposalStatus, 'streaming'>): void {
    p.status = status;
    p.abort = undefined;
    this.refreshNow(p);
    this.lensesChanged.fire();
  }

  get(id: string): EditProposal | undefined {
    return this.proposals.get(id);
  }

  /**
   * The proposal an Accept or Reject means: by id, by the diff's or document's URI (editor/title and
   * CodeLens pass those), else the active editor's, else the only or latest one.
   */
  find(arg?: unknown): EditProposal | undefined {
    if (typeof arg === 'string') return this.proposals.get(arg);
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (uri) {
      const byUri = uri.scheme === PROPOSAL_SCHEME ? this.proposals.get(parseUri(uri)?.id ?? '') : [...this.proposals.values()].find((p) => p.document.uri.toString() === uri.toString());
      if (byUri) return byUri;
    }
    return [...this.proposals.values()].pop();
  }

  /** Applies a complete proposal if the selected code is unchanged; one undo step. */
  async accept(p: EditProposal): Promise<AcceptOutcome> {
    if (p.status === 'streaming') return { status: 'notReady', id: p.id };
    if (p.status !== 'ready') return { status: 'incomplete', id: p.id };
    const doc = p.document;
    if (doc.isClosed) {
      this.remove(p);
      return { status: 'closed', id: p.id };
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const range = new vscode.Range(doc.positionAt(p.range.start), doc.positionAt(p.range.end));
      if (doc.getText(range) !== p.original) return { status: 'conflict', id: p.id };
      // Through a visible editor (no focus change) when there is one; else a workspace edit. Either is one undo step.
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      const ok = editor
        ? await editor.edit((b) => b.replace(range, p.proposed), { undoStopBefore: true, undoStopAfter: true })
        : await vscode.workspace.applyEdit(replaceEdit(doc.uri, range, p.proposed));
      if (ok) {
        this.remove(p);
        return { status: 'accepted', id: p.id };
      }
      // The document changed between the check and the write: check again.
    }
    return { status: 'conflict', id: p.id };
  }

  /** Drops a proposal (stopping its request); the document is not touched. */
  reject(p: EditProposal): void {
    p.abort?.();
    this.remove(p);
  }

  /**
   * Opens the side-by-side diff, leaving focus where it is. Never rejects: the diff is only a view of the
   * proposal, which keeps its code lenses (Show Diff among them) when the workbench cannot open it, e.g.
   * when the editors are being closed as it opens ("InstantiationService has been disposed"). A stream
   * that fails after its first code never awaits the diff it opened, so a rejection here would go unhandled.
   */
  async showDiff(p: EditProposal): Promise<void> {
    const name = path.basename(p.document.uri.path) || 'document';
    try {
      await vscode.commands.executeCommand('vscode.diff', proposalUri(p, 'original'), proposalUri(p, 'proposed'), vscode.l10n.t('{0}: Grok\'s proposed edit', name), {
        preview: true,
        preserveFocus: true,
        viewColumn: vscode.ViewColumn.Beside,
      });
    } catch (e) {
      warn(`editSelection: the diff of the proposal for ${name} did not open (${e instanceof Error ? e.message : String(e)}); Show Diff on its code lens opens it again`);
    }
  }

  dispose(): void {
    for (const p of [...this.proposals.values()]) p.abort?.();
    this.proposals.clear();
    for (const t of this.refreshTimers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }

  // ---- Providers ----

  provideTextDocumentContent(uri: vscode.Uri): string {
    const parsed = parseUri(uri);
    const p = parsed && this.proposals.get(parsed.id);
    if (!p || !parsed) return '';
    if (parsed.side === 'original') return p.snapshot;
    return p.snapshot.slice(0, p.snapshotRange.start) + p.proposed + p.snapshot.slice(p.snapshotRange.end);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const p of this.forDocument(document)) {
      const at = document.positionAt(p.range.start);
      const range = new vscode.Range(at.line, 0, at.line, 0);
      const lens = (title: string, command: string, tooltip: string) => lenses.push(new vscode.CodeLens(range, { title, command, tooltip, arguments: [p.id] }));
      if (p.status === 'streaming') {
        lens(`$(loading~spin) ${vscode.l10n.t('Grok is writing an edit…')}`, 'grok.showEditDiff', vscode.l10n.t('Show the proposal beside the original'));
        lens(`$(close) ${vscode.l10n.t('Reject')}`, 'grok.rejectEdit', vscode.l10n.t('Stop and drop the proposal; the document stays as it is'));
      } else if (p.status === 'ready') {
        lens(`$(check) ${vscode.l10n.t('Accept')}`, 'grok.acceptEdit', vscode.l10n.t('Replace the selection with the proposal (one undo step)'));
        lens(`$(close) ${vscode.l10n.t('Reject')}`, 'grok.rejectEdit', vscode.l10n.t('Drop the proposal; the document stays as it is'));
        lens(`$(diff) ${vscode.l10n.t('Show Diff')}`, 'grok.showEditDiff', vscode.l10n.t('Show the proposal beside the original'));
      } else {
        lens(`$(warning) ${p.status === 'stopped' ? vscode.l10n.t('Grok\'s edit is incomplete (stopped)') : vscode.l10n.t('Grok\'s edit is incomplete (failed)')}`, 'grok.showEditDiff', vscode.l10n.t('Show what was proposed'));
        lens(`$(close) ${vscode.l10n.t('Reject')}`, 'grok.rejectEdit', vscode.l10n.t('Drop the proposal; the document stays as it is'));
      }
    }
    return lenses;
  }

  // ---- Internals ----

  private forDocument(doc: vscode.TextDocument): EditProposal[] {
    return [...this.proposals.values()].filter((p) => p.document === doc);
  }

  private remove(p: EditProposal): void {
    if (!this.proposals.delete(p.id)) return;
    const timer = this.refreshTimers.get(p.id);
    if (timer) clearTimeout(timer);
    this.refreshTimers.delete(p.id);
    void closeDiffTabs(proposalUri(p, 'proposed'));
    this.updateContext();
    this.lensesChanged.fire();
  }

  private track(e: vscode.TextDocumentChangeEvent): void {
    const mine = this.forDocument(e.document);
    if (mine.length === 0 || e.contentChanges.length === 0) return;
    for (const p of mine) {
      for (const c of e.contentChanges) p.range = shiftRange(p.range, { offset: c.rangeOffset, length: c.rangeLength, text: c.text });
    }
    this.lensesChanged.fire();
  }

  private scheduleRefresh(p: EditProposal): void {
    if (this.refreshTimers.has(p.id)) return;
    this.refreshTimers.set(
      p.id,
      setTimeout(() => this.refreshNow(p), REFRESH_MS),
    );
  }

  private refreshNow(p: EditProposal): void {
    const timer = this.refreshTimers.get(p.id);
    if (timer) clearTimeout(timer);
    this.refreshTimers.delete(p.id);
    this.changed.fire(proposalUri(p, 'proposed'));
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', HAS_PROPOSAL_CONTEXT, this.proposals.size > 0);
  }
}

/** grok-proposal:/<id>/<side>/<file name>: the name keeps the language (highlighting) in the diff. */
export function proposalUri(p: EditProposal, side: 'original' | 'proposed'): vscode.Uri {
  const name = path.basename(p.document.uri.path) || 'document';
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${p.id}/${side}/${name}` });
}

function parseUri(uri: vscode.Uri): { id: string; side: 'original' | 'proposed' } | undefined {
  const m = /^\/([^/]+)\/(original|proposed)\//.exec(uri.path);
  return m ? { id: m[1], side: m[2] as 'original' | 'proposed' } : undefined;
}

function replaceEdit(uri: vscode.Uri, range: vscode.Range, text: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, text);
  return edit;
}

async function closeDiffTabs(proposed: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposed.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
}
