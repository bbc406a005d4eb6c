// Which agent task of a conversation loaded after a window reload can go on: the last answer, still
// marked streaming, whose task was waiting for the user (a card awaiting Approve / Deny, or the budget
// pause) and whose state was saved. A task cut off while it was sending or running a tool is not resumed
// (that would spend or act without the user): it is settled as stopped, and Revert task still works.
import type { AgentState, Conversation, StoredMessage } from '../conversation/conversation';
import type { AgentTaskPart } from '../shared/messageParts';

export interface ResumableTask {
  message: StoredMessage;
  /** The message's index in the conversation. */
  index: number;
  task: AgentTaskPart;
  state: AgentState;
}

export function resumableTask(conv: Conversation): ResumableTask | undefined {
  const index = conv.messages.length - 1;
  const message = conv.messages[index];
  if (!message || message.role !== 'assistant' || message.status !== 'streaming' || !message.agentState) return undefined;
  const task = message.parts.find((p): p is AgentTaskPart => p.type === 'agentTask');
  if (!task || (task.status !== 'running' && task.status !== 'paused')) return undefined;
  const asking = message.parts.some((p) => p.type === 'toolCall' && p.status === 'awaitingApproval');
  const waiting = task.status === 'paused' || (asking && message.agentState.pending.length > 0);
  return waiting ? { message, index, task, state: message.agentState } : undefined;
}
