// Scripted model answers for the agent loop, and the byte-for-byte check on the requests it sends.
import assert from 'node:assert/strict';
import type { StreamEvent, Usage } from '../../src/xai/types';
import type { AgentRequest, StreamFunction } from '../../src/agent/agentTypes';
import { chatBody, responsesBody } from '../../src/xai/requestBody';

export function usage(costUsd: number): Usage {
  return { promptTokens: 100, cachedPromptTokens: 0, completionTokens: 10, reasoningTokens: 0, imageTokens: 0, totalTokens: 110, numSourcesUsed: 0, costInUsdTicks: Math.round(costUsd * 1e10) };
}

/** An answer that calls tools, as the client streams it on the Responses API (output items included). */
export function callsAnswer(calls: Array<[id: string, name: string, args: unknown]>, costUsd = 0.01): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id: 'r', model: 'm' }];
  calls.forEach(([id, name, args], index) => {
    const raw = typeof args === 'string' ? args : JSON.stringify(args);
    events.push({ type: 'toolCall', index, call: { id, type: 'function', function: { name, arguments: raw } } });
    events.push({ type: 'outputItem', item: { type: 'function_call', id: `fc_${id}`, call_id: id, name, arguments: raw, status: 'completed' } });
  });
  events.push({ type: 'usage', usage: usage(costUsd) }, { type: 'finish', reason: 'tool_calls' });
  return events;
}

export function textAnswer(text: string, costUsd = 0.01): StreamEvent[] {
  return [
    { type: 'start', id: 'r', model: 'm' },
    { type: 'text', delta: text },
    { type: 'outputItem', item: { type: 'message', id: 'msg', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] } },
    { type: 'usage', usage: usage(costUsd) },
    { type: 'finish', reason: 'stop' },
  ];
}

export interface Scripted {
  send: StreamFunction;
  /** The wire bodies, serialised when each request was sent. */
  bodies: string[];
  signals: AbortSignal[];
}

/** Each request takes the next answer; a function answer may wait (for Stop tests). */
export function scripted(answers: Array<StreamEvent[] | ((signal: AbortSignal) => AsyncIterable<StreamEvent>)>): Scripted {
  const bodies: string[] = [];
  const signals: AbortSignal[] = [];
  let next = 0;
  const send: StreamFunction = (request: AgentRequest, signal: AbortSignal) => {
    bodies.push(JSON.stringify(request.api === 'responses' ? responsesBody(request.request, true) : chatBody(request.request, true)));
    signals.push(signal);
    const answer = answers[next++];
    if (answer === undefined) throw new Error(`no scripted answer for request ${next}`);
    if (typeof answer === 'function') return answer(signal);
    return (async function* () {
      yield* answer;
    })();
  };
  return { send, bodies, signals };
}

/** Each request's input (or messages) starts with the previous request's, byte for byte. */
export function assertInputsExtend(bodies: string[], key: 'input' | 'messages' = 'input'): void {
  assert.ok(bodies.length >= 2, 'at least two requests');
  for (let i = 1; i < bodies.length; i++) {
    const prev = JSON.stringify(JSON.parse(bodies[i - 1])[key]);
    const next = JSON.stringify(JSON.parse(bodies[i])[key]);
    assert.ok(next.startsWith(prev.slice(0, -1)), `request ${i + 1}'s ${key} extends request ${i}'s byte for byte`);
    assert.ok(next.length > prev.length, `request ${i + 1} adds to the input`);
    // The rest of the body (tools, instructions, cache key) is the same too.
    const strip = (b: string) => {
      const o = JSON.parse(b);
      delete o[key];
      return JSON.stringify(o);
    };
    assert.equal(strip(bodies[i]), strip(bodies[i - 1]));
  }
}
