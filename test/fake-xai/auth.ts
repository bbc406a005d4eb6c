// The key check xAI does before anything else: no usable bearer token is a 401, a key xAI does not
// know is the recorded 400 "Incorrect API key provided".
import { invalidKeyReply, missingKeyReply } from './errorBodies';
import type { RecordedRequest } from './recordedRequest';
import type { Reply } from './reply';

/** The key from `Authorization: Bearer <key>`, or undefined when the header is absent or malformed. */
export function bearerKey(request: RecordedRequest): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

export interface AuthPolicy {
  invalidKeys: ReadonlySet<string>;
  /** Every key is wrong (the CLI's --invalid-key): for tests of the "bad key" path end to end. */
  rejectAllKeys: boolean;
}

/** The error reply for a request that fails the key check, or undefined when it passes. */
export function authFailure(request: RecordedRequest, policy: AuthPolicy): Reply | undefined {
  const key = bearerKey(request);
  if (key === undefined) return missingKeyReply();
  if (policy.rejectAllKeys || policy.invalidKeys.has(key)) return invalidKeyReply(request.path);
  return undefined;
}
