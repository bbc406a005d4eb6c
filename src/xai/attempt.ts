// One HTTP attempt: the fetch, its own AbortController (fed by the caller's signal and by the timeouts),
// and body reads that give up the moment either fires, even when the body is stalled mid-chunk.
import type { XaiErrorInfo } from './types';
import type { ErrorContext } from './errors';
import type { FiredTimeout, TimeoutOptions } from './timeouts';
import { cancelledError, errorFromResponse, errorInfo, networkError, requestIdFrom, XaiError } from './errors';
import { timeoutMessage, Watchdog } from './timeouts';

export class Attempt {
  readonly startedAt = performance.now();
  readonly watchdog: Watchdog;
  status: number | undefined;
  requestId: string | undefined;
  private readonly controller = new AbortController();
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private gotFirstByte = false;
  private disposed = false;
  private readonly unlink: () => void;

  constructor(
    private readonly callerSignal: AbortSignal | undefined,
    timeouts: TimeoutOptions,
    private readonly ctx: ErrorContext,
    private readonly host: string,
  ) {
    this.watchdog = new Watchdog(timeouts, (fired) => this.controller.abort(new TimeoutAbort(fired)));
    const onAbort = () => this.controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onAbort();
    callerSignal?.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => callerSignal?.removeEventListener('abort', onAbort);
  }

  async send(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response> {
    this.watchdog.armFirstByte();
    const response = await this.abortable(fetchFn(url, { ...init, signal: this.controller.signal }));
    this.status = response.status;
    this.requestId = requestIdFrom(response.headers);
    this.reader = response.body?.getReader();
    return response;
  }

  /** The next body chunk, or undefined at the end. The first chunk switches to the idle limit. */
  async read(): Promise<Uint8Array | undefined> {
    if (!this.reader) return undefined;
    const result = await this.abortable(this.reader.read());
    if (result.done) return undefined;
    if (!this.gotFirstByte) {
      this.gotFirstByte = true;
      this.watchdog.armIdle();
    }
    return result.value;
  }

  /** The whole body, decoded as UTF-8; each chunk re-arms the idle limit. */
  async readText(): Promise<string> {
    const decoder = new TextDecoder('utf-8');
    let text = '';
    for (let chunk = await this.read(); chunk; chunk = await this.read()) {
      this.watchdog.armIdle();
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  }

  /** Maps a non-2xx response, reading its body under the same limits. */
  async httpError(response: Response): Promise<XaiErrorInfo> {
    let body = '';
    try {
      body = await this.readText();
    } catch (error) {
      if (this.callerSignal?.aborted || this.watchdog.fired) return this.failure(error);
      // A body cut short still has a status worth reporting.
    }
    return errorFromResponse(response.status, body, response.headers, this.ctx);
  }

  /** Why a fetch or a read threw: the caller cancelled, a limit fired, or the network failed. */
  failure(error: unknown): XaiErrorInfo {
    if (this.callerSignal?.aborted) return cancelledError();
    const fired = this.watchdog.fired;
    if (fired) return errorInfo('timeout', timeoutMessage(fired, this.ctx.server), { requestId: this.requestId });
    if (error instanceof XaiError) return error.info;
    return networkError(error, this.host, this.status !== undefined);
  }

  /** Stops timers and closes the connection: aborting the fetch makes undici destroy the socket. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.watchdog.clear();
    this.unlink();
    if (!this.controller.signal.aborted) this.controller.abort(new Error('request finished'));
    this.reader?.cancel().catch(() => undefined);
  }

  /** Settles as soon as the attempt aborts, whether or not the underlying promise ever does. */
  private abortable<T>(promise: Promise<T>): Promise<T> {
    const signal = this.controller.signal;
    if (signal.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

/** The abort reason when a limit fired, so logs that print the reason say why. */
class TimeoutAbort extends Error {
  constructor(readonly fired: FiredTimeout) {
    super(`${fired.limit} timeout after ${fired.ms} ms`);
    this.name = 'TimeoutError';
  }
}
