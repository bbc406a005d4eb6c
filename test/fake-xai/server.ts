// A loopback stand-in for api.x.ai that speaks its exact wire format and that tests script reply by
// reply. It binds to 127.0.0.1 only and never forwards anything: tests must not reach the real API.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { authFailure } from './auth';
import { BUILTIN_ROUTES } from './builtinRoutes';
import { handleControl } from './control';
import { fakeErrorReply, methodNotAllowedReply, notFoundReply } from './errorBodies';
import { Exchange } from './exchange';
import { now, type RecordedRequest } from './recordedRequest';
import { validateReply, type Reply, type ReplySource } from './reply';
import { CONTROL_PREFIX, findRoute, normalizePath, normalizeRoute, pathHasOtherMethod } from './routes';
import { SCENARIOS, type ScenarioName } from './scenarios';
import { IMAGE_PATH_PREFIX } from './images';
import { PromptCache, responsesReply } from './responsesScript';
import { compactReply } from './compaction';
import { sendReply } from './sendReply';

export type { Chunking } from './chunking';
export { inStreamError, MALFORMED_EVENT, type SseFrame } from './sse';
export { longStreamEvents, longStreamText, type LongStreamOptions } from './longStream';
export { openAiError, xaiError } from './errorBodies';
export type { RecordedRequest } from './recordedRequest';
export type { Reply, ReplyFactory, ReplyHandler, ReplySource } from './reply';
export type { ScenarioName } from './scenarios';
export { FAKE_IMAGE_PNG, IMAGE_COST_TICKS } from './images';
export { inputExtends, rawJsonValue, responsesReply, type ResponsesScript } from './responsesScript';

export interface FakeXaiOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Start with a scenario's default replies (see scenarios.ts); reset() returns to them. */
  scenario?: ScenarioName;
  /** Default replies per route, on top of the scenario's; reset() returns to them. */
  defaults?: Record<string, ReplySource>;
  /** Keys answered with the recorded "Incorrect API key" 400. */
  invalidKeys?: string[];
  /** Answer every request that has a key with the recorded "Incorrect API key" 400. */
  rejectAllKeys?: boolean;
  /** false skips the Authorization check entirely. Default true. */
  requireAuth?: boolean;
  /** Serve the /__control endpoint (the CLI turns it on). Default false. */
  control?: boolean;
}

export interface FakeXai {
  /** Base URL including /v1, e.g. http://127.0.0.1:41234/v1. */
  readonly url: string;
  /** http://127.0.0.1:PORT, for the control endpoint. */
  readonly origin: string;
  readonly port: number;
  /** Every /v1 (non-control) request since the last reset, in arrival order. The array is cleared in place. */
  readonly requests: RecordedRequest[];
  /** Queue replies for a route (`'POST /v1/chat/completions'`); each request takes the next one (FIFO). */
  enqueue(route: string, ...replies: ReplySource[]): void;
  /** The reply used when the route's queue is empty; undefined removes it (back to the built-in one). */
  setDefault(route: string, reply: ReplySource | undefined): void;
  /** Keys answered with the recorded "Incorrect API key" 400 (replaces the list). */
  setInvalidKeys(keys: string[]): void;
  /** Replies still queued for a route (or for all routes): lets a test assert all were used. */
  pending(route?: string): number;
  /** Resolves with the n-th request (1-based, default 1) since the last reset once it has arrived. */
  waitForRequest(n?: number, timeoutMs?: number): Promise<RecordedRequest>;
  /**
   * Resolves with a request whose response the client closed before it ended; one not yet claimed by
   * an earlier call resolves at once. Rejects after timeoutMs.
   */
  waitForClientClose(timeoutMs: number): Promise<RecordedRequest>;
  /** TCP connections currently open to the server. */
  openConnections(): number;
  /** Forget queues, defaults set since start, invalid keys set since start and recorded requests. Open connections stay. */
  reset(): void;
  /** Destroys every connection (stalled ones too) and stops listening. */
  close(): Promise<void>;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startFakeXai(options: FakeXaiOptions = {}): Promise<FakeXai> {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, ReplySource[]>();
  const defaults = new Map<string, ReplySource>();
  const invalidKeys = new Set<string>();
  const sockets = new Set<Socket>();
  const inFlight = new Set<Exchange>();
  const requestWaiters = new Map<Waiter<RecordedRequest>, number>();
  const closeWaiters: Array<Waiter<RecordedRequest>> = [];
  const unclaimedCloses: RecordedRequest[] = [];
  let promptCache = new PromptCache();
  let closing = false;
  let closed: Promise<void> = Promise.resolve();

  function check(source: ReplySource): ReplySource {
    // Factories are checked when they run; static replies right away, at the test's call site.
    if (typeof source !== 'function') validateReply(source);
    return source;
  }

  function restoreStartState(): void {
    queues.clear();
    defaults.clear();
    const scenario = SCENARIOS[options.scenario ?? 'default'];
    for (const [route, reply] of Object.entries<ReplySource>(scenario.defaults())) {
      defaults.set(normalizeRoute(route), check(reply));
    }
    for (const [route, reply] of Object.entries(options.defaults ?? {})) defaults.set(normalizeRoute(route), check(reply));
    invalidKeys.clear();
    for (const key of options.invalidKeys ?? []) invalidKeys.add(key);
  }
  restoreStartState();

  function onClientClose(ex: Exchange): void {
    const waiter = closeWaiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(ex.record);
    } else {
      unclaimedCloses.push(ex.record);
    }
  }

  function notifyRequestWaiters(): void {
    for (const [waiter, n] of requestWaiters) {
      if (requests.length >= n) {
        requestWaiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(requests[n - 1]);
      }
    }
  }

  /** Where the reply for a route comes from; the queue is only consumed once auth has passed. */
  function pickReply(route: string): { source: ReplySource; answeredBy: string; take(): void } | undefined {
    const queued = findRoute(queues.keys(), route, (k) => (queues.get(k)?.length ?? 0) > 0);
    if (queued) {
      const queue = queues.get(queued)!;
      return { source: queue[0], answeredBy: 'queue', take: () => queue.shift() };
    }
    const byDefault = findRoute(defaults.keys(), route);
    if (byDefault) return { source: defaults.get(byDefault)!, answeredBy: 'default', take: () => undefined };
    const builtin = findRoute(Object.keys(BUILTIN_ROUTES), route);
    if (builtin) return { source: BUILTIN_ROUTES[builtin], answeredBy: 'builtin', take: () => undefined };
    return undefined;
  }

  async function answer(ex: Exchange): Promise<void> {
    const { record } = ex;
    let reply: Reply;
    const picked = pickReply(record.route);
    // Generated images are fetched from their URL without a key, as from xAI's imgen host.
    const keyed = options.requireAuth !== false && !record.path.startsWith(IMAGE_PATH_PREFIX);
    const failure = picked && keyed ? authFailure(record, { invalidKeys, rejectAllKeys: !!options.rejectAllKeys }) : undefined;
    if (!picked) {
      const allKeys = [...queues.keys(), ...defaults.keys(), ...Object.keys(BUILTIN_ROUTES)];
      const otherMethod = pathHasOtherMethod(allKeys, record.method, record.path);
      record.answeredBy = otherMethod ? 'method-not-allowed' : 'not-found';
      reply = otherMethod ? methodNotAllowedReply(record.method, record.path) : notFoundReply(record.method, record.path);
    } else if (failure) {
      record.answeredBy = 'auth';
      reply = failure;
    } else {
      picked.take();
      record.answeredBy = picked.answeredBy;
      reply = typeof picked.source === 'function' ? picked.source(record) : picked.source;
      if (reply.responses !== undefined) {
        // Built from the request: streamed or not, its tools, its input (for cached tokens).
        const { responses, ...envelope } = reply;
        reply = { ...responsesReply(record, responses, promptCache), ...stripUndefined(envelope) };
      } else if (reply.compaction !== undefined) {
        const { compaction: _compaction, ...envelope } = reply;
        reply = { ...compactReply(record), ...stripUndefined(envelope) };
      }
    }
    await sendReply(ex, reply);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const receivedAt = now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const path = normalizePath(url);
    const body = await readBody(req);

    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      if (!options.control) {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'control endpoint disabled' }));
        return;
      }
      const result = handleControl(fake, method, path, body.toString('utf8'));
      res.writeHead(result.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(result.json));
      return;
    }

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const text = body.toString('utf8');
    const record: RecordedRequest = {
      index: requests.length,
      method,
      path,
      url,
      route: `${method} ${path}`,
      headers,
      body: text,
      json: parseJson(text),
      bytesSent: 0,
      chunksSent: 0,
      closedByClient: false,
      receivedAt,
      bodyReceivedAt: now(),
    };
    const ex = new Exchange(req, res, record, onClientClose);
    inFlight.add(ex);
    res.once('finish', () => {
      record.endedAt = now();
    });
    res.once('close', () => inFlight.delete(ex));
    requests.push(record);
    notifyRequestWaiters();

    try {
      await answer(ex);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      record.serverError = message;
      process.stderr.write(`fake-xai: ${record.route}: ${message}\n`);
      if (ex.closed) return;
      if (res.headersSent) {
        ex.kill('rst');
      } else {
        record.answeredBy = 'error';
        await sendReply(ex, fakeErrorReply(message));
      }
    }
    if (res.headersSent) record.status = res.statusCode;
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`fake-xai: ${err instanceof Error ? err.stack : String(err)}\n`);
      res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A request's socket error (a client reset) is expected here; it must not crash the test run.
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const fake: FakeXai = {
    url: `${origin}/v1`,
    origin,
    port,
    requests,
    enqueue(route, ...replies) {
      const key = normalizeRoute(route);
      const queue = queues.get(key) ?? [];
      queue.push(...replies.map(check));
      queues.set(key, queue);
    },
    setDefault(route, reply) {
      const key = normalizeRoute(route);
      if (reply === undefined) defaults.delete(key);
      else defaults.set(key, check(reply));
    },
    setInvalidKeys(keys) {
      invalidKeys.clear();
      for (const key of keys) invalidKeys.add(key);
    },
    pending(route) {
      if (route !== undefined) return queues.get(normalizeRoute(route))?.length ?? 0;
      let n = 0;
      for (const queue of queues.values()) n += queue.length;
      return n;
    },
    waitForRequest(n = 1, timeoutMs = 5000) {
      if (requests.length >= n) return Promise.resolve(requests[n - 1]);
      return new Promise<RecordedRequest>((resolve, reject) => {
        const waiter: Waiter<RecordedRequest> = {
          resolve,
          reject,
          timer: setTimeout(() => {
            requestWaiters.delete(waiter);
            reject(new Error(`fake-xai: request #${n} did not arrive within ${timeoutMs} ms (got ${requests.length})`));
          }, timeoutMs),
        };
        requestWaiters.set(waiter, n);
      });
    },
    waitForClientClose(timeoutMs) {
      const already = unclaimedCloses.shift();
      if (already) return Promise.resolve(already);
      return new Promise<RecordedRequest>((resolve, reject) => {
        const waiter: Waiter<RecordedRequest> = {
          resolve,
          reject,
          timer: setTimeout(() => {
            const i = closeWaiters.indexOf(waiter);
            if (i >= 0) closeWaiters.splice(i, 1);
            reject(new Error(`fake-xai: no response was closed by the client within ${timeoutMs} ms`));
          }, timeoutMs),
        };
        closeWaiters.push(waiter);
      });
    },
    openConnections() {
      return sockets.size;
    },
    reset() {
      restoreStartState();
      promptCache = new PromptCache();
      requests.length = 0;
      unclaimedCloses.length = 0;
    },
    close() {
      if (closing) return closed;
      closing = true;
      // Connections the fake tears down itself are not client closes.
      for (const ex of inFlight) ex.serverEnded = true;
      const error = new Error('fake-xai: server closed');
      for (const waiter of [...requestWaiters.keys(), ...closeWaiters.splice(0)]) {
        clearTimeout(waiter.timer);
        waiter.reject(error);
      }
      requestWaiters.clear();
      closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      return closed;
    },
  };
  return fake;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error(`fake-xai: request body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
    // A client that goes away mid-body never sends 'end'.
    req.on('close', () => resolve(Buffer.concat(parts)));
  });
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
