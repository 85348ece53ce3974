/**
 * `errand coordinator` as a child process, as an operator runs one of several: for the
 * multi-coordinator test and benchmark, which kill one with SIGKILL. Ready once it prints the
 * address it listens on. Not for production: the child's output is kept in memory (its tail).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrandError } from '../../common/errors/index.ts';
import { trackResource } from '../../common/testing/leaks.ts';

const ERRAND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/errand.mjs');
const LISTENING = /coordinator listening on (http:\/\/\S+)/;

export interface CoordinatorProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** The last 16 KiB the process printed (stdout and stderr). */
  output(): string;
  /** SIGKILL (nothing runs after it) or SIGTERM (clean close); resolves once the process is gone. */
  kill(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

export async function spawnCoordinator(env: NodeJS.ProcessEnv, readyTimeoutMs = 120_000): Promise<CoordinatorProcess> {
  const child = spawn(process.execPath, [ERRAND, 'coordinator'], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const untrack = trackResource(`coordinator process ${child.pid}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(untrack);
  let text = '';
  const keep = (d: Buffer): void => void (text = (text + d.toString()).slice(-16_384));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const kill = async (signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not ready in time')), readyTimeoutMs);
      const onData = (): void => {
        const m = LISTENING.exec(text);
        if (m) {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', onData);
      void exited.then(() => reject(new Error(`exited with ${child.exitCode ?? child.signalCode}`)));
    });
    return { child, pid: child.pid!, url, output: () => text, kill };
  } catch (e) {
    await kill();
    throw new ErrandError('COMMON__UNAVAILABLE', `coordinator process did not start: ${(e as Error).message}\n${text.slice(-2000)}`, {
      service: 'coordinator',
      reason: (e as Error).message,
    });
  }
}
