// Strict POSIX quoting: whatever the word, a real /bin/sh (dash) and bash receive it verbatim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { shellJoin, shellQuote, shellQuotePath, UnquotableError } from '../../../client/profile/core/shellQuote';
import { splitCommandLine } from '../../../client/profile/core/commandLine';

/** Runs `printf '%s\0' WORDS` in a real shell and returns the words it saw. */
function throughShell(shell: string, words: string[]): string[] {
  const out = execFileSync(shell, ['-c', `printf '%s\\0' ${shellJoin(words)}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const hostile = ['a b', "it's", '"dq"', '$(id)', '`id`', 'x; rm -rf /', 'two\nlines', '$HOME', '*', '', '\\', '~', '-n', "'", "''", '!', '#c', '&&', '|', '>f', '<f', '\t', ' lead', 'trail ', 'ünï€ode', '${IFS}', 'a\\nb'];

test('hostile words survive dash and bash verbatim', () => {
  for (const sh of ['/bin/sh', '/bin/bash']) assert.deepEqual(throughShell(sh, hostile), hostile, sh);
});

test('random words (any character but NUL) survive /bin/sh verbatim', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 6 }), (words) => {
      assert.deepEqual(throughShell('/bin/sh', words), words);
    }),
    { numRuns: 150 },
  );
});

test('plain words stay readable; NUL is refused', () => {
  assert.equal(shellQuote('/opt/nvidia/deepstream/bin/deepstream-app'), '/opt/nvidia/deepstream/bin/deepstream-app');
  assert.equal(shellQuote('--trace=cuda,nvtx'), '--trace=cuda,nvtx');
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote(''), "''");
  assert.throws(() => shellQuote('a\0b'), UnquotableError);
});

test('~/ paths expand to the remote home, the rest stays literal', () => {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuotePath('~/dir $(x)/f')}`], { encoding: 'utf8', env: { ...process.env, HOME: '/home/u' } });
  assert.equal(out, '/home/u/dir $(x)/f');
});

test('splitCommandLine reads what the user typed like a shell, expanding nothing', () => {
  assert.deepEqual(splitCommandLine(`deepstream-app -c "/opt/my configs/app.txt"`), ['deepstream-app', '-c', '/opt/my configs/app.txt']);
  assert.deepEqual(splitCommandLine(`python3 app.py 'a b' "x\\"y" \\$HOME $(id) ''`), ['python3', 'app.py', 'a b', 'x"y', '$HOME', '$(id)', '']);
  assert.throws(() => splitCommandLine(`echo 'open`), /unclosed ' at column 6/);
  // Round trip: split(join(words)) == words.
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 10 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 6 }), (words) => {
      assert.deepEqual(splitCommandLine(shellJoin(words)), words);
    }),
    { numRuns: 200 },
  );
});
