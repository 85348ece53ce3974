/**
 * `errand dev [--chain near|solana|near,solana] [--demo] [--workers N] [--port P] [--sandbox bwrap|docker] [--data-dir D]`: the whole
 * stack in one process on embedded defaults (see cli/dev/startDevStack.ts). DATABASE_URL and
 * REDIS_URL are used when set. With --demo it runs one request end to end and exits 0 when it was
 * resolved with the expected output; otherwise it runs until interrupted, with its address written
 * to <data-dir>/stack.json for `errand request`, `status` and `logs`. Each stack keeps its keys and
 * data in its own data dir (the demo's default is .errand/demo), so two can run at once.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { createLogger } from '../../common/logger.ts';
import { chooseCoordinatorPort } from '../dev/choosePort.ts';
import { readStackFile, removeStackFile, writeStackFile } from '../dev/stackFile.ts';
import { stopOnSignal } from '../dev/stopOnSignal.ts';
import { runDemo } from '../dev/demo.ts';
import { writeDevKey, writeSolanaDevKey } from '../dev/writeDevKey.ts';
import { runSolanaDemo } from '../dev/demoSolana.ts';
import { CHAINS, type ChainId } from '../../common/types/index.ts';
import { Progress } from '../dev/Progress.ts';
import { DEFAULT_DEV_OPTIONS, startDevStack } from '../dev/startDevStack.ts';
import { missingToolLines, probeHost, type ProbeResult } from '../../worker/sandbox/probeHost.ts';

export const usage = `usage: errand dev [--chain near|solana|near,solana] [--demo] [--workers N] [--port P] [--sandbox bwrap|docker] [--data-dir D]
  --chain C     the local chain(s) to run: near (default), solana (LiteSVM with the Errand program
                deployed), or near,solana (both, watched by one coordinator, served by the same workers)
  --demo        run one secret-using request end to end, print each step, exit 0 when it is right
  --workers N   workers to register, stake and start (default 1)
  --port P      the coordinator's port (default ${DEFAULT_DEV_OPTIONS.coordinatorPort}; a free one is picked when that is taken)
  --sandbox S   where builds run: bwrap (default) or docker
  --data-dir D  this stack's keys, master secret, module cache, logs and stack.json
                (default ${DEFAULT_DEV_OPTIONS.dataDir}, or .errand/demo with --demo); one directory per stack
  DATABASE_URL and REDIS_URL are used when set (PGlite and an in-process bus otherwise).
  Logs go to <data-dir>/errand-dev.log, so they never break the progress display.`;
export const summary = 'run the whole stack locally (local NEAR chain and/or local Solana, coordinator, keystore, worker); --demo runs one request';

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
      chain: { type: 'string', default: 'near' },
      demo: { type: 'boolean', default: false },
      workers: { type: 'string' },
      port: { type: 'string' },
      sandbox: { type: 'string', default: 'bwrap' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? (values.demo ? '.errand/demo' : DEFAULT_DEV_OPTIONS.dataDir);
  if (values.sandbox !== 'bwrap' && values.sandbox !== 'docker') {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', '--sandbox must be bwrap or docker', { field: 'sandbox' });
  }
  const chains = parseChains(values.chain);
  const workers = positiveInt('workers', values.workers, 1) || 1;
  const requestedPort = values.port === undefined ? undefined : positiveInt('port', values.port, 0);
  refuseSharedDataDir(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'errand-dev.log');
  // Logs go to a file of the stack's own: log lines in the terminal would break the progress display.
  const log = createLogger({ service: 'dev' }, pino.destination({ dest: logFile, sync: false, mkdir: true }));
  const progress = new Progress();
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  process.stderr.write(`errand dev: starting the stack (logs: ${logFile})\n`);
  const port = await chooseCoordinatorPort(requestedPort, DEFAULT_DEV_OPTIONS.coordinatorPort);
  if (port.note) process.stderr.write(`errand dev: ${port.note}\n`);
  // A real run of bwrap and each toolchain, alongside the start-up; the Docker image carries its own.
  const probing: Promise<ProbeResult[]> = values.sandbox === 'bwrap' ? probeHost() : Promise.resolve([]);
  const reportMissing = async (): Promise<ProbeResult[]> => {
    const results = await probing;
    for (const line of missingToolLines(results)) process.stderr.write(`errand dev: ${line}\n`);
    return results;
  };
  let stack: Awaited<ReturnType<typeof startDevStack>>;
  try {
    stack = await startDevStack({
      dataDir,
      chains,
      databaseUrl: process.env.DATABASE_URL,
      redisUrl: process.env.REDIS_URL,
      sandbox: values.sandbox,
      // Without a working bubblewrap, AssemblyScript still builds (npm compiler in a thread); C and Rust fail naming the package.
      npmCompilers: probing.then((results) => results.some((r) => r.tool === 'bwrap' && !r.ok)),
      workers,
      coordinatorPort: port.port,
      onProgress: (step) => progress.step(step),
      onStep: values.demo ? (step, detail) => say(`  · ${step} ${JSON.stringify(detail)}`) : undefined,
      log,
    });
  } catch (e) {
    progress.finish();
    await reportMissing();
    if (isErrandError(e)) throw e;
    // One coded line, not a stack trace: the full error is in the log file.
    log.error({ err: e }, 'errand dev: start-up failed');
    const message =
      (e as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `port ${port.port} is in use (choose another with --port)`
        : e instanceof Error
          ? e.message
          : String(e);
    throw new ErrandError('COMMON__UNAVAILABLE', `the stack could not start: ${message} (details in ${logFile})`, { service: 'errand dev', reason: message });
  }
  progress.finish();
  const tools = await reportMissing();
  progress.done('errand dev: ready');
  const onNear = chains.includes('near');
  if (onNear) say(`  NEAR RPC (local chain) ${stack.chain.near.rpcUrl}  contract ${stack.chain.contractId}`);
  if (stack.solana) say(`  Solana RPC (local)     ${stack.solana.local.url}  program ${stack.solana.programId}`);
  say(`  coordinator            ${stack.coordinator.url}`);
  say(`  dashboard              ${stack.coordinator.url}/`);
  say(`  keystore (internal)    ${stack.keystore.url}`);
  say(`  workers                ${stack.workerIds.join(', ')}  measurement ${stack.measurement.slice(0, 16)}…`);
  const keyFile = onNear ? writeDevKey(dataDir, stack.chain.userId, stack.chain.near.secretKeyOf(stack.chain.userId)) : undefined;
  if (onNear) say(`  user account           ${stack.chain.userId} (1000 NEAR), key ${keyFile}`);
  const solKey = stack.solana ? writeSolanaDevKey(dataDir, stack.solana.user) : undefined;
  if (stack.solana) say(`  Solana user            ${stack.solana.user.publicKey.toBase58()} (1000 SOL), key ${solKey}`);
  if (!values.demo) say(`  COORDINATOR_ADMIN_TOKEN=${stack.coordinator.adminToken}  (dev only: admin calls such as POST /v1/workers)`);

  if (values.demo) {
    try {
      const outcome = onNear ? await runDemo(stack, dataDir, say, tools) : await runSolanaDemo(stack, dataDir, say, tools);
      return outcome.ok ? 0 : 1;
    } finally {
      await stack.close();
    }
  }
  writeStackFile({
    pid: process.pid,
    coordinatorUrl: stack.coordinator.url,
    adminToken: stack.coordinator.adminToken,
    dataDir,
    ...(keyFile && {
      near: { rpcUrl: stack.chain.near.rpcUrl, contractId: stack.chain.contractId, userId: stack.chain.userId, keyFile: path.resolve(keyFile) },
    }),
    ...(stack.solana &&
      solKey && {
        solana: {
          rpcUrl: stack.solana.local.url,
          wsUrl: stack.solana.local.wsUrl,
          programId: stack.solana.programId,
          user: stack.solana.user.publicKey.toBase58(),
          keypairFile: path.resolve(solKey),
        },
      }),
  });
  const chainFlag = onNear ? '' : ' --chain solana';
  say(`errand dev: running; try \`npx errand request examples/rust-json --input '{"name":"Ada","numbers":[3,1,2]}'${chainFlag} --wait\`; Ctrl-C to stop`);
  await stopOnSignal(
    async () => {
      removeStackFile(dataDir);
      await stack.close();
    },
    STOP_GRACE_MS,
    (line) => void process.stderr.write(`${line}\n`),
  );
  return 0;
}

function parseChains(value: string | undefined): ChainId[] {
  const list = [
    ...new Set(
      (value ?? 'near')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  if (list.length === 0 || list.some((c) => !(CHAINS as readonly string[]).includes(c))) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `--chain must be near, solana or near,solana (got ${JSON.stringify(value)})`, { field: 'chain' });
  }
  return list as ChainId[];
}

/** Stops within this; `npm start` and test harnesses expect an exit within 3 s of SIGTERM. */
const STOP_GRACE_MS = 2_500;

/** Two stacks in one data dir would share keys and a master secret: refuse, and say what to do. */
function refuseSharedDataDir(dataDir: string): void {
  let running: { pid: number } | undefined;
  try {
    running = readStackFile(dataDir);
  } catch {
    return;
  }
  throw new ErrandError('COMMON__INVALID_ARGUMENT', `another errand dev stack (pid ${running.pid}) runs from ${dataDir}: give this one its own --data-dir`, {
    field: 'data-dir',
  });
}
