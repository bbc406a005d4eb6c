// Starts the fake xAI server (test/fake-xai/cli.ts) as a child process and reads the URL it prints.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Resolves to { url, stop() }; the server's stderr goes to logFile. */
export async function startFakeXai(label, args, logFile) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fake-xai/cli.ts', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr.pipe(log);
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const tail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '';
    }
  };
  try {
    const line = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the fake xAI server (${label}) printed no URL within 30 s`)), 30_000);
      createInterface({ input: child.stdout }).once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the fake xAI server (${label}) exited with ${code}`));
      });
    });
    const { url } = JSON.parse(line);
    if (!/^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(url)) throw new Error(`the fake xAI server (${label}) printed an unexpected URL: ${line}`);
    return { url, stop };
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n${tail()}`);
  }
}
