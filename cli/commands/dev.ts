/**
 * `errand dev [--demo] [--workers N] [--port P] [--sandbox bwrap|docker] [--data-dir D]`: the whole
 * stack in one process on embedded defaults (see cli/dev/startDevStack.ts). DATABASE_URL and
 * REDIS_URL are used when set. With --demo it runs one request end to end and exits 0 when it was
 * resolved with the expected output; otherwise it runs until interrupted.
 */
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { createLogger } from '../../common/logger.ts';
import { runDemo } from '../dev/demo.ts';
import { writeDevKey } from '../dev/writeDevKey.ts';
import { Progress } from '../dev/Progress.ts';
import { DEFAULT_DEV_OPTIONS, startDevStack } from '../dev/startDevStack.ts';

export const summary = 'run the whole stack locally (local NEAR chain, coordinator, keystore, worker); --demo runs one request';

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ErrandError('COMMON__INVALID_ARGUMENT', `--${name} must be a whole number`, { field: name });
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      demo: { type: 'boolean', default: false },
      workers: { type: 'string' },
      port: { type: 'string' },
      sandbox: { type: 'string', default: 'bwrap' },
      'data-dir': { type: 'string', default: DEFAULT_DEV_OPTIONS.dataDir },
    },
    strict: true,
  });
  if (values.sandbox !== 'bwrap' && values.sandbox !== 'docker') {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', '--sandbox must be bwrap or docker', { field: 'sandbox' });
  }
  const progress = new Progress();
  const log = createLogger({ service: 'dev' });
  // Logs go to stdout only at warn and above during the demo, so the story stays readable.
  if (values.demo && !process.env.LOG_LEVEL) log.level = 'warn';
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  process.stderr.write('errand dev: starting the stack\n');
  const stack = await startDevStack({
    dataDir: values['data-dir'],
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    sandbox: values.sandbox,
    workers: positiveInt('workers', values.workers, 1) || 1,
    coordinatorPort: positiveInt('port', values.port, DEFAULT_DEV_OPTIONS.coordinatorPort),
    onProgress: (step) => progress.step(step),
    onStep: values.demo ? (step, detail) => say(`  · ${step} ${JSON.stringify(detail)}`) : undefined,
    log,
  });
  progress.done('errand dev: ready');
  say(`  NEAR RPC (local chain) ${stack.chain.near.rpcUrl}  contract ${stack.chain.contractId}`);
  say(`  coordinator            ${stack.coordinator.url}`);
  say(`  keystore (internal)    ${stack.keystore.url}`);
  say(`  workers                ${stack.chain.workerIds.join(', ')}  measurement ${stack.measurement.slice(0, 16)}…`);
  const keyFile = writeDevKey(values['data-dir'], stack.chain.userId, stack.chain.near.secretKeyOf(stack.chain.userId));
  say(`  user account           ${stack.chain.userId} (1000 NEAR), key ${keyFile}`);
  if (!values.demo) say(`  COORDINATOR_ADMIN_TOKEN=${stack.coordinator.adminToken}  (dev only: admin calls such as POST /v1/workers)`);

  if (values.demo) {
    try {
      const outcome = await runDemo(stack, values['data-dir'], say);
      return outcome.ok ? 0 : 1;
    } finally {
      await stack.close();
    }
  }
  say('errand dev: running; Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('errand dev: stopping (work in flight gets a grace period)\n');
  await stack.close();
  return 0;
}
