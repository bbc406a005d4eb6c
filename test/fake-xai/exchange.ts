// One request/response in flight. It knows whether the connection is still open and who closed it,
// which is what lets the server tell a client's cancellation (the thing under test) apart from a
// reset or shutdown the fake caused itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { now, type RecordedRequest } from './recordedRequest';

export class Exchange {
  /** Set before the fake ends the connection itself, so that close is not blamed on the client. */
  serverEnded = false;
  private isClosed = false;
  private readonly closedPromise: Promise<void>;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly record: RecordedRequest,
    onClientClose: (exchange: Exchange) => void,
  ) {
    this.closedPromise = new Promise<void>((resolve) => {
      const onClose = () => {
        if (this.isClosed) return;
        this.isClosed = true;
        record.closedAt = now();
        // 'close' before the response finished means the connection went away mid-response.
        if (!res.writableFinished && !this.serverEnded) {
          record.closedByClient = true;
          onClientClose(this);
        }
        resolve();
      };
      // A client that left while its body was still being read: 'close' has already fired.
      if (req.socket.destroyed) queueMicrotask(onClose);
      else res.once('close', onClose);
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Resolves when the response or its connection closes, for whatever reason. */
  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /** Sleeps, but wakes early when the connection closes so nothing is written to a dead socket. */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.isClosed) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
      this.closedPromise,
    ]);
    clearTimeout(timer);
  }

  /** Writes one body chunk, honouring back-pressure. */
  async write(chunk: Buffer): Promise<void> {
    if (this.isClosed) return;
    this.record.bytesSent += chunk.length;
    this.record.chunksSent += 1;
    if (!this.res.write(chunk)) {
      await Promise.race([new Promise<void>((resolve) => this.res.once('drain', () => resolve())), this.closedPromise]);
    }
  }

  /** Ends the connection from the server side: 'rst' sends a TCP reset, 'fin' a plain close. */
  kill(mode: 'rst' | 'fin'): void {
    this.serverEnded = true;
    const socket = this.req.socket;
    if (mode === 'rst' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  }
}
