// The editor commands are reachable where a user looks for them: the context menu on a selection, the
// documented keys, the palette and the diff's title bar while a proposal waits, and Esc to stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
/** A string constant exported by a source file: the manifest must use the name the code sets. */
function constant(file: string, name: string): string {
  const value = new RegExp(`export const ${name} = '([^']+)'`).exec(readFileSync(join(root, 'src', 'editor', file), 'utf8'))?.[1];
  assert.ok(value, `${file} exports no ${name}`);
  return value;
}
const RUNNING_CONTEXT = constant('editorRequests.ts', 'RUNNING_CONTEXT');
const SELECTION_CONTEXT = constant('editorRequests.ts', 'SELECTION_CONTEXT');
const HAS_PROPOSAL_CONTEXT = constant('editProposals.ts', 'HAS_PROPOSAL_CONTEXT');
const PROPOSAL_SCHEME = constant('editProposals.ts', 'PROPOSAL_SCHEME');

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const menus: Record<string, MenuItem[]> = manifest.contributes.menus;
const keybindings: Keybinding[] = manifest.contributes.keybindings;

/** The when-clause's terms joined by &&, each trimmed (a parenthesised `a || b` stays one term). */
function terms(when: string | undefined): string[] {
  return (when ?? '').split('&&').map((t) => t.trim()).filter(Boolean);
}

function menuItem(menu: string, command: string): MenuItem {
  const item = menus[menu]?.find((i) => i.command === command);
  assert.ok(item, `${command} is not in the ${menu} menu`);
  return item;
}

function binding(command: string, key?: string): Keybinding {
  const found = keybindings.find((k) => k.command === command && (key === undefined || k.key === key));
  assert.ok(found, `no ${key ?? ''} keybinding for ${command}`);
  return found;
}

test('Explain Selection is in the editor context menu only when there is a selection; Edit Selection also needs a writable editor', () => {
  assert.ok(terms(menuItem('grok.editorContext', 'grok.explainSelection').when).includes('editorHasSelection'));
  assert.ok(terms(menuItem('grok.editorContext', 'grok.addSelectionToChat').when).includes('editorHasSelection'));
  const edit = terms(menuItem('grok.editorContext', 'grok.editSelection').when);
  assert.ok(edit.includes('editorHasSelection') && edit.includes('!editorReadonly'), edit.join(' && '));
  assert.ok(terms(menuItem('grok.editorContext', 'grok.insertAtCursor').when).includes('!editorReadonly'));
});

test('the editor context menu holds one "Grok" submenu, and the submenu the Grok commands', () => {
  const context = manifest.contributes.menus['editor/context'] as { submenu?: string; command?: string }[];
  assert.deepEqual(context.map((i) => i.submenu ?? i.command), ['grok.editorContext']);
  assert.deepEqual(manifest.contributes.submenus, [{ id: 'grok.editorContext', label: 'Grok' }]);
  assert.deepEqual(menus['grok.editorContext'].map((i) => i.command), ['grok.explainSelection', 'grok.addSelectionToChat', 'grok.editSelection', 'grok.insertAtCursor']);
});

test('keys to open the chat and to add the selection to it, with the Cmd variant on macOS', () => {
  assert.deepEqual([binding('grok.openChat').key, binding('grok.openChat').mac], ['ctrl+alt+g c', 'cmd+alt+g c']);
  const add = binding('grok.addSelectionToChat');
  assert.deepEqual([add.key, add.mac], ['ctrl+alt+g a', 'cmd+alt+g a']);
  assert.ok(terms(add.when).includes('editorHasSelection'));
  // No two bindings share a chord.
  const chords = keybindings.filter((k) => k.key.startsWith('ctrl+alt+g')).map((k) => `${k.key}|${k.when ?? ''}`);
  assert.equal(new Set(keybindings.filter((k) => k.key.startsWith('ctrl+alt+g')).map((k) => k.key)).size, chords.length);
});

test("the chat view's … menu has Test Connection, Show Log, Set and Clear API Key; New Chat and History are title-bar buttons, Stop is not", () => {
  const view = menus['view/title'].filter((i) => (i.when ?? '').includes('view == grok.chat'));
  const inMenu = view.filter((i) => !(i.group ?? '').startsWith('navigation')).map((i) => i.command);
  for (const c of ['grok.testConnection', 'grok.showLog', 'grok.setApiKey', 'grok.clearApiKey']) assert.ok(inMenu.includes(c), c);
  const buttons = view.filter((i) => (i.group ?? '').startsWith('navigation')).map((i) => i.command);
  assert.deepEqual(buttons, ['grok.newChat', 'grok.chatHistory']);
});

test('explain, insert, edit, accept and reject have the keys the README documents, with the Cmd variant on macOS', () => {
  const keys: Record<string, string> = {
    'grok.explainSelection': 'x',
    'grok.insertAtCursor': 'i',
    'grok.editSelection': 'e',
    'grok.acceptEdit': 'y',
    'grok.rejectEdit': 'n',
  };
  for (const [command, last] of Object.entries(keys)) {
    const k = binding(command);
    assert.equal(k.key, `ctrl+alt+g ${last}`, command);
    assert.equal(k.mac, `cmd+alt+g ${last}`, command);
  }
  for (const command of ['grok.explainSelection', 'grok.insertAtCursor', 'grok.editSelection']) {
    assert.ok(terms(binding(command).when).includes('editorTextFocus'), `${command} fires outside the editor`);
  }
  for (const command of ['grok.insertAtCursor', 'grok.editSelection']) assert.ok(terms(binding(command).when).includes('!editorReadonly'), command);
  // Accept and Reject work from the diff too, where the editor's text focus is the proposal's.
  for (const command of ['grok.acceptEdit', 'grok.rejectEdit']) assert.deepEqual(terms(binding(command).when), [HAS_PROPOSAL_CONTEXT], command);
  // No two bindings share a key and a when-clause.
  const seen = new Set<string>();
  for (const k of keybindings) {
    const id = `${k.key} | ${k.when ?? ''}`;
    assert.ok(!seen.has(id), `two commands bound to ${id}`);
    seen.add(id);
  }
});

test('Accept and Reject are in the palette while a proposal waits, and in the title bar of the proposal diff', () => {
  for (const command of ['grok.acceptEdit', 'grok.rejectEdit', 'grok.showEditDiff']) {
    assert.equal(menuItem('commandPalette', command).when, HAS_PROPOSAL_CONTEXT, command);
  }
  const accept = menuItem('editor/title', 'grok.acceptEdit');
  const reject = menuItem('editor/title', 'grok.rejectEdit');
  for (const item of [accept, reject]) {
    assert.equal(item.when, `resourceScheme == ${PROPOSAL_SCHEME}`, item.command);
    // "navigation" puts them as icons in the title bar, not in its "…" menu; Accept first.
    assert.match(item.group ?? '', /^navigation@\d+$/, item.command);
  }
  assert.ok(Number(accept.group?.split('@')[1]) < Number(reject.group?.split('@')[1]), 'Reject comes before Accept');
  for (const command of ['grok.acceptEdit', 'grok.rejectEdit']) {
    const icon = manifest.contributes.commands.find((c: { command: string }) => c.command === command)?.icon;
    assert.ok(icon, `${command} has no icon for the title bar`);
  }
});

test('Esc stops an editor request from the editor, but leaves Esc to the suggest, find, rename, snippet, hint and inline-suggestion widgets', () => {
  const esc = binding('grok.stopEditorRequest', 'escape');
  const when = terms(esc.when);
  assert.ok(when.includes(RUNNING_CONTEXT), 'Esc stops even when nothing runs');
  assert.ok(when.includes('editorTextFocus'), 'Esc stops from outside the editor');
  for (const widget of ['suggestWidgetVisible', 'findWidgetVisible', 'inSnippetMode', 'parameterHintsVisible', 'renameInputVisible', 'inlineSuggestionVisible']) {
    assert.ok(when.includes(`!${widget}`), `Esc would be taken from ${widget}`);
  }
  // Several cursors: Esc goes back to one first (VS Code's own Esc), as always.
  assert.ok(when.includes('!editorHasMultipleSelections'));
  // A selection the user made meanwhile is cleared by Esc first; the selection the request was started
  // with (Edit Selection's) does not hold Esc back.
  assert.ok(esc.when?.includes(`(!editorHasSelection || ${SELECTION_CONTEXT})`), esc.when);
  assert.equal(menuItem('commandPalette', 'grok.stopEditorRequest').when, RUNNING_CONTEXT);
  assert.ok((menuItem('commandPalette', 'grok.stop').when ?? '').includes(RUNNING_CONTEXT), 'Grok: Stop Generating is hidden while an editor request runs');
});
