// Screen-reader announcements through one polite live region. A streamed answer is announced in whole
// sentences, batched at most about once every 1.5 s; announcing every token would make the answer
// unlistenable. Code blocks are announced as "Code block." rather than read out symbol by symbol.
import { s } from './strings';

const MIN_GAP_MS = 1500;
/** Looking for sentence ends scans the unspoken text: not on every token. */
const CHECK_MS = 250;

export class LiveRegion {
  readonly el: HTMLElement;
  private flip = false;

  constructor() {
    this.el = document.createElement('div');
    this.el.className = 'sr-only';
    this.el.setAttribute('role', 'status');
    this.el.setAttribute('aria-live', 'polite');
    this.el.setAttribute('aria-atomic', 'true');
  }

  say(text: string): void {
    const t = text.trim();
    if (!t) return;
    // The same words twice in a row would not be re-announced; a trailing no-break space differs.
    this.flip = !this.flip;
    this.el.textContent = this.flip ? t : `${t}\u00a0`;
  }
}

/** Announces one streaming answer. */
export class SentenceAnnouncer {
  private pending = '';
  private lastSpoke = 0;
  private lastCheck = 0;
  private timer: number | undefined;

  constructor(private readonly region: LiveRegion) {}

  /** Cheap per token: the text is looked at for whole sentences at most every CHECK_MS. */
  feed(delta: string): void {
    this.pending += delta;
    if (this.timer !== undefined) return;
    const wait = Math.max(CHECK_MS - (Date.now() - this.lastCheck), this.lastSpoke + MIN_GAP_MS - Date.now());
    if (wait > 0) {
      this.timer = window.setTimeout(() => {
        this.timer = undefined;
        this.consider();
      }, wait);
    } else {
      this.consider();
    }
  }

  /** The answer ended: say whatever is left, then the closing word ("Answer complete."). */
  finish(closing: string): void {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    const rest = speakable(this.pending, true).text;
    this.pending = '';
    this.region.say(`${rest} ${closing}`);
  }

  dispose(): void {
    window.clearTimeout(this.timer);
  }

  private consider(): void {
    this.lastCheck = Date.now();
    const { text, consumed } = speakable(this.pending, false);
    if (!consumed) return;
    this.pending = this.pending.slice(consumed);
    if (text) {
      this.region.say(text);
      this.lastSpoke = Date.now();
    }
  }
}

/**
 * The whole sentences at the start of `source` as plain words, and how many characters they used.
 * With `all`, everything (the stream ended). An unclosed code fence holds back what follows it.
 */
export function speakable(source: string, all: boolean): { text: string; consumed: number } {
  let end = source.length;
  if (!all) {
    const fences = [...source.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)];
    let limit = source.length;
    if (fences.length % 2 === 1) limit = fences[fences.length - 1].index ?? 0;
    end = lastSentenceEnd(source.slice(0, limit));
    if (end <= 0) return { text: '', consumed: 0 };
  }
  const text = source
    .slice(0, end)
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(^ {0,3}\1[^\n]*$|$(?![\s\S]))/gm, ` ${s('message.codeBlock')} `)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_#>|~]+/g, ' ')
    .replace(/^\s*[-+]\s+/gm, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, consumed: end };
}

// After the last ".", "!", "?" or "…" that is followed by whitespace, or the last paragraph break.
function lastSentenceEnd(s: string): number {
  let best = -1;
  for (const m of s.matchAll(/[.!?…:](?=\s)|\n\n/g)) best = (m.index ?? 0) + m[0].length;
  return best;
}
