/**
 * Where a running `errand dev` stack can be reached: written to `<data-dir>/stack.json` (mode
 * 0600) once the stack is ready and removed when it stops, so `errand request`, `status` and
 * `logs` find the stack with no flags. The admin token and the user's key file belong to a
 * throw-away local chain; nothing here is worth anything elsewhere.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';

const stackFileSchema = z.strictObject({
  chain: z.literal('near'),
  pid: z.number().int().positive(),
  rpcUrl: z.url(),
  contractId: z.string().min(2).max(64),
  coordinatorUrl: z.url(),
  adminToken: z.string().min(1).max(512),
  userId: z.string().min(2).max(64),
  keyFile: z.string().min(1).max(4096),
  dataDir: z.string().min(1).max(4096),
});
export type StackFile = z.infer<typeof stackFileSchema>;

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
    new ErrandError('CLI__NO_DEV_STACK', `no errand dev stack is running from ${dataDir} (${why}): start one with \`npm start\` (or \`npx errand dev --data-dir ${dataDir}\`), or give --rpc-url, --contract, --account and --key-file for a real network`, { dataDir });
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
