// Long model answers for the render benchmarks: deterministic Markdown of a chosen size made of what
// real answers hold (headings, prose with inline code, links and emphasis, bullet and numbered lists,
// tables, and fenced code in several languages), in sections of about 2.5 KB, each with at least one
// code block, so 100 KB holds about 40 of them.

const WORDS = (
  'the cache keeps entries for a while and evicts the oldest first when it is full so a request that ' +
  'misses goes to the server and the answer is stored with its expiry time which the next lookup checks ' +
  'before it returns anything stale this keeps latency low while the data stays fresh enough for most ' +
  'callers but a write must invalidate the key or readers would see an old value until it expires'
).split(' ');

const CODE: Array<[string, (n: number, r: () => number) => string]> = [
  [
    'typescript',
    (n) => `export class Cache${n}<K, V> {
  private readonly map = new Map<K, { value: V; expires: number }>();

  constructor(private readonly ttlMs = ${1000 * n}, private readonly max = ${64 + n}) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit || hit.expires < Date.now()) return undefined; // stale
    return hit.value;
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as K);
    this.map.set(key, { value, expires: Date.now() + this.ttlMs });
  }
}`,
  ],
  [
    'python',
    (n) => `import time
from collections import OrderedDict


class Cache${n}:
    """An LRU cache with a time to live."""

    def __init__(self, ttl=${n}.5, size=${100 + n}):
        self.ttl = ttl
        self.size = size
        self.items = OrderedDict()

    def get(self, key):
        item = self.items.get(key)
        if item is None or item[1] < time.time():
            return None
        self.items.move_to_end(key)
        return item[0]`,
  ],
  [
    'json',
    (n) => `{
  "cache": {
    "size": ${100 + n},
    "ttlSeconds": ${60 + n},
    "evict": "lru",
    "regions": ["eu-west-1", "us-east-2"],
    "metrics": { "enabled": true, "intervalMs": ${500 + n} }
  }
}`,
  ],
  [
    'bash',
    (n) => `#!/usr/bin/env bash
set -euo pipefail
for i in $(seq 1 ${n + 3}); do
  curl -s "http://localhost:8080/items/$i" | jq '.value' >> out-${n}.txt
done
echo "fetched $(wc -l < out-${n}.txt) items"`,
  ],
  [
    'rust',
    (n) => `use std::collections::HashMap;
use std::time::{Duration, Instant};

pub struct Cache${n} {
    entries: HashMap<String, (String, Instant)>,
    ttl: Duration,
}

impl Cache${n} {
    pub fn get(&self, key: &str) -> Option<&String> {
        match self.entries.get(key) {
            Some((v, at)) if at.elapsed() < self.ttl => Some(v),
            _ => None,
        }
    }
}`,
  ],
  [
    'diff',
    (n) => `--- a/cache.ts
+++ b/cache.ts
@@ -${n},6 +${n},7 @@
-  const ttl = 60;
+  const ttl = config.ttl ?? 60;
+  const max = config.max ?? 100;
   return new Cache(ttl);`,
  ],
];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(r: () => number, n: number): string {
  const len = 8 + Math.floor(r() * 14);
  const start = Math.floor(r() * WORDS.length);
  const words: string[] = [];
  for (let i = 0; i < len; i++) words.push(WORDS[(start + i * 7) % WORDS.length]);
  const k = Math.floor(r() * 6);
  if (k === 0) words[2] = '`cache.get(key)`';
  if (k === 1) words[3] = '**never**';
  if (k === 2) words[4] = `[the docs](https://example.com/docs/${n})`;
  if (k === 3) words[1] = '*usually*';
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}.`;
}

function paragraph(r: () => number, n: number): string {
  const count = 2 + Math.floor(r() * 4);
  return Array.from({ length: count }, () => sentence(r, n)).join(' ');
}

function section(i: number, r: () => number): string {
  const parts: string[] = [`## ${i}. Step ${i}: ${sentence(r, i).slice(0, 40).replace(/[.`*[\]()]/g, '')}`, paragraph(r, i)];
  const [lang, code] = CODE[i % CODE.length];
  parts.push(`\`\`\`${lang}\n${code(i, r)}\n\`\`\``);
  parts.push(paragraph(r, i));
  if (i % 2 === 0) {
    parts.push(Array.from({ length: 3 + (i % 3) }, (_, k) => `- ${sentence(r, i + k)}`).join('\n'));
  } else {
    parts.push(Array.from({ length: 3 + (i % 2) }, (_, k) => `${k + 1}. ${sentence(r, i + k)}`).join('\n'));
  }
  if (i % 3 === 0) {
    const rows = Array.from({ length: 4 }, (_, k) => `| \`opt${i}_${k}\` | ${k * i} | ${sentence(r, k).slice(0, 30)} |`);
    parts.push(['| Option | Default | Meaning |', '|:-------|--------:|---------|', ...rows].join('\n'));
  }
  if (i % 4 === 1) {
    const [lang2, code2] = CODE[(i + 3) % CODE.length];
    parts.push(`Then:\n\n\`\`\`${lang2}\n${code2(i + 1, r)}\n\`\`\``);
  }
  if (i % 5 === 2) parts.push(`> ${sentence(r, i)}\n> ${sentence(r, i + 1)}`);
  parts.push(paragraph(r, i));
  return parts.join('\n\n');
}

/** A Markdown answer of at least `bytes` characters (ASCII, so characters = bytes), cut at a section end. */
export function answerOf(bytes: number, seed = 7): string {
  const r = prng(seed);
  const parts = ['# Making the service faster\n\nHere is the plan, step by step, with the code for each part.'];
  let size = parts[0].length;
  for (let i = 1; size < bytes; i++) {
    const s = section(i, r);
    parts.push(s);
    size += s.length + 2;
  }
  return `${parts.join('\n\n')}\n`;
}

/** What the answer holds, for the report. */
export function describeAnswer(text: string): { bytes: number; codeBlocks: number; tables: number; listItems: number } {
  return {
    bytes: Buffer.byteLength(text),
    codeBlocks: (text.match(/^```\w/gm) ?? []).length,
    tables: (text.match(/^\|:?-+/gm) ?? []).length,
    listItems: (text.match(/^(- |\d+\. )/gm) ?? []).length,
  };
}

/** Cuts text into token-like deltas of 1..max characters (mean ~4 with max 7), reproducibly. */
export function tokens(text: string, max = 7, seed = 11): string[] {
  const r = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(r() * max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}
