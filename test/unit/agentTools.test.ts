// Each tool against a temporary workspace: what Grok gets back, what asks for approval, what is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOOLS, toolsForMode } from '../../src/agent/tools/registry';
import { executePrepared, prepareToolCall } from '../../src/agent/tools/dispatch';
import { locateRipgrep, RipgrepSearcher, JsSearcher } from '../../src/agent/textSearch';
import { codeServerAppRoot, tempWorkspace, toolContext, type TestContext } from './agentToolHelpers';

async function call(ctx: TestContext, name: string, args: unknown, mode: 'ask' | 'agent' = 'agent') {
  const raw = typeof args === 'string' ? args : JSON.stringify(args);
  const d = await prepareToolCall(name, raw, toolsForMode(mode), ALL_TOOLS, ctx);
  if (!d.ok) return { approval: undefined, result: d.result, prepared: undefined };
  const result = await executePrepared(name, d.prepared, new AbortController().signal, ctx);
  return { approval: d.prepared.approval, result, prepared: d.prepared };
}

const BIG = Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

function ws() {
  return tempWorkspace({
    'README.md': '# Demo\nHello world\n',
    'src/a.ts': 'export const a = 1;\nexport const b = 2;\n',
    'src/big.txt': BIG,
    'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    '.env': 'API_TOKEN=hello world secret\n',
    '.gitignore': 'dist/\n*.log\n!keep.log\n',
    'dist/out.js': 'hello world from dist\n',
    'debug.log': 'hello world log\n',
    'keep.log': 'hello world kept\n',
    'excluded/x.txt': 'hello world excluded\n',
    'sub/.gitignore': 'local.txt\n',
    'sub/local.txt': 'hello world local\n',
    'sub/other.txt': 'hello world other\n',
  });
}

test('read_file: whole file, a range, and a large file cut with a note saying where to read on', async () => {
  const ctx = toolContext(ws());
  const whole = await call(ctx, 'read_file', { path: 'src/a.ts' });
  assert.equal(whole.approval, undefined, 'reading inside the workspace does not ask');
  assert.equal(whole.result.output, 'src/a.ts (2 lines):\nexport const a = 1;\nexport const b = 2;');
  const range = await call(ctx, 'read_file', { path: 'src/big.txt', startLine: 10, endLine: 12 });
  assert.equal(range.result.output, 'src/big.txt (lines 10-12 of 3000):\nline 10\nline 11\nline 12');
  const big = await call(ctx, 'read_file', { path: 'src/big.txt' });
  assert.match(big.result.output, /^src\/big.txt \(lines 1-2000 of 3000\):\nline 1\n/);
  assert.match(big.result.output, /\[Truncated at line 2000 of 3000\. Call read_file with startLine 2001 to read on\.\]$/);
  const small = toolContext(ctx.root, { maxResultChars: 100 });
  const capped = await call(small, 'read_file', { path: 'src/big.txt' });
  assert.match(capped.result.output, /Truncated at line 1[0-9] of 3000/);
});

test('read_file: binary, missing, folder and outside paths give messages, not crashes', async () => {
  const ctx = toolContext(ws());
  assert.match((await call(ctx, 'read_file', { path: 'img.png' })).result.output, /binary file \(8 bytes\)/);
  assert.match((await call(ctx, 'read_file', { path: 'nope.ts' })).result.output, /does not exist/);
  assert.match((await call(ctx, 'read_file', { path: 'src' })).result.output, /is a folder/);
  const outside = await call(ctx, 'read_file', { path: '../../etc/passwd' });
  assert.equal(outside.result.ok, false);
  assert.match(outside.result.output, /outside the workspace/);
});

test('read_file: a sensitive file needs approval; askBeforeReading makes every read ask', async () => {
  const ctx = toolContext(ws());
  const env = await call(ctx, 'read_file', { path: '.env' });
  assert.equal(env.approval?.kind, 'sensitiveRead');
  const asking = toolContext(ctx.root, { askBeforeReading: true });
  assert.equal((await call(asking, 'read_file', { path: 'README.md' })).approval?.kind, 'read');
});

test('list_files honours .gitignore (nested, negated) and files.exclude, and filters by glob', async () => {
  const ctx = toolContext(ws());
  const all = (await call(ctx, 'list_files', {})).result.output.split('\n').slice(1);
  assert.deepEqual(all, ['.env', '.gitignore', 'README.md', 'img.png', 'keep.log', 'src/a.ts', 'src/big.txt', 'sub/.gitignore', 'sub/other.txt']);
  const ts = await call(ctx, 'list_files', { glob: 'src/*.ts' });
  assert.equal(ts.result.output, '1 file:\nsrc/a.ts');
  const limited = await call(ctx, 'list_files', { maxResults: 2 });
  assert.match(limited.result.output, /Only the first 2 files are listed/);
});

async function searchCase(searcherName: string, make: () => JsSearcher | RipgrepSearcher) {
  const ctx = toolContext(ws(), {}, { searcher: make() });
  const r = await call(ctx, 'search_text', { query: 'hello world' });
  assert.equal(r.result.output, '3 matches:\nREADME.md:2: Hello world\nkeep.log:1: hello world kept\nsub/other.txt:1: hello world other', searcherName);
  const literal = await call(ctx, 'search_text', { query: 'a = 1;', caseSensitive: true });
  assert.equal(literal.result.output, '1 matches:\nsrc/a.ts:1: export const a = 1;');
  const regex = await call(ctx, 'search_text', { query: 'const [ab] =', isRegex: true, glob: 'src/**' });
  assert.equal(regex.result.output, '2 matches:\nsrc/a.ts:1: export const a = 1;\nsrc/a.ts:2: export const b = 2;');
  const none = await call(ctx, 'search_text', { query: 'API_TOKEN' });
  assert.equal(none.result.output, 'No matches for "API_TOKEN".', 'sensitive files are not searched');
  const many = await call(ctx, 'search_text', { query: 'line', glob: '**/big.txt', maxResults: 5 });
  assert.match(many.result.output, /^5 matches:[\s\S]*Only the first 5 matches are shown/);
  const bad = await call(ctx, 'search_text', { query: '(unclosed', isRegex: true });
  assert.equal(bad.result.ok, false);
}

test('search_text (JS scan): paths and line numbers; ignored, excluded and sensitive files skipped', () => searchCase('js', () => new JsSearcher()));

test('search_text (VS Code ripgrep) gives the same answers as the JS scan where ripgrep is found', async () => {
  const rg = await locateRipgrep(codeServerAppRoot());
  if (rg) await searchCase('ripgrep', () => new RipgrepSearcher(rg));
  else assert.equal(await locateRipgrep('/nonexistent'), undefined, 'without code-server the locator reports none and the JS scan is used');
});

test('get_diagnostics lists problems for a file or all', async () => {
  const root = ws();
  const diagnostics = [
    { path: join(root, 'src/a.ts'), line: 1, column: 14, severity: 'error' as const, message: "Cannot find name 'x'.", source: 'ts' },
    { path: join(root, 'README.md'), line: 2, column: 1, severity: 'warning' as const, message: 'Heading' },
  ];
  const ctx = toolContext(root, {}, { diagnostics });
  assert.equal((await call(ctx, 'get_diagnostics', { path: 'src/a.ts' })).result.output, "1 problem:\nsrc/a.ts:1:14 error: Cannot find name 'x'. (ts)");
  assert.match((await call(ctx, 'get_diagnostics', {})).result.output, /^2 problems:/);
  assert.equal((await call(toolContext(root), 'get_diagnostics', {})).result.output, 'No problems reported in the workspace.');
});

test('edit_file asks by default, applies exactly, records a checkpoint; revert restores', async () => {
  const ctx = toolContext(ws());
  const r = await call(ctx, 'edit_file', { path: 'src/a.ts', edits: [{ search: 'export const b = 2;', replace: 'export const b = 3;' }] });
  assert.equal(r.approval?.kind, 'edit');
  assert.deepEqual(r.prepared?.change && { before: r.prepared.change.before, after: r.prepared.change.after }, {
    before: 'export const a = 1;\nexport const b = 2;\n',
    after: 'export const a = 1;\nexport const b = 3;\n',
  });
  assert.equal(r.result.output, 'Edited src/a.ts: line 2 changed.');
  assert.equal(readFileSync(join(ctx.root, 'src/a.ts'), 'utf8'), 'export const a = 1;\nexport const b = 3;\n');
  await ctx.store.revert(ctx.taskId);
  assert.equal(readFileSync(join(ctx.root, 'src/a.ts'), 'utf8'), 'export const a = 1;\nexport const b = 2;\n');
  const auto = toolContext(ctx.root, { autoApproveEdits: true });
  assert.equal((await call(auto, 'edit_file', { path: 'src/a.ts', edits: [{ search: 'a = 1', replace: 'a = 0' }] })).approval, undefined);
  assert.equal((await call(auto, 'edit_file', { path: '.env', edits: [{ search: 'hello', replace: 'bye' }] })).approval?.kind, 'edit', 'a sensitive file asks even with auto-approve');
});

test('edit_file: a block that does not match leaves the file byte for byte and says why', async () => {
  const ctx = toolContext(ws());
  const before = readFileSync(join(ctx.root, 'src/a.ts'));
  const r = await call(ctx, 'edit_file', { path: 'src/a.ts', edits: [{ search: 'export const c = 2;', replace: '' }] });
  assert.equal(r.result.ok, false);
  assert.match(r.result.output, /src\/a.ts: The edit was not applied[\s\S]*closest lines[\s\S]*2 \| export const b = 2;/);
  assert.deepEqual(readFileSync(join(ctx.root, 'src/a.ts')), before);
});

test('edit_file: if the file changed between proposal and approval and the block no longer matches, nothing is written', async () => {
  const ctx = toolContext(ws());
  const d = await prepareToolCall('edit_file', JSON.stringify({ path: 'src/a.ts', edits: [{ search: 'b = 2', replace: 'b = 3' }] }), ALL_TOOLS, ALL_TOOLS, ctx);
  assert.ok(d.ok);
  writeFileSync(join(ctx.root, 'src/a.ts'), 'user rewrote it\n');
  const result = await executePrepared('edit_file', d.prepared, new AbortController().signal, ctx);
  assert.equal(result.ok, false);
  assert.match(result.output, /changed since the edit was proposed/);
  assert.equal(readFileSync(join(ctx.root, 'src/a.ts'), 'utf8'), 'user rewrote it\n');
});

test('create_file and delete_file: approvals, existing files, folders made, checkpoint reverts both', async () => {
  const ctx = toolContext(ws());
  const exists = await call(ctx, 'create_file', { path: 'README.md', content: 'x' });
  assert.match(exists.result.output, /already exists/);
  const created = await call(ctx, 'create_file', { path: 'new/dir/n.ts', content: 'n\n' });
  assert.equal(created.approval?.kind, 'edit');
  assert.equal(readFileSync(join(ctx.root, 'new/dir/n.ts'), 'utf8'), 'n\n');
  const deleted = await call(ctx, 'delete_file', { path: 'README.md' });
  assert.equal(deleted.approval?.kind, 'edit');
  assert.equal(existsSync(join(ctx.root, 'README.md')), false);
  assert.match((await call(ctx, 'delete_file', { path: 'src' })).result.output, /is a folder/);
  await ctx.store.revert(ctx.taskId);
  assert.equal(existsSync(join(ctx.root, 'new')), false);
  assert.equal(readFileSync(join(ctx.root, 'README.md'), 'utf8'), '# Demo\nHello world\n');
});

test('malformed JSON, unknown tools, wrong types and tools outside the mode come back as errors', async () => {
  const ctx = toolContext(ws());
  const cases: Array<[string, string, RegExp, ('ask' | 'agent')?]> = [
    ['read_file', '{"path": "src/a.ts"', /not valid JSON/],
    ['read_file', '{"path": 42}', /"path" must be a string, got number 42/],
    ['read_file', '{}', /"path" is required/],
    ['read_file', '[1,2]', /must be an object/],
    ['read_file', '{"path":"a","startLine":1.5}', /must be an integer/],
    ['read_file', '{"path":"a","colour":"red"}', /unknown property "colour"/],
    ['edit_file', '{"path":"src/a.ts","edits":"replace it"}', /"edits" must be an array/],
    ['edit_file', '{"path":"src/a.ts","edits":[{"search":1}]}', /"replace" is required; "search" must be a string, got number 1/],
    ['rm_rf', '{}', /no tool named "rm_rf"[\s\S]*Available tools: read_file/],
    ['edit_file', '{"path":"src/a.ts","edits":[]}', /not available in this mode/, 'ask'],
    ['run_command', '{"command":"echo hi"}', /not available in this mode/, 'ask'],
  ];
  for (const [name, raw, expected, mode] of cases) {
    const r = await call(ctx, name, raw, mode ?? 'agent');
    assert.equal(r.result.ok, false, raw);
    assert.match(r.result.output, expected, raw);
  }
  assert.equal(readFileSync(join(ctx.root, 'src/a.ts'), 'utf8'), 'export const a = 1;\nexport const b = 2;\n');
});

test('a tool that throws is a failed result, logged', async () => {
  const ctx = toolContext(ws());
  ctx.workspace.read = async () => {
    throw new Error('disk on fire');
  };
  const r = await call(ctx, 'read_file', { path: 'src/a.ts' });
  assert.equal(r.result.ok, false);
  assert.match(r.result.output, /disk on fire/);
  assert.ok(ctx.logs.some((l) => l.includes('disk on fire')));
});

test('Ask mode offers only the read-only tools', () => {
  assert.deepEqual(toolsForMode('ask').map((t) => t.name), ['read_file', 'list_files', 'search_text', 'get_diagnostics']);
  assert.deepEqual(toolsForMode('chat'), []);
  assert.equal(toolsForMode('agent').length, 8);
});
