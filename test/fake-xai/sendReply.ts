// Puts a scripted Reply on the wire: headers delay, chunked writes with pauses, and the faults
// (stall, reset) a streaming client has to survive.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { splitBody, type Chunking } from './chunking';
import type { Exchange } from './exchange';
import { now } from './recordedRequest';
import { resolveReply, type Reply } from './reply';
import { eventEndOffsets } from './sse';

/**
 * Before a reset the client gets a moment to read what was sent: a TCP reset can make the peer
 * discard data it has received but not yet read, which would make "reset after N bytes" flaky.
 */
const RESET_SETTLE_MS = 30;

export async function sendReply(ex: Exchange, reply: Reply): Promise<void> {
  if (reply.handler) {
    await ex.sleep(reply.headersDelayMs ?? 0);
    if (ex.closed) return;
    await reply.handler(ex.req, ex.res, ex.record);
    return;
  }
  const plan = resolveReply(reply);
  await ex.sleep(reply.headersDelayMs ?? 0);
  if (ex.closed) return;
  if (reply.reset?.beforeHeaders) {
    ex.kill(reply.reset.mode ?? 'rst');
    return;
  }

  const { res, record } = ex;
  for (const [name, value] of plan.headers) res.setHeader(name, value);
  res.writeHead(plan.status);
  // Headers go out now even if the body stalls at 0 bytes: a "hang after headers" needs them sent.
  res.flushHeaders();
  record.status = plan.status;
  record.headersSentAt = now();

  const chunking: Chunking = reply.chunking ?? (plan.isEventStream ? { kind: 'events' } : { kind: 'whole' });
  // Split the whole body first, then cut: a stall or reset must not move the split points.
  const chunks = splitBody(plan.body, chunking);
  const fault = reply.stall ?? reply.reset;
  const limit = fault ? cutOffset(plan.body, fault) : plan.body.length;
  const delay = reply.chunkDelayMs ?? 0;
  const writesPerTick = Math.max(1, Math.floor(reply.writesPerTick ?? 1));

  let sent = 0;
  for (let i = 0; i < chunks.length && sent < limit; i++) {
    if (ex.closed) return;
    const chunk = chunks[i].subarray(0, limit - sent);
    await ex.write(chunk);
    sent += chunk.length;
    if (sent >= limit || i === chunks.length - 1) break;
    // A pause, or at least one turn of the event loop, keeps writes apart: a client in the same
    // process then really reads separate pieces instead of one coalesced buffer.
    if (delay > 0) await ex.sleep(delay);
    else if ((i + 1) % writesPerTick === 0) await yieldToLoop();
  }
  if (ex.closed) return;

  if (reply.stall) {
    // Send nothing more; the test decides when it ends by closing the client side.
    await ex.whenClosed();
    return;
  }
  if (reply.reset) {
    await ex.sleep(RESET_SETTLE_MS);
    if (!ex.closed) ex.kill(reply.reset.mode ?? 'rst');
    return;
  }
  // Race the close too: end's callback may never run if the client leaves at the last moment.
  await Promise.race([new Promise<void>((resolve) => res.end(() => resolve())), ex.whenClosed()]);
}

/** The byte offset where a stall or reset starts. No offset given means right after the headers. */
function cutOffset(body: Buffer, at: { afterBytes?: number; afterEvents?: number }): number {
  if (at.afterBytes !== undefined) return Math.max(0, Math.min(at.afterBytes, body.length));
  if (at.afterEvents !== undefined) {
    if (at.afterEvents <= 0) return 0;
    const ends = eventEndOffsets(body);
    return at.afterEvents <= ends.length ? ends[at.afterEvents - 1] : body.length;
  }
  return 0;
}
