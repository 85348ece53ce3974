/**
 * The program the dev demo runs: the C example that signs its input with a secret HMAC key, or,
 * where clang + wasi-libc are not installed, the AssemblyScript example (which needs only Node),
 * saying why. Either is committed to a fresh local git repository, as a user's would be.
 */
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface DemoProgram {
  name: string;
  /** Why this program was chosen (shown to the user). */
  reason: string;
  repoUrl: string;
  usesSecret: boolean;
  expectedOutput(input: string, secret: string): string;
}

function hasCToolchain(): boolean {
  return existsSync('/usr/bin/clang-14') && existsSync('/usr/lib/wasm32-wasi/libc.a');
}

function commitRepo(exampleDir: string, workDir: string): string {
  // file:// URLs need an absolute path; the data dir is usually given relative (.errand/dev).
  const dir = mkdtempSync(path.join(path.resolve(workDir), 'demo-repo-'));
  cpSync(path.join(repoRoot, 'examples', exampleDir), dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=errand-demo', '-c', 'user.email=demo@errand.local', 'commit', '-qm', `${exampleDir} for the demo`);
  return `file://${dir}`;
}

/** `cToolchain`: whether a real compile with clang-14 worked (when probed); a file check otherwise. */
/** `why`: the reason shown when the AssemblyScript example is chosen for another cause than a missing C toolchain. */
export function prepareDemoProgram(workDir: string, cToolchain: boolean = hasCToolchain(), why?: string): DemoProgram {
  if (cToolchain) {
    return {
      name: 'c-hmac-secret',
      reason: 'clang-14 and wasi-libc are installed: C example that signs the input with a stored secret',
      repoUrl: commitRepo('c-hmac-secret', workDir),
      usesSecret: true,
      expectedOutput: (input, secret) => `${createHmac('sha256', secret).update(input).digest('hex')}\n`,
    };
  }
  return {
    name: 'assemblyscript-hello',
    reason: why ?? 'clang-14 + wasi-libc not found (apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32): AssemblyScript needs only Node',
    repoUrl: commitRepo('assemblyscript-hello', workDir),
    usesSecret: false,
    expectedOutput: (input) => `Hello, ${input}!\n`,
  };
}
