// The activation baseline of npm run bench: nothing to load, nothing to do.
'use strict';

function activate() {}

function deactivate() {}

module.exports = { activate, deactivate };
