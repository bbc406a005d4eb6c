// After the window reload (a new extension host): the conversation reload.before.test.ts left open was saved to
// the history store on disk and is restored as the open conversation, stopped answer and all.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { grokExtension, LEFT_OPEN_QUESTION, run } from './support';

describe('chat history after the window reload', () => {
  it('the conversation open before the reload is restored from disk', async () => {
    await grokExtension();
    const target = vscode.Uri.file(path.join(os.tmpdir(), `grok-chat-after-reload-${process.pid}.md`));
    const written = await run<vscode.Uri | undefined>('grok.exportChat', undefined, target);
    assert.ok(written, 'there was no conversation to export: nothing was restored');
    const md = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.match(md, new RegExp(`^# ${LEFT_OPEN_QUESTION}$`, 'm'));
    assert.match(md, /_Stopped\._/);
  });
});
