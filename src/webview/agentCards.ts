// The agent's cards in an answer. A tool card shows the tool, its arguments in readable form (the exact
// command line for run_command, an edit's lines out and in: toolArguments.ts), its status and its result,
// all as text nodes, collapsible; while the call waits, Approve and Deny (with an optional reason) and,
// for a file change, Open Diff. A task card shows
// the steps and cost, the budget pause (Continue / End task), the changed files (each with Open Diff) and
// Revert task. Nothing here approves by itself: only a press of a card's button posts an answer, and the
// host acts only on a call that is waiting.
import type { AgentTaskPart, ClientToolPart } from '../protocol';
import { button, clear, h } from './dom';
import type { LiveRegion } from './liveRegion';
import type { Post } from './vscodeApi';
import { s } from './strings';
import { argumentsView, editLines } from './toolArguments';

const STATUS_TEXT = (): Record<ClientToolPart['status'], string> => ({
  pending: s('agent.pending'),
  awaitingApproval: s('agent.awaitingApproval'),
  running: s('agent.running'),
  done: s('agent.done'),
  error: s('agent.failed'),
  denied: s('agent.denied'),
  stopped: s('agent.stopped'),
});

const STATUS_ICON: Record<ClientToolPart['status'], string> = {
  pending: '◌',
  awaitingApproval: '?',
  running: '◌',
  done: '✓',
  error: '!',
  denied: '✕',
  stopped: '■',
};

/** The arguments as the model sent them, readable: pretty JSON where they parse, else the text itself. */
export function readableArguments(raw: string): string {
  if (!raw.trim()) return s('agent.noArguments');
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/**
 * The arguments under their label: an edit as its lines out and in, a new file's content, plain values
 * as "name: value" lines, else the JSON as sent. The first two transform what the model sent, so the
 * exact JSON stays one click away.
 */
function argumentsBlock(p: ClientToolPart): HTMLElement[] {
  const label = (text: string) => h('div', { class: 'agent-card-label', text });
  const asSent = () => h('details', { class: 'agent-card-sent' }, h('summary', { text: s('agent.argumentsAsSent') }), h('pre', { class: 'agent-card-args' }, h('code', { text: readableArguments(p.arguments) })));
  const fieldLines = (fields: Array<[string, string]>) =>
    h('pre', { class: 'agent-card-fields' }, h('code', { text: fields.length ? fields.map(([name, value]) => `${name}: ${value}`).join('\n') : s('agent.noArguments') }));
  const view = argumentsView(p.name, p.arguments, p.command !== undefined ? ['command'] : []);
  switch (view.kind) {
    case 'edits':
      return [
        label(s('agent.changes', p.name)),
        ...(view.rest.length ? [fieldLines(view.rest)] : []),
        ...view.edits.map((edit, i) =>
          h(
            'pre',
            { class: 'agent-card-edit', attrs: { 'aria-label': view.edits.length > 1 ? s('agent.changeOf', i + 1, view.edits.length) : s('agent.change') } },
            h('code', {}, ...editLines(edit).map((line) => h('span', { class: line.sign === '-' ? 'edit-del' : 'edit-ins', text: `${line.sign} ${line.text}` }))),
          ),
        ),
        asSent(),
      ];
    case 'content':
      return [
        label(s('agent.content', p.name)),
        ...(view.rest.length ? [fieldLines(view.rest)] : []),
        ...(view.overwrite ? [h('p', { class: 'agent-card-note', text: s('agent.overwrites') })] : []),
        h('pre', { class: 'agent-card-content' }, h('code', { text: view.content || s('agent.emptyFile') })),
        asSent(),
      ];
    case 'fields':
      // run_command's command line is shown on its own (exactly as it runs); its folder, if any, here.
      if (view.fields.length === 0 && p.command !== undefined) return [];
      return [label(s('agent.arguments', p.name)), fieldLines(view.fields)];
    case 'raw':
      return [label(s('agent.arguments', p.name)), h('pre', { class: 'agent-card-args' }, h('code', { text: readableArguments(p.arguments) }))];
  }
}

export class AgentToolCard {
  readonly el: HTMLElement;
  private part: ClientToolPart;
  private details: HTMLDetailsElement | undefined;
  /** The reason typed so far survives a redraw of the same waiting card. */
  private reasonDraft = '';

  constructor(part: ClientToolPart, private readonly messageId: string, private readonly post: Post, private readonly region?: LiveRegion) {
    this.part = part;
    this.el = h('div', { class: 'agent-card', attrs: { 'data-call-id': part.id, 'data-tool': part.name } });
    this.render(undefined);
    if (part.status === 'awaitingApproval') this.announce();
  }

  get id(): string {
    return this.part.id;
  }

  update(part: ClientToolPart): void {
    // The same part again draws nothing: a redraw under the pointer would swallow a click on Approve.
    if (JSON.stringify(part) === JSON.stringify(this.part)) return;
    const wasWaiting = this.part.status === 'awaitingApproval';
    // Keep the user's choice to open or close the card across updates of the same status.
    const open = this.details && this.part.status === part.status ? this.details.open : undefined;
    const focused = this.el.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.role : undefined;
    this.part = part;
    this.render(open);
    if (!wasWaiting && part.status === 'awaitingApproval') this.announce();
    // A redraw must not drop the keyboard user's place.
    if (focused) (this.el.querySelector(`[data-role="${focused}"]`) as HTMLElement | null)?.focus();
  }

  private announce(): void {
    this.region?.say(s('agent.asksApproval', this.part.summary ?? this.part.name));
  }

  private render(open: boolean | undefined): void {
    const p = this.part;
    clear(this.el);
    this.el.dataset.status = p.status;
    const waiting = p.status === 'awaitingApproval';
    const title = p.summary || p.name;
    const details = h('details', { class: 'agent-card-details' });
    // Open while it waits or runs; once settled it folds away (the answer is what matters then).
    details.open = open ?? (waiting || p.status === 'running');
    const summary = h(
      'summary',
      { class: 'agent-card-summary' },
      h('span', { class: 'agent-card-icon', attrs: { 'aria-hidden': 'true' }, text: STATUS_ICON[p.status] }),
      h('span', { class: 'agent-card-title', text: title }),
      h('span', { class: 'agent-card-status', text: STATUS_TEXT()[p.status] }),
    );
    details.append(summary);
    // While it waits the approval row shows the command line; once, not twice.
    if (p.command !== undefined && !waiting) {
      details.append(h('div', { class: 'agent-card-label', text: s('agent.command') }), h('pre', { class: 'agent-card-command' }, h('code', { text: p.command })));
    }
    details.append(...argumentsBlock(p));
    if (p.result !== undefined) {
      const label = p.exitCode !== undefined ? s('agent.resultExit', p.exitCode) : s('agent.result');
      details.append(h('div', { class: 'agent-card-label', text: label }), h('pre', { class: 'agent-card-result' }, h('code', { text: p.result })));
    }
    if (p.elided) details.append(h('p', { class: 'agent-card-note', text: s('agent.elided') }));
    this.details = details;
    this.el.append(details);
    if (p.status === 'denied') this.el.append(h('p', { class: 'agent-card-note', text: p.deniedReason ? s('agent.youDeniedWhy', p.deniedReason) : s('agent.youDenied') }));
    const diff = p.file && p.change ? button(s('agent.openDiff'), () => this.post({ type: 'openToolDiff', messageId: this.messageId, callId: p.id }), { class: 'secondary agent-open-diff', label: s('agent.openDiffLabel', p.file) }) : null;
    if (diff) diff.dataset.role = 'diff';
    if (waiting) this.el.append(this.approvalRow(diff));
    else if (diff && p.status === 'done') this.el.append(h('div', { class: 'agent-card-actions' }, diff));
  }

  private approvalRow(diff: HTMLButtonElement | null): HTMLElement {
    const p = this.part;
    const reasonInput = h('input', {
      class: 'agent-deny-reason',
      attrs: { type: 'text', 'aria-label': s('agent.denyReasonLabel'), placeholder: s('agent.denyReason'), maxlength: '2000', 'data-role': 'reason' },
    });
    reasonInput.value = this.reasonDraft;
    reasonInput.addEventListener('input', () => (this.reasonDraft = reasonInput.value));
    const answer = (approved: boolean) => {
      approve.disabled = deny.disabled = true;
      const reason = reasonInput.value.trim();
      this.post(approved || !reason ? { type: 'approveTool', callId: p.id, approved } : { type: 'approveTool', callId: p.id, approved, reason });
    };
    const approve = button(s('agent.approve'), () => answer(true), { class: 'primary agent-approve', label: s('agent.approveLabel', p.summary ?? p.name) });
    const deny = button(s('agent.deny'), () => answer(false), { class: 'secondary agent-deny', label: s('agent.denyLabel', p.summary ?? p.name) });
    approve.dataset.role = 'approve';
    deny.dataset.role = 'deny';
    // Enter in the reason box denies (with the reason); it never approves.
    reasonInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        answer(false);
      }
    });
    const why = p.approval?.reason ?? s('agent.needsApproval');
    return h(
      'div',
      { class: 'agent-approval', attrs: { role: 'group', 'aria-label': s('agent.approval', p.summary ?? p.name) } },
      h('p', { class: 'agent-approval-why', text: why }),
      p.command !== undefined ? h('pre', { class: 'agent-approval-command', attrs: { 'aria-label': s('agent.exactCommand') } }, h('code', { text: p.command })) : null,
      reasonInput,
      h('div', { class: 'agent-card-actions' }, diff, approve, deny),
    );
  }
}

const TASK_STATUS = (): Record<AgentTaskPart['status'], string> => ({
  running: s('agent.taskWorking'),
  paused: s('agent.taskPaused'),
  done: s('agent.taskFinished'),
  stopped: s('agent.stopped'),
  limit: s('agent.taskLimit'),
  error: s('agent.failed'),
});

const CHANGE_TEXT = () => ({ create: s('agent.created'), edit: s('agent.edited'), delete: s('agent.deleted') });

export function taskLine(p: AgentTaskPart): string {
  const mode = p.mode === 'agent' ? s('agent.agentTask') : s('agent.askTask');
  const steps = p.steps === 1 ? s('agent.requestOne') : s('agent.requests', p.steps);
  const cost = p.costUsd !== undefined && p.costUsd > 0 ? ` · $${p.costUsd < 1 ? p.costUsd.toFixed(4) : p.costUsd.toFixed(2)}` : '';
  return `${mode} · ${TASK_STATUS()[p.status]} · ${steps}${cost}`;
}

function limitText(p: AgentTaskPart): string {
  if (!p.limit) return '';
  return p.limit.kind === 'cost'
    ? s('agent.pausedCost', `$${(p.costUsd ?? 0).toFixed(2)}`, `$${p.limit.limit.toFixed(2)}`, 'grok.agent.maxCostUsd')
    : s('agent.pausedSteps', p.steps, p.limit.limit, 'grok.agent.maxSteps');
}

export class AgentTaskCard {
  readonly el: HTMLElement;
  private part: AgentTaskPart;

  constructor(part: AgentTaskPart, private readonly messageId: string, private readonly post: Post, private readonly region?: LiveRegion) {
    this.part = part;
    this.el = h('section', { class: 'agent-task', attrs: { 'data-task-id': part.id, 'aria-label': part.mode === 'agent' ? s('agent.agentTask') : s('agent.askTask') } });
    this.render();
  }

  update(part: AgentTaskPart): void {
    const paused = this.part.status !== 'paused' && part.status === 'paused';
    const focused = this.el.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.role : undefined;
    this.part = part;
    this.render();
    if (paused) this.region?.say(limitText(part));
    if (focused) (this.el.querySelector(`[data-role="${focused}"]`) as HTMLElement | null)?.focus();
  }

  private render(): void {
    const p = this.part;
    clear(this.el);
    this.el.dataset.status = p.status;
    this.el.append(h('div', { class: 'agent-task-line', text: taskLine(p) }));
    if (p.status === 'paused' && p.limit) {
      const goOn = button(s('agent.continue'), () => this.answer(true, goOn, end), { class: 'primary agent-continue', label: s('agent.continueLabel') });
      const end = button(s('agent.end'), () => this.answer(false, goOn, end), { class: 'secondary agent-end', label: s('agent.endLabel') });
      goOn.dataset.role = 'continue';
      end.dataset.role = 'end';
      this.el.append(h('div', { class: 'agent-pause', attrs: { role: 'group', 'aria-label': s('agent.pausedGroup') } }, h('p', { text: limitText(p) }), h('div', { class: 'agent-card-actions' }, goOn, end)));
    }
    if (p.files.length) {
      const list = h('ul', { class: 'agent-task-files', attrs: { 'aria-label': s('agent.files') } });
      for (const f of p.files) {
        const diff = button(s('agent.openDiff'), () => this.post({ type: 'openTaskDiff', taskId: p.id, path: f.path }), { class: 'secondary agent-file-diff', label: s('agent.openDiffLabel', f.path) });
        list.append(h('li', {}, h('span', { class: 'agent-task-file', attrs: { title: f.path }, text: f.path }), h('span', { class: 'agent-task-change', text: ` ${CHANGE_TEXT()[f.change]}` }), diff));
      }
      this.el.append(list);
    }
    if (p.revertedAt !== undefined) {
      const text = p.revertFailed?.length ? s('agent.revertedExcept', p.revertFailed.join('; ')) : s('agent.reverted');
      this.el.append(h('p', { class: 'agent-task-reverted', attrs: { role: 'status' }, text }));
    } else if (p.files.length && p.status !== 'running' && p.status !== 'paused') {
      const revert = button(s('agent.revert'), () => {
        revert.disabled = true;
        this.post({ type: 'revertTask', messageId: this.messageId, taskId: p.id });
      }, { class: 'secondary agent-revert', label: p.files.length === 1 ? s('agent.revertLabelOne') : s('agent.revertLabel', p.files.length) });
      revert.dataset.role = 'revert';
      this.el.append(h('div', { class: 'agent-card-actions' }, revert));
    }
  }

  private answer(goOn: boolean, a: HTMLButtonElement, b: HTMLButtonElement): void {
    a.disabled = b.disabled = true;
    this.post({ type: 'continueTask', taskId: this.part.id, goOn });
  }
}
