/**
 * Turns a failed sandbox run into the coded error a requester sees. Builds run with no network, so
 * a build that tried to download something fails; when its log shows a resolution or connection
 * failure (or cargo's offline refusal) the error says so (WORKER__BUILD_NEEDS_NETWORK) instead of
 * the generic WORKER__BUILD_FAILED. Matching is on well-known messages only, never guessed.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { SandboxResult } from '../sandbox/index.ts';

const NETWORK_PATTERNS = [
  /could not resolve host/i,
  /couldn't resolve host/i,
  /temporary failure in name resolution/i,
  /name or service not known/i,
  /\bENOTFOUND\b/,
  /\bEAI_AGAIN\b/,
  /\bECONNREFUSED\b/,
  /\bENETUNREACH\b/,
  /network is unreachable/i,
  /connection refused/i,
  /failed to connect to/i,
  /failed to (?:download|fetch|update registry)/i,
  /attempting to make an HTTP request, but --offline was specified/i,
  /no matching package named .* found[\s\S]*offline/i,
  /--offline[\s\S]*(?:not available|could not)/i,
];

export function needsNetwork(log: string): boolean {
  return NETWORK_PATTERNS.some((re) => re.test(log));
}

export function buildFailure(result: SandboxResult, ctx: { language: string; target: string; timeoutMs: number }): ErrandError {
  const { language, target } = ctx;
  const logTail = result.logTail.slice(-4096);
  if (result.timedOut) {
    return new ErrandError('WORKER__BUILD_TIMEOUT', `the ${language} build ran past its ${ctx.timeoutMs} ms limit and was killed`, {
      language,
      target,
      timeoutMs: ctx.timeoutMs,
      logTail,
    });
  }
  if (needsNetwork(result.logTail)) {
    return new ErrandError(
      'WORKER__BUILD_NEEDS_NETWORK',
      `the ${language} build tried to reach the network; builds run offline (vendor dependencies into the repository)`,
      { language, target, logTail },
    );
  }
  const how = result.signal ? `was killed by ${result.signal} (CPU, memory or process limit)` : `exited with code ${result.exitCode}`;
  const lastLine = logTail.trim().split('\n').slice(-1)[0] ?? '';
  return new ErrandError('WORKER__BUILD_FAILED', `the ${language} build ${how}: ${lastLine.slice(0, 300)}`, {
    language,
    target,
    exitCode: result.exitCode,
    logTail,
  });
}
