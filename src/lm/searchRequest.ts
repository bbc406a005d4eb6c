// Grok's server-side search as a language-model tool: the tool's input checked and turned into a
// Responses request with web_search or x_search, and the answer written out with its sources. No
// 'vscode': searchTools.ts registers these with VS Code.
import { t } from '../platform/localise';
import type { Citation, ResponsesRequest } from '../xai/types';

export type SearchKind = 'web' | 'x';

export interface WebSearchInput {
  query: string;
  allowedDomains?: string[];
  excludedDomains?: string[];
}

export interface XSearchInput {
  query: string;
  handles?: string[];
  fromDate?: string;
  toDate?: string;
}

export class SearchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchInputError';
  }
}

const INSTRUCTIONS =
  'Search, then answer the question concisely from what you found. Say when the sources disagree or do not answer it. Cite the sources you used.';

/** The Responses request for a tool call; throws SearchInputError for input the tool cannot run. */
export function searchRequest(kind: SearchKind, input: unknown, model: string): ResponsesRequest {
  const query = queryOf(input);
  const raw = input as Record<string, unknown>;
  const tool: { type: string; [key: string]: unknown } = { type: kind === 'web' ? 'web_search' : 'x_search' };
  if (kind === 'web') {
    const allowed = strings(raw.allowedDomains, 'allowedDomains', 5);
    const excluded = strings(raw.excludedDomains, 'excludedDomains', 5);
    if (allowed.length && excluded.length) throw new SearchInputError('Give allowedDomains or excludedDomains, not both.');
    if (allowed.length) tool.allowed_domains = allowed;
    if (excluded.length) tool.excluded_domains = excluded;
  } else {
    const handles = strings(raw.handles, 'handles', 20).map((h) => h.replace(/^@/, ''));
    if (handles.length) tool.allowed_x_handles = handles;
    const from = date(raw.fromDate, 'fromDate');
    const to = date(raw.toDate, 'toDate');
    if (from && to && from >= to) throw new SearchInputError('fromDate must be before toDate (toDate is exclusive).');
    if (from) tool.from_date = from;
    if (to) tool.to_date = to;
  }
  return { model, instructions: INSTRUCTIONS, input: [{ role: 'user', content: query }], tools: [tool], store: false };
}

/** The text a calling model reads: the answer, then its sources, numbered. */
export function answerWithSources(text: string, citations: readonly Citation[]): string {
  const answer = text.trim() || '(Grok found no answer.)';
  const sources = uniqueByUrl(citations).filter((c) => /^https?:\/\//i.test(c.url));
  if (sources.length === 0) return `${answer}\n\nSources: none were cited.`;
  const lines = sources.map((c, i) => {
    // xAI titles citations "1", "2", ...: a number says nothing a list position does not.
    const title = c.title && !/^\d+$/.test(c.title.trim()) ? `${c.title.trim()} — ` : '';
    return `[${i + 1}] ${title}${c.url}`;
  });
  return `${answer}\n\nSources:\n${lines.join('\n')}`;
}

/** For the confirmation and progress text. */
export function describeSearch(kind: SearchKind, input: unknown): string {
  const query = typeof (input as { query?: unknown })?.query === 'string' ? (input as { query: string }).query.trim() : '';
  const shown = query.length > 200 ? `${query.slice(0, 199)}…` : query;
  return kind === 'web' ? t('Search the web with Grok for “{0}”', shown) : t('Search X with Grok for “{0}”', shown);
}

function queryOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) throw new SearchInputError('The search input must be an object with a "query" string.');
  const query = (input as { query?: unknown }).query;
  if (typeof query !== 'string' || query.trim() === '') throw new SearchInputError('The search needs a non-empty "query" string.');
  return query.trim();
}

function strings(value: unknown, name: string, max: number): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new SearchInputError(`"${name}" must be a list of strings.`);
  const list = value.map((v: string) => v.trim()).filter(Boolean);
  if (list.length > max) throw new SearchInputError(`"${name}" takes at most ${max} entries.`);
  return list;
}

function date(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new SearchInputError(`"${name}" must be a date written YYYY-MM-DD.`);
  }
  return value;
}

function uniqueByUrl(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(c.url) && seen.add(c.url));
}
