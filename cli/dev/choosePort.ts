/**
 * The coordinator port of `errand dev`: the one asked for, or the default when it is free, or a
 * free port picked by the kernel when the default is taken (so a second stack, or anything else
 * on 8700, does not stop a newcomer). Checked by binding it, not guessed.
 */
import { createServer } from 'node:net';

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

export interface PortChoice {
  port: number;
  /** Said to the user when the default was taken. */
  note?: string;
}

export async function chooseCoordinatorPort(requested: number | undefined, defaultPort: number): Promise<PortChoice> {
  if (requested !== undefined) return { port: requested };
  if (await portIsFree(defaultPort)) return { port: defaultPort };
  return { port: 0, note: `port ${defaultPort} is taken: the coordinator listens on a free port instead (see its URL below; --port P to choose)` };
}
