// The page's only door to the host: acquireVsCodeApi() (callable once per page), a typed post, and
// the UI intent that must survive the view being hidden (retainContextWhenHidden stays off, so the
// page is rebuilt from the host's snapshot plus this small state).
import type { WebviewMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PageState {
  draft: string;
  scrollTop: number;
  /** Whether the view was following the latest answer (then scrollTop is moot). */
  following: boolean;
  /** The message at the top of the view and how far it started above it (px): restores a long conversation. */
  anchor?: { id: string; offset: number };
}

export type Post = (message: WebviewMessage) => void;

export interface Bridge {
  post: Post;
  readonly state: Readonly<PageState>;
  saveState(patch: Partial<PageState>): void;
}

export function createBridge(): Bridge {
  const api = acquireVsCodeApi();
  let state = readState(api.getState());
  return {
    post: (message) => api.postMessage(message),
    get state() {
      return state;
    },
    saveState(patch) {
      state = { ...state, ...patch };
      api.setState(state);
    },
  };
}

// The stored state came from an earlier version of this page, maybe; take only what still fits.
function readState(raw: unknown): PageState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    draft: typeof s.draft === 'string' ? s.draft : '',
    scrollTop: typeof s.scrollTop === 'number' && Number.isFinite(s.scrollTop) ? s.scrollTop : 0,
    following: typeof s.following === 'boolean' ? s.following : true,
    anchor: readAnchor(s.anchor),
  };
}

function readAnchor(raw: unknown): PageState['anchor'] {
  const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return typeof a.id === 'string' && typeof a.offset === 'number' && Number.isFinite(a.offset) ? { id: a.id, offset: a.offset } : undefined;
}
