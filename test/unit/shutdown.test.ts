import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onShutdown, runShutdownHooks } from '../../src/platform/shutdown';

test('shutdown: deactivate waits for every hook, a failing hook does not stop the others, hooks run once', async () => {
  const done: string[] = [];
  onShutdown(async () => {
    await new Promise((r) => setTimeout(r, 30));
    done.push('slow write');
  });
  onShutdown(() => Promise.reject(new Error('disk full')));
  onShutdown(async () => {
    done.push('fast write');
  });
  await runShutdownHooks();
  assert.deepEqual(done.sort(), ['fast write', 'slow write']);
  await runShutdownHooks();
  assert.equal(done.length, 2, 'a hook ran twice');
});
