// Runs the example as the README's first command does and checks every verdict it prints.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

test('the example prints the verdict of each scenario and exits cleanly', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [main], { timeout: 30_000 });
  const verdictOf = (name) =>
    stdout
      .split('\n')
      .find((line) => line.startsWith(name))
      ?.slice(34)
      .trim();
  assert.match(verdictOf('valid token'), /^valid +sub=alice/);
  assert.match(verdictOf('same token again (cache hit)'), /^valid +sub=alice/);
  assert.match(verdictOf('expired token'), /^invalid +code=expired/);
  assert.match(verdictOf('claims swapped, signature kept'), /^invalid +code=invalid_signature/);
  assert.match(verdictOf('alg "none"'), /^invalid +code=alg_not_allowed/);
  assert.match(verdictOf('key id the IdP never published'), /^unverified code=unknown_key/);
  assert.match(verdictOf('not a token at all'), /^invalid +code=malformed/);
  assert.match(stdout, /"state":"fresh"/);
  assert.doesNotMatch(stdout, /eyJ/, 'no token is printed');
});
