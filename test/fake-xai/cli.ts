// Runs the fake xAI server as its own process, for VS Code integration tests and benchmarks:
//   node --import tsx test/fake-xai/cli.ts --port 0 [--scenario slow-stream] [--invalid-key]
// Prints one JSON line ({"url": ...}) on stdout once listening, so the parent can read the port;
// everything else goes to stderr. The control endpoint is on: see README.md.
import { CONTROL_ROUTES } from './control';
import { SCENARIOS, isScenarioName, type ScenarioName } from './scenarios';
import { startFakeXai, type FakeXaiOptions } from './server';

const USAGE = `usage: node --import tsx test/fake-xai/cli.ts [options]
  --port <n>           port on 127.0.0.1 (default 0: a free one)
  --scenario <name>    ${Object.keys(SCENARIOS).join(' | ')} (default: default)
  --invalid-key        answer every request that has a key like recorded 16 (400 Incorrect API key)
  --invalid-keys <a,b> only these keys are invalid
  --no-control         do not serve /__control
  --list-scenarios     print the scenarios and exit
control endpoint:
  ${CONTROL_ROUTES.join('\n  ')}`;

function parseArgs(argv: string[]): FakeXaiOptions {
  const options: FakeXaiOptions = { control: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) fail(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad port ${argv[i]}`);
        options.port = port;
        break;
      }
      case '--scenario': {
        const name = value();
        if (!isScenarioName(name)) fail(`unknown scenario ${name}`);
        options.scenario = name as ScenarioName;
        break;
      }
      case '--invalid-key':
        options.rejectAllKeys = true;
        break;
      case '--invalid-keys':
        options.invalidKeys = value().split(',').filter(Boolean);
        break;
      case '--no-control':
        options.control = false;
        break;
      case '--list-scenarios':
        for (const [name, s] of Object.entries(SCENARIOS)) process.stdout.write(`${name}: ${s.description}\n`);
        process.exit(0);
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${arg}`);
    }
  }
  return options;
}

function fail(message: string): never {
  process.stderr.write(`fake-xai: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const fake = await startFakeXai(options);
  process.stdout.write(
    `${JSON.stringify({
      url: fake.url,
      port: fake.port,
      control: options.control ? `${fake.origin}/__control` : null,
      scenario: options.scenario ?? 'default',
      pid: process.pid,
    })}\n`,
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A parent that spawned us with an IPC channel and died must not leave the server running.
  process.once('disconnect', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-xai: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
