/**
 * Waits for SIGINT or SIGTERM, then runs `stop` with a hard deadline: whatever is still running
 * after `graceMs` is abandoned and the process exits, so Ctrl-C (or `kill` of `npm start`, which
 * forwards the signal) always ends the stack within a few seconds. A second signal exits at once.
 */
export async function stopOnSignal(stop: () => Promise<void>, graceMs: number, say: (line: string) => void): Promise<void> {
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const exitCode = signal === 'SIGINT' ? 130 : 143;
  const force = (why: string): void => {
    say(`errand dev: ${why}; exiting now`);
    process.exit(exitCode);
  };
  process.once('SIGINT', () => force('second signal'));
  process.once('SIGTERM', () => force('second signal'));
  const deadline = setTimeout(() => force(`still stopping after ${graceMs} ms`), graceMs);
  say(`errand dev: ${signal}, stopping (work in flight gets up to ${graceMs} ms)`);
  try {
    await stop();
  } finally {
    clearTimeout(deadline);
  }
}
