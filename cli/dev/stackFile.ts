/**
 * Where a running `errand dev` stack can be reached: written to `<data-dir>/stack.json` (mode
 * 0600) once the stack is ready and removed when it stops, so `errand request`, `status`, `logs`
 * and `secrets` find the stack with no flags. It has a part per local chain the stack runs (NEAR:
 * RPC URL, contract, dev account and key file; Solana: RPC and PubSub URLs, program id, dev user
 * and its keypair file). The admin token and the user's key file belong to a
 * throw-away local chain; nothing here is worth anything elsewhere.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';
import { isSolanaAddress } from '../../keystore/envelope/solanaAddress.ts';

const nearSide = z.strictObject({
  rpcUrl: z.url(),
  contractId: z.string().min(2).max(64),
  userId: z.string().min(2).max(64),
  keyFile: z.string().min(1).max(4096),
});
const solanaSide = z.strictObject({
  rpcUrl: z.url(),
  wsUrl: z.url(),
  programId: z.string().refine(isSolanaAddress, 'not a base58 Solana public key'),
  /** The funded dev requester's public key, and its solana-keygen JSON keypair file. */
  user: z.string().refine(isSolanaAddress, 'not a base58 Solana public key'),
  keypairFile: z.string().min(1).max(4096),
});

const stackFileSchema = z
  .strictObject({
    pid: z.number().int().positive(),
    coordinatorUrl: z.url(),
    adminToken: z.string().min(1).max(512),
    dataDir: z.string().min(1).max(4096),
    /** Each local chain the stack runs; at least one. */
    near: nearSide.optional(),
    solana: solanaSide.optional(),
  })
  .refine((f) => f.near !== undefined || f.solana !== undefined, 'names no chain');
export type StackFile = z.infer<typeof stackFileSchema>;
export type NearStackSide = z.infer<typeof nearSide>;
export type SolanaStackSide = z.infer<typeof solanaSide>;

/** Where `errand dev` keeps its stack by default, and where the other commands look for it. */
export const DEFAULT_DATA_DIR = '.errand/dev';

export const stackFilePath = (dataDir: string): string => path.join(dataDir, 'stack.json');

export function writeStackFile(info: StackFile): string {
  const file = stackFilePath(info.dataDir);
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export function removeStackFile(dataDir: string): void {
  rmSync(stackFilePath(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The stack running from `dataDir`, or a coded error that says how to start one. */
export function readStackFile(dataDir: string): StackFile {
  const file = stackFilePath(dataDir);
  const notRunning = (why: string): ErrandError<'CLI__NO_DEV_STACK'> =>
    new ErrandError(
      'CLI__NO_DEV_STACK',
      `no errand dev stack is running from ${dataDir} (${why}): start one with \`npm start\` (or \`npx errand dev --data-dir ${dataDir}\`), or give --rpc-url, --contract, --account and --key-file for a real network`,
      { dataDir },
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw notRunning(`${file} is missing`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notRunning(`${file} is not JSON`);
  }
  const result = stackFileSchema.safeParse(parsed);
  if (!result.success) throw notRunning(`${file} is not a stack file`);
  if (!alive(result.data.pid)) throw notRunning(`its process ${result.data.pid} has exited`);
  return result.data;
}

/** The running stack's side for `chain`, or a coded error when it runs without that chain. */
export function stackSide(stack: StackFile, chain: 'near'): NearStackSide & Omit<StackFile, 'near' | 'solana'>;
export function stackSide(stack: StackFile, chain: 'solana'): SolanaStackSide & Omit<StackFile, 'near' | 'solana'>;
export function stackSide(stack: StackFile, chain: 'near' | 'solana'): (NearStackSide | SolanaStackSide) & Omit<StackFile, 'near' | 'solana'> {
  const { near, solana, ...common } = stack;
  const side = chain === 'near' ? near : solana;
  if (!side) {
    throw new ErrandError(
      'CLI__NO_DEV_STACK',
      `the errand dev stack of ${stack.dataDir} runs no ${chain === 'near' ? 'NEAR chain' : 'Solana'}: start it with --chain ${chain === 'near' ? 'near or near,solana' : 'solana or near,solana'}, or give the network flags`,
      { dataDir: stack.dataDir },
    );
  }
  return { ...side, ...common };
}
