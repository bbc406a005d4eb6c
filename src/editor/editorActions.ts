// What the editor commands run, in one module that editorCommands.ts imports only with import(): the
// bundler puts it, and everything only it needs (streaming into the document, re-indenting, fences,
// prompts), in chunks loaded the first time a command runs, not at start-up (see esbuild.js).
export { acceptEdit, editSelection, proposeEdit, rejectEdit } from './editSelection';
export { explainSelection } from './explainSelection';
export { insertAtCursor, removeInsertedCode } from './insertAtCursor';
