// Pending approvals as host state: the loop's approve callback parks each request here until the user
// answers, so hiding and showing the chat panel can show them again (pending()). Answers come only from
// the user's Approve / Deny (answer()), keyed by call id; a stale or repeated answer changes nothing.
import type { ApprovalAnswer, ApprovalRequest, ToolCallCard } from './agentTypes';
import { t } from '../platform/localise';

export class ApprovalBroker {
  private readonly waiting = new Map<string, { card: ToolCallCard; resolve: (answer: ApprovalAnswer) => void }>();

  constructor(private readonly onChange: (pending: ToolCallCard[]) => void = () => undefined) {}

  /** Pass as AgentLoopOptions.approve. */
  readonly request = (request: ApprovalRequest): Promise<ApprovalAnswer> =>
    new Promise((resolve) => {
      this.waiting.get(request.card.callId)?.resolve({ approved: false, reason: t('asked again') });
      this.waiting.set(request.card.callId, { card: request.card, resolve });
      this.onChange(this.pending());
    });

  /** The user's answer. False when nothing waits under this id (already answered, or the task ended). */
  answer(callId: string, answer: ApprovalAnswer): boolean {
    const entry = this.waiting.get(callId);
    if (!entry) return false;
    this.waiting.delete(callId);
    entry.resolve({ approved: answer.approved === true, reason: answer.approved ? undefined : answer.reason?.slice(0, 2000) });
    this.onChange(this.pending());
    return true;
  }

  pending(): ToolCallCard[] {
    return [...this.waiting.values()].map((e) => e.card);
  }

  /** A task ended (Stop, error): its questions are moot. */
  cancelTask(taskId: string): void {
    let changed = false;
    for (const [id, entry] of this.waiting) {
      if (entry.card.taskId !== taskId) continue;
      this.waiting.delete(id);
      entry.resolve({ approved: false, reason: t('the task ended') });
      changed = true;
    }
    if (changed) this.onChange(this.pending());
  }
}
