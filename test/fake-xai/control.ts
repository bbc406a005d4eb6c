// The HTTP control endpoint, so a test in another process (VS Code integration tests) can script a
// fake started with the CLI. It lives under /__control, apart from /v1, is never recorded as a
// request, and needs no API key. Only JSON-expressible replies can be sent this way (no handler).
import type { RecordedRequest } from './recordedRequest';
import type { Reply } from './reply';
import { CONTROL_PREFIX } from './routes';

/** The part of FakeXai the control endpoint drives. */
export interface Controllable {
  readonly requests: RecordedRequest[];
  enqueue(route: string, ...replies: Reply[]): void;
  setDefault(route: string, reply: Reply | undefined): void;
  setInvalidKeys(keys: string[]): void;
  reset(): void;
}

export interface ControlAnswer {
  status: number;
  json: unknown;
}

export const CONTROL_ROUTES = [
  'POST /__control/enqueue {route, reply} or {route, replies: [...]}',
  'POST /__control/default {route, reply} (reply null removes it)',
  'POST /__control/invalid-keys {keys: [...]}',
  'POST /__control/reset',
  'GET /__control/requests',
];

function asReply(value: unknown): Reply {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`a reply must be a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Reply;
}

export function handleControl(fake: Controllable, method: string, path: string, body: string): ControlAnswer {
  try {
    const input = (body.trim() ? JSON.parse(body) : {}) as Record<string, unknown>;
    const op = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
    switch (op) {
      case 'POST /enqueue': {
        const replies = Array.isArray(input.replies) ? input.replies.map(asReply) : [asReply(input.reply)];
        fake.enqueue(String(input.route), ...replies);
        return { status: 200, json: { ok: true, queued: replies.length } };
      }
      case 'POST /default':
        fake.setDefault(String(input.route), input.reply === null ? undefined : asReply(input.reply));
        return { status: 200, json: { ok: true } };
      case 'POST /invalid-keys':
        if (!Array.isArray(input.keys)) throw new Error('keys must be an array of strings');
        fake.setInvalidKeys(input.keys.map(String));
        return { status: 200, json: { ok: true } };
      case 'POST /reset':
        fake.reset();
        return { status: 200, json: { ok: true } };
      case 'GET /requests':
        return { status: 200, json: { requests: fake.requests } };
      default:
        return { status: 404, json: { error: `unknown control route ${method} ${path}`, routes: CONTROL_ROUTES } };
    }
  } catch (err) {
    return { status: 400, json: { error: err instanceof Error ? err.message : String(err) } };
  }
}
