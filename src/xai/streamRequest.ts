// Drives a streamed request: attempts with retries (only while nothing reached the caller, so text is
// never duplicated), SSE through a StreamMapper, and exactly one 'finish' or 'error' at the end, whatever
// happens: cancel, timeout, reset, garbage. Leaving the loop early closes the connection.
//
// Before each retry wait the caller gets { type: 'retry', attempt, delayMs, reason, status? }: `attempt` is the
// number of the attempt about to be made (2 for the first retry, as in XaiLogEntry), `reason` the failure's kind
// and `status` its HTTP status where there was one, so the UI can say "Waiting 3 s: rate limited". A retry only
// happens while nothing of the answer reached the caller, so 'retry' never follows an answer event.
import type { ChatResult, StreamEvent, XaiErrorInfo } from './types';
import { say } from '../shared/localise';
import type { Attempt } from './attempt';
import type { ErrorContext } from './errors';
import type { StreamMapper } from './streamMapper';
import type { RequestSpec, Transport } from './transport';
import { resultEvents } from './collect';
import { isRecord } from '../shared/isRecord';
import { cancelledError, errorFromStreamPayload, malformedError } from './errors';
import { sleep } from './retry';
import { readSse } from './sse';
import { isTerminal } from './streamMapper';

export interface StreamFormat {
  mapper(ctx: ErrorContext): StreamMapper;
  /** For a server that ignores `stream: true` and answers with one JSON body. */
  fromJson(json: unknown): ChatResult | undefined;
}

export async function* streamRequest(
  transport: Transport,
  spec: RequestSpec,
  format: StreamFormat,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamEvent, void, undefined> {
  if (signal?.aborted) {
    yield { type: 'error', error: cancelledError() };
    return;
  }
  const key = await transport.key();
  if (typeof key !== 'string') {
    yield { type: 'error', error: key };
    return;
  }
  for (let attemptNo = 1; ; attemptNo++) {
    const attempt = transport.attempt(spec, signal);
    let delivered = false;
    let logged = false;
    let retryInMs: number | undefined;
    let failure: XaiErrorInfo | undefined;
    try {
      for await (const event of attemptEvents(transport, attempt, spec, key, format)) {
        if (event.type === 'error') {
          if (event.error.requestId === undefined && attempt.requestId !== undefined) event.error.requestId = attempt.requestId;
          retryInMs = delivered ? undefined : transport.retryDelay(event.error, attemptNo, signal);
          failure = event.error;
          transport.log(attempt, spec, attemptNo, event.error, retryInMs);
          logged = true;
          if (retryInMs !== undefined) break;
        } else if (event.type === 'finish') {
          transport.log(attempt, spec, attemptNo);
          logged = true;
        }
        // Close before handing over the last event: a caller may never ask for the next one.
        if (isTerminal(event)) attempt.dispose();
        delivered = true;
        yield event;
        if (isTerminal(event)) return;
      }
    } finally {
      attempt.dispose();
      // The caller left the loop early (break, return, throw): that is a cancel from this attempt's view.
      if (!logged) transport.log(attempt, spec, attemptNo, cancelledError());
    }
    if (retryInMs === undefined) {
      // Unreachable: attemptEvents always ends with a terminal event. Kept so the stream still ends properly.
      yield { type: 'error', error: malformedError(transport.context(spec), say('a stream that ended without an outcome')) };
      return;
    }
    const retry: StreamEvent = { type: 'retry', attempt: attemptNo + 1, delayMs: retryInMs, reason: failure?.kind ?? 'unavailable' };
    if (failure?.status !== undefined) retry.status = failure.status;
    yield retry;
    try {
      await sleep(retryInMs, signal);
    } catch {
      yield { type: 'error', error: cancelledError() };
      return;
    }
  }
}

/** One attempt's events; never throws, always ends with a terminal event. */
async function* attemptEvents(
  transport: Transport,
  attempt: Attempt,
  spec: RequestSpec,
  key: string,
  format: StreamFormat,
): AsyncGenerator<StreamEvent, void, undefined> {
  const ctx = transport.context(spec);
  let response: Response;
  try {
    response = await transport.send(attempt, spec, key);
  } catch (error) {
    yield { type: 'error', error: attempt.failure(error) };
    return;
  }
  if (!response.ok) {
    yield { type: 'error', error: await attempt.httpError(response) };
    return;
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('application/json') || contentType.includes('text/html')) {
    yield* singleBody(attempt, ctx, format, contentType);
    return;
  }
  const mapper = format.mapper(ctx);
  let ending: StreamEvent[];
  try {
    const timer = { pause: () => attempt.watchdog.clear(), resume: () => attempt.watchdog.armIdle() };
    for await (const message of readSse(() => attempt.read(), timer)) {
      for (const event of mapper.push(message)) {
        yield event;
        if (isTerminal(event)) return;
      }
    }
    ending = mapper.end();
  } catch (error) {
    ending = mapper.end(attempt.failure(error));
  }
  for (const event of ending) {
    yield event;
    if (isTerminal(event)) return;
  }
}

/** A 200 that is not a stream: one JSON answer (converted to events), an error object, or a proxy's page. */
async function* singleBody(
  attempt: Attempt,
  ctx: ErrorContext,
  format: StreamFormat,
  contentType: string,
): AsyncGenerator<StreamEvent, void, undefined> {
  let text: string;
  try {
    text = await attempt.readText();
  } catch (error) {
    yield { type: 'error', error: attempt.failure(error) };
    return;
  }
  let json: unknown;
  try {
    json = contentType.includes('text/html') ? undefined : JSON.parse(text);
  } catch {
    // Fall through to malformed.
  }
  const result = format.fromJson(json);
  if (result) {
    yield* resultEvents(result);
    return;
  }
  const error: XaiErrorInfo =
    isRecord(json) && json.error !== undefined
      ? errorFromStreamPayload(json, ctx)
      : malformedError(ctx, say('a {0} page instead of an event stream', contentType.split(';')[0]));
  yield { type: 'error', error };
}
