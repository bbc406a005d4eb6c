// Bytes to SSE messages: UTF-8 decoded with {stream: true}, so a chunk boundary inside a multi-byte
// character is fine, then eventsource-parser, which handles any split of lines and fields.
import type { EventSourceMessage } from 'eventsource-parser';
import { createParser } from 'eventsource-parser';

/** Lets the idle timeout measure the server's silence only, not the time the caller spends on an event. */
export interface SseTimerHooks {
  /** Before an event is handed to the caller. */
  pause(): void;
  /** After the caller asked for more, and on a comment (keep-alive): re-arms the idle timeout. */
  resume(): void;
}

/**
 * Yields each complete event. An event cut off by the end of the body is dropped, as the SSE spec
 * says: the stream mapper then reports the answer as unfinished rather than parsing half a JSON object.
 */
export async function* readSse(
  read: () => Promise<Uint8Array | undefined>,
  timer: SseTimerHooks,
): AsyncGenerator<EventSourceMessage, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  const queue: EventSourceMessage[] = [];
  const parser = createParser({
    onEvent: (event) => queue.push(event),
    onComment: () => timer.resume(),
  });
  for (;;) {
    const chunk = await read();
    parser.feed(chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
    while (queue.length > 0) {
      timer.pause();
      yield queue.shift() as EventSourceMessage;
      timer.resume();
    }
    if (!chunk) return;
  }
}
