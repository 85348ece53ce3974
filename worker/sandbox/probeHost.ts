/**
 * What this host can build, found by a real run of each tool (never a PATH lookup): bubblewrap
 * creating a sandbox as builds start it (through setpriv to an unprivileged uid when root), clang-14 compiling and linking a tiny C program for wasm32-wasi against
 * Debian's wasi-libc, and Debian's rustc compiling a tiny Rust program for wasm32-wasi. The probes
 * run in parallel; each names the one command that installs what it needs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BUILD_UID_BASE } from './BwrapSandbox.ts';

export type HostTool = 'bwrap' | 'clang-14' | 'rustc';

export interface HostToolInfo {
  /** What the tool is for, as a user reads it. */
  what: string;
  /** The one command that installs it on Debian. */
  install: string;
  /** What fails while it is missing. */
  without: string;
}

export const HOST_TOOLS: Record<HostTool, HostToolInfo> = {
  bwrap: {
    what: 'bubblewrap (the OS sandbox compiles run in)',
    install: 'apt-get install bubblewrap',
    without:
      'C, Rust and JavaScript requests will fail at compile time (in development mode AssemblyScript still compiles, with its npm compiler in a worker thread)',
  },
  'clang-14': {
    what: 'the C toolchain (clang-14, lld-14 and wasi-libc for wasm32-wasi)',
    install: 'apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32',
    without: 'C requests will fail to compile',
  },
  rustc: {
    what: 'the Rust toolchain (Debian rustc with the wasm32-wasi std)',
    install: 'apt-get install rustc libstd-rust-dev-wasm32',
    without: 'Rust requests will fail to compile',
  },
};

export interface ProbeResult {
  tool: HostTool;
  ok: boolean;
  /** Why the probe failed (the tool's own error, shortened); empty when ok. */
  detail: string;
}

const PROBE_TIMEOUT_MS = 60_000;

function runQuietly(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, timeout: PROBE_TIMEOUT_MS }, (err, _stdout, stderr) => {
      if (!err) return resolve('');
      const text = `${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `${file}: not found` : String(stderr).trim() || err.message}`;
      resolve(text.split('\n')[0]!.slice(0, 200) || 'failed');
    });
  });
}

/** Each probe resolves with '' when the tool worked, or why it did not. */
const PROBES: Record<HostTool, (dir: string, env: NodeJS.ProcessEnv) => Promise<string>> = {
  // As builds run it: a root worker drops to an unprivileged uid with setpriv first (BwrapSandbox.ts).
  bwrap: (dir, env) => {
    const bwrap = ['bwrap', '--unshare-all', '--ro-bind', '/', '/', 'true'];
    if (process.getuid?.() !== 0) return runQuietly(bwrap[0]!, bwrap.slice(1), dir, env);
    const uid = String(DEFAULT_BUILD_UID_BASE + process.pid);
    return runQuietly('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--inh-caps=-all', '--', ...bwrap], dir, env);
  },
  'clang-14': async (dir, env) => {
    await writeFile(path.join(dir, 'probe.c'), 'int main(void) { return 0; }\n');
    return runQuietly('clang-14', ['--target=wasm32-wasi', '--sysroot=/usr', '-o', 'probe-c.wasm', 'probe.c'], dir, env);
  },
  rustc: async (dir, env) => {
    await writeFile(path.join(dir, 'probe.rs'), 'fn main() {}\n');
    return runQuietly('/usr/bin/rustc', ['--target', 'wasm32-wasi', '-o', 'probe-rs.wasm', 'probe.rs'], dir, env);
  },
};

/**
 * Probes `tools` in parallel, each by a real run in a scratch directory that is removed after.
 * `env` is the tools' environment (the process's by default; tests hide tools with PATH).
 */
export async function probeHost(
  tools: readonly HostTool[] = Object.keys(HOST_TOOLS) as HostTool[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProbeResult[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'errand-probe-'));
  try {
    return await Promise.all(
      tools.map(async (tool) => {
        let detail: string;
        try {
          detail = await PROBES[tool](dir, env);
        } catch (e) {
          detail = e instanceof Error ? e.message : String(e);
        }
        return { tool, ok: detail === '', detail };
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line per missing tool: what it is, what failed, what will not work, and the command that installs it. */
export function missingToolLines(results: readonly ProbeResult[]): string[] {
  return results
    .filter((r) => !r.ok)
    .map((r) => `missing ${HOST_TOOLS[r.tool].what} (${r.detail}): ${HOST_TOOLS[r.tool].without}; install it with: ${HOST_TOOLS[r.tool].install}`);
}
