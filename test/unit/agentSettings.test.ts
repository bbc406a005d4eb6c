// The agent's settings: the defaults the issue promises, a description for each, and one default list of
// sensitive files wherever it is spelled out (package.json, config.ts, the path checker).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SENSITIVE_FILES } from '../../src/agent/paths';

const root = join(__dirname, '..', '..');
const properties = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes.configuration.properties;
const english: Record<string, string> = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
/** The English text of a manifest string: its %key% looked up in package.nls.json. */
const shown = (value: string | undefined) => (value ?? '').replace(/^%(.+)%$/, (_, k: string) => english[k] ?? '');

test('agent settings have the promised defaults and a markdownDescription each', () => {
  const agent = Object.keys(properties).filter((k) => k.startsWith('grok.agent.'));
  assert.deepEqual(agent.sort(), [
    'grok.agent.allowedCommands',
    'grok.agent.askBeforeReading',
    'grok.agent.autoApproveEdits',
    'grok.agent.commandTimeoutSeconds',
    'grok.agent.defaultMode',
    'grok.agent.maxCostUsd',
    'grok.agent.maxSteps',
    'grok.agent.sensitiveFiles',
  ]);
  for (const key of agent) assert.ok(shown(properties[key].markdownDescription).length > 30, key);
  assert.equal(properties['grok.agent.maxSteps'].default, 50);
  assert.equal(properties['grok.agent.maxCostUsd'].default, 1);
  assert.equal(properties['grok.agent.autoApproveEdits'].default, false);
  assert.equal(properties['grok.agent.askBeforeReading'].default, false);
  assert.deepEqual(properties['grok.agent.defaultMode'].enum, ['chat', 'ask', 'agent']);
  assert.deepEqual(properties['grok.agent.allowedCommands'].default, []);
});

test('the default sensitive files are the same list in package.json, config.ts and the path checker', () => {
  assert.deepEqual(DEFAULT_SENSITIVE_FILES, ['.env*', '*.pem', '*.key', 'id_rsa*', '.npmrc', '*.p12']);
  assert.deepEqual(properties['grok.agent.sensitiveFiles'].default, DEFAULT_SENSITIVE_FILES);
  const configTs = readFileSync(join(root, 'src', 'platform', 'config.ts'), 'utf8');
  const literal = /DEFAULT_SENSITIVE_FILES = (\[[^\]]*\])/.exec(configTs)?.[1] ?? '';
  assert.deepEqual(JSON.parse(literal.replace(/'/g, '"')), DEFAULT_SENSITIVE_FILES);
});
