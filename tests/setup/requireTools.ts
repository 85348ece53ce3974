/**
 * Gate for the tests that need bubblewrap or Debian's toolchains. Each tool is probed once per run by
 * a real run (worker/sandbox/probeHost.ts). Where one is missing the suite is visibly pending, with a
 * line naming what to install; under CI (CI=true) it fails instead, since CI installs everything and
 * a missing tool there is a broken machine, not a reason to pass.
 */
import { spawnSync } from 'node:child_process';
import { HOST_TOOLS, probeHost, type HostTool, type ProbeResult } from '../../worker/sandbox/probeHost.ts';

/** The host tools, clang-19 (only the Solana program build needs it) and chromium (the dashboard's browser tests). */
export type TestTool = HostTool | 'clang-19' | 'chromium';

const INSTALL: Record<TestTool, string> = {
  ...Object.fromEntries(Object.entries(HOST_TOOLS).map(([tool, info]) => [tool, info.install])),
  'clang-19': 'apt-get install clang-19 lld-19',
  chromium: 'apt-get install chromium',
} as Record<TestTool, string>;

export type ToolDecision = { action: 'run' } | { action: 'pending' | 'fail'; message: string };

/** What a suite does given the tools found missing: pure, so it is tested directly. */
export function decideTools(missing: readonly TestTool[], ci: boolean): ToolDecision {
  if (missing.length === 0) return { action: 'run' };
  const install = [...new Set(missing.map((t) => INSTALL[t]))].join(' && ');
  const needs = `needs ${missing.join(', ')} (${install})`;
  return ci ? { action: 'fail', message: `missing tool under CI: this suite ${needs}` } : { action: 'pending', message: `pending: ${needs}` };
}

const probes = new Map<TestTool, Promise<boolean>>();

function probe(tool: TestTool): Promise<boolean> {
  let p = probes.get(tool);
  if (!p) {
    p =
      tool === 'clang-19' || tool === 'chromium'
        ? Promise.resolve(spawnSync(tool, ['--version']).status === 0)
        : probeHost([tool]).then(([r]) => (r as ProbeResult).ok);
    probes.set(tool, p);
  }
  return p;
}

/**
 * Call from a `before` hook (`await requireTools(this, ['bwrap', 'clang-14'])`): returns when every
 * tool works; otherwise prints the pending line and skips the suite, or throws under CI.
 */
export async function requireTools(
  ctx: Mocha.Context,
  tools: readonly TestTool[],
  options: { ci?: boolean; works?: (tool: TestTool) => Promise<boolean> } = {},
): Promise<void> {
  const works = options.works ?? probe;
  const found = await Promise.all(tools.map(async (t) => ((await works(t)) ? null : t)));
  const decision = decideTools(
    found.filter((t): t is TestTool => t !== null),
    options.ci ?? Boolean(process.env.CI),
  );
  if (decision.action === 'run') return;
  if (decision.action === 'fail') throw new Error(decision.message);
  console.log(`      ${decision.message}`);
  ctx.skip();
}
