// The conversation's instructions (grok.chat.instructions and the project rules): composed in a fixed
// order, removable per conversation, sent as `instructions` on the Responses API and in the system
// message on chat completions, and byte for byte the same on every turn until the user changes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeInstructions, instructionChips, instructionSources, SETTING_INSTRUCTIONS } from '../../src/conversation/instructions';
import { addAssistantMessage, addUserMessage, newConversation, readConversation, SYSTEM_PROMPT } from '../../src/conversation/conversation';
import { chatRequest, responsesRequest, type RequestSettings } from '../../src/chat/chatRequest';
import { loadProjectRules } from '../../src/platform/projectRules';
import { tempWorkspace } from './agentToolHelpers';

const RULES = [
  { name: 'AGENTS.md', text: 'Use tabs.' },
  { name: '.grok/rules/style.md', text: 'No semicolons.' },
];

test('the setting comes first, then each rules file; removed ones are left out; chips say what each is', () => {
  const sources = instructionSources('  Answer in British English.  ', RULES);
  assert.equal(
    composeInstructions(sources),
    "The user's instructions:\nAnswer in British English.\n\nProject rules from AGENTS.md:\nUse tabs.\n\nProject rules from .grok/rules/style.md:\nNo semicolons.",
  );
  assert.equal(composeInstructions(sources, [SETTING_INSTRUCTIONS, 'AGENTS.md']), 'Project rules from .grok/rules/style.md:\nNo semicolons.');
  assert.equal(composeInstructions(instructionSources('', [])), '');
  assert.deepEqual(
    instructionChips(sources, ['.grok/rules/style.md']).map((c) => [c.id, c.kind, c.label, c.chars]),
    [
      [SETTING_INSTRUCTIONS, 'instructions', 'Instructions', 26],
      ['AGENTS.md', 'rules', 'Rules: AGENTS.md', 9],
    ],
  );
});

test('the rules are read from the workspace folder: the chip list follows the files', async () => {
  const root = tempWorkspace({ 'AGENTS.md': 'Run npm test before you finish.\n', '.grok/rules/naming.md': 'camelCase files.' });
  const chips = instructionChips(instructionSources('', await loadProjectRules([{ name: 'ws', path: root }])));
  assert.deepEqual(chips.map((c) => c.label), ['Rules: AGENTS.md', 'Rules: .grok/rules/naming.md']);
  assert.equal(chips[0].preview, 'Run npm test before you finish.');
});

const settings = (instructions?: string): RequestSettings => ({
  model: 'grok-test',
  maxOutputTokens: 0,
  store: false,
  options: {},
  effortAllowed: true,
  images: () => undefined,
  ...(instructions === undefined ? {} : { instructions }),
});

test('Responses: the instructions go in `instructions`; the input is unchanged, and the next turn repeats both exactly', () => {
  const conv = newConversation();
  const text = composeInstructions(instructionSources('Be brief.', RULES));
  addUserMessage(conv, 'first');
  const first = responsesRequest(conv, settings(text));
  assert.equal(first.instructions, text);
  assert.deepEqual(first.input[0], { type: 'message', role: 'system', content: SYSTEM_PROMPT });
  const answer = addAssistantMessage(conv, 'grok-test');
  answer.parts = [{ type: 'text', text: 'ok' }];
  answer.status = 'done';
  addUserMessage(conv, 'second');
  const second = responsesRequest(conv, settings(composeInstructions(instructionSources('Be brief.', RULES))));
  assert.equal(second.instructions, first.instructions);
  assert.deepEqual(second.input.slice(0, first.input.length), first.input, 'the earlier input is repeated byte for byte');
  assert.equal(responsesRequest(conv, settings('')).instructions, undefined, 'no instructions: the field is not sent');
});

test('chat completions: the instructions follow the system prompt in the one system message', () => {
  const conv = newConversation();
  addUserMessage(conv, 'hi');
  const with_ = chatRequest(conv, settings('Project rules from AGENTS.md:\nUse tabs.'));
  assert.deepEqual(with_.messages[0], { role: 'system', content: `${SYSTEM_PROMPT}\n\nProject rules from AGENTS.md:\nUse tabs.` });
  assert.deepEqual(chatRequest(conv, settings()).messages[0], { role: 'system', content: SYSTEM_PROMPT });
});

test('the removed chips are saved with the conversation and read back', () => {
  const conv = newConversation();
  conv.removedInstructions = ['AGENTS.md'];
  addUserMessage(conv, 'hi');
  const back = readConversation(JSON.parse(JSON.stringify(conv)));
  assert.deepEqual(back?.conversation.removedInstructions, ['AGENTS.md']);
  const bad = readConversation({ ...JSON.parse(JSON.stringify(conv)), removedInstructions: [1] });
  assert.equal(bad?.conversation.removedInstructions, undefined);
  assert.ok(bad?.dropped.includes('removedInstructions'));
});
