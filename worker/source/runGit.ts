/**
 * Runs one git command for the source fetcher with a hostile-repository posture: no terminal
 * prompts, no system/global config, no hooks, no credential helpers, no submodules, file protocol
 * allowed only for the top-level URL the caller passed. The process is killed on abort or timeout,
 * its output is capped, and every message it produces is redacted before it leaves this module.
 */
import { spawn } from 'node:child_process';
import { ErrandError } from '../../common/errors/index.ts';
import { redactUrls } from './redactUrl.ts';

export interface GitRunOptions {
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Repository URL (for error context; redacted). */
  repo: string;
  /** Receives stdout as it comes instead of buffering it (the promise then resolves with ''). */
  onStdout?: (chunk: string) => void;
}

const OUTPUT_CAP = 1024 * 1024;

const SAFE_CONFIG = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'credential.helper=',
  '-c',
  'submodule.recurse=false',
  '-c',
  'fetch.recurseSubmodules=false',
  '-c',
  'core.symlinks=true',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'protocol.ext.allow=never',
  '-c',
  'advice.detachedHead=false',
];

export function gitEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '/bin/false',
    SSH_ASKPASS: '/bin/false',
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LC_ALL: 'C',
  };
}

/** Runs `git <args>` and resolves with stdout; rejects with WORKER__SOURCE_FETCH_FAILED COMMON__TIMEOUT/ABORTED, or the ErrandError the caller aborted with. */
export function runGit(args: string[], options: GitRunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
    const signal = AbortSignal.any(signals);
    if (signal.aborted) return reject(abortError(options, signal));
    const child = spawn('git', [...SAFE_CONFIG, ...args], { cwd: options.cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedReason: ErrandError | undefined;
    const kill = (reason: ErrandError): void => {
      killedReason ??= reason;
      child.kill('SIGKILL');
    };
    const onAbort = (): void => kill(abortError(options, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (options.onStdout) options.onStdout(chunk.toString('utf8'));
      else if (stdout.length < OUTPUT_CAP) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < OUTPUT_CAP) stderr += chunk.toString('utf8');
    });
    child.on('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(fetchFailed(options.repo, `git could not start: ${err.message}`));
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      if (killedReason) return reject(killedReason);
      if (code === 0) return resolve(stdout);
      const lastLines = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(fetchFailed(options.repo, `git ${subcommand(args)} exited ${code}: ${lastLines}`));
    });
  });
}

/** The git sub-command in an argument list that may start with --git-dir/--work-tree options. */
function subcommand(args: string[]): string {
  return args.find((a, i) => !a.startsWith('-') && !args[i - 1]?.match(/^--(git-dir|work-tree)$/)) ?? 'git';
}

export function fetchFailed(repo: string, reason: string): ErrandError {
  const safeRepo = redactUrls(repo);
  return new ErrandError('WORKER__SOURCE_FETCH_FAILED', `could not fetch ${safeRepo}: ${redactUrls(reason)}`, {
    repo: safeRepo,
    reason: redactUrls(reason),
  });
}

function abortError(options: GitRunOptions, signal: AbortSignal): ErrandError {
  const reason: unknown = signal.reason;
  // A caller that aborts with a coded error (e.g. size limit exceeded) gets that error back.
  if (reason instanceof ErrandError) return reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError' && !options.signal?.aborted) {
    return new ErrandError('COMMON__TIMEOUT', `fetching ${redactUrls(options.repo)} timed out`, {
      operation: 'git fetch',
      timeoutMs: options.timeoutMs,
    });
  }
  return new ErrandError('COMMON__ABORTED', `fetching ${redactUrls(options.repo)} was aborted`, { operation: 'git fetch' });
}
