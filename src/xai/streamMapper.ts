// The contract between the stream driver and the two wire formats (chat completions, Responses).
import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent, XaiErrorInfo } from './types';

export interface StreamMapper {
  /** Events for one SSE message. A 'finish' or 'error' among them ends the stream. */
  push(message: EventSourceMessage): StreamEvent[];
  /**
   * The body ended (no `failure`) or broke (`failure`: network, timeout, cancelled) before a terminal
   * event. Must return a terminal event: a finish when the answer was already complete, else an error.
   */
  end(failure?: XaiErrorInfo): StreamEvent[];
}

export function isTerminal(event: StreamEvent): boolean {
  return event.type === 'finish' || event.type === 'error';
}
