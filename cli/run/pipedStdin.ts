/**
 * Standard input, when it is a pipe or a redirected file: `printf abc | errand run X`. A terminal
 * or a socket (test harnesses and process managers spawn with socket stdio and never close it) is
 * never read, so a command without input does not wait for an end of file that never comes.
 */
import { fstatSync, readFileSync } from 'node:fs';

/** The bytes piped into fd 0, or undefined when fd 0 is not a FIFO or a regular file. */
export function readPipedStdin(fd = 0): Uint8Array | undefined {
  let piped: boolean;
  try {
    const stat = fstatSync(fd);
    piped = stat.isFIFO() || stat.isFile();
  } catch {
    return undefined; // fd 0 closed
  }
  if (!piped) return undefined;
  return new Uint8Array(readFileSync(fd));
}
