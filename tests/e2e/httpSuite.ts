/**
 * What every http end-to-end suite (NEAR: http.test.ts, Solana: solanaHttp.test.ts) sets up: a local
 * price API, a dev stack, the c-http program at its head commit and a capability that allows exactly
 * that API. Plain http to loopback is allowed only because the dev stack runs in development mode.
 */
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import type { HttpCapability } from '../../common/types/index.ts';
import { startServer, type LocalServer } from '../executor/helpers/localHttpServer.ts';
import { requireTools } from '../setup/requireTools.ts';
import { headCommit, stepLog, type StepLog } from './helpers.ts';
import { httpProgramRepo } from './httpProgram.ts';

export interface HttpE2e {
  stack: DevStack;
  /** The local API the program calls: it answers every request with {"price":42}. */
  api: LocalServer;
  repo: string;
  commit: string;
  /** Exactly that API, 4 requests, 4096 response bytes. */
  http: HttpCapability;
}

/**
 * Registers the suite's hooks in the calling `describe` (skipped without bwrap and clang-14, 300 s
 * per test, the stack and the API closed after) and returns the set-up, which its `before` hook
 * fills in: read its fields inside the tests, not at describe time.
 */
export function useHttpE2e(suite: Mocha.Suite, startStack: (steps: StepLog) => Promise<DevStack>): HttpE2e {
  const e2e = {} as HttpE2e; // filled by the before hook below
  const steps = stepLog();
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  suite.timeout(300_000);
  before(async () => {
    Object.assign(e2e, await startHttpE2e(() => startStack(steps)));
  });
  after(async () => {
    await e2e.stack?.close();
    await e2e.api?.close();
  });
  return e2e;
}

/** The API, the stack `startStack` starts, the program and the capability; the caller closes stack and api. */
async function startHttpE2e(startStack: () => Promise<DevStack>): Promise<HttpE2e> {
  const api = await startServer((_req, _body, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"price":42}');
  });
  try {
    const repo = httpProgramRepo();
    const commit = headCommit(repo);
    // Last: nothing after it can fail and leave the stack running.
    const stack = await startStack();
    return { stack, api, repo, commit, http: { allow: [`127.0.0.1:${api.port}`], maxRequests: 4, maxResponseBytes: 4096 } };
  } catch (e) {
    await api.close();
    throw e;
  }
}
