/**
 * Runs the `errand` CLI in-process for tests, capturing stdout/stderr lines, optionally with extra
 * environment variables set for the duration of the call (and restored afterwards).
 */
export interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const setEnv = (vars: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  setEnv(env);
  try {
    const { main } = await import('../../cli/main.ts');
    return { code: await main(args), out, err };
  } finally {
    [console.log, console.error] = [log, error];
    setEnv(saved);
  }
}
