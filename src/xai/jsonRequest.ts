// A request with one JSON answer, retried as a whole (nothing was shown yet, so any retryable failure
// may be retried). Throws XaiError; the key never appears in what it throws or logs.
import type { XaiErrorInfo } from './types';
import { say } from '../shared/localise';
import type { RequestSpec, Transport } from './transport';
import { cancelledError, malformedError, XaiError } from './errors';
import { sleep } from './retry';

export interface JsonAnswer {
  json: unknown;
  requestId?: string;
}

export async function requestJson(transport: Transport, spec: RequestSpec, signal: AbortSignal | undefined): Promise<JsonAnswer> {
  if (signal?.aborted) throw new XaiError(cancelledError());
  const key = await transport.key();
  if (typeof key !== 'string') throw new XaiError(key);
  for (let attemptNo = 1; ; attemptNo++) {
    const attempt = transport.attempt(spec, signal);
    let failure: XaiErrorInfo;
    try {
      const response = await transport.send(attempt, spec, key);
      if (response.ok) {
        const text = await attempt.readText();
        try {
          const json: unknown = text.trim() === '' ? {} : JSON.parse(text);
          transport.log(attempt, spec, attemptNo);
          return attempt.requestId !== undefined ? { json, requestId: attempt.requestId } : { json };
        } catch {
          failure = malformedError(transport.context(spec), say('an answer that is not JSON'));
          failure.status = response.status;
        }
      } else {
        failure = await attempt.httpError(response);
      }
    } catch (error) {
      failure = attempt.failure(error);
    } finally {
      attempt.dispose();
    }
    if (failure.requestId === undefined && attempt.requestId !== undefined) failure.requestId = attempt.requestId;
    const retryInMs = transport.retryDelay(failure, attemptNo, signal);
    transport.log(attempt, spec, attemptNo, failure, retryInMs);
    if (retryInMs === undefined) throw new XaiError(failure);
    try {
      await sleep(retryInMs, signal);
    } catch {
      throw new XaiError(cancelledError());
    }
  }
}
