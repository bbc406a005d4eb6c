// What the fake server remembers about each request, for tests to assert on. Plain data only, so the
// same objects can be sent as JSON by the control endpoint to a test in another process.

export interface RecordedRequest {
  /** 0-based position since the last reset. */
  index: number;
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** The request target as sent, with its query string. */
  url: string;
  /** `METHOD /path`, the key replies are scripted under. */
  route: string;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The raw body as UTF-8 text. */
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** Which reply answered: `queue`, `default`, `builtin`, `auth`, `not-found`, `method-not-allowed` or `error`. */
  answeredBy?: string;
  /** Status sent, once the headers went out. */
  status?: number;
  /** Body bytes written (before chunked framing). */
  bytesSent: number;
  /** Number of separate body writes. */
  chunksSent: number;
  /**
   * True when the client closed the connection before the response ended (abort, Stop, timeout):
   * the signal that cancellation reached the network. Resets and stalls the server itself ends are
   * not counted.
   */
  closedByClient: boolean;
  /** A reply that could not be built (bad script); the client got a 500. */
  serverError?: string;
  /** Epoch milliseconds (sub-millisecond precision) when the request line arrived. */
  receivedAt: number;
  /** When the request body had been read. */
  bodyReceivedAt?: number;
  headersSentAt?: number;
  /** When the response ended normally. */
  endedAt?: number;
  /** When the connection or response closed (any reason). */
  closedAt?: number;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
