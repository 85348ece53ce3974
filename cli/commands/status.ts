/**
 * `errand status ID [--json]`: where request ID stands, from the chain (status, charge, refund)
 * and the coordinator's ledger (claim, build, execution). Exit 0 when found, 1 when not.
 */
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { readRequestState } from '../request/requestState.ts';
import { stagesOf } from '../request/stages.ts';
import { outcomeJson, printOutcome } from '../request/printOutcome.ts';
import { resolveTarget, TARGET_OPTIONS, TARGET_USAGE } from '../endpoint/resolveTarget.ts';

export const summary = 'show where a request stands: status ID [--json]';
export const usage = `usage: errand status ID [--json] ${TARGET_USAGE}
  ID is the chain's request id (printed by errand request). Without network flags, the running
  errand dev stack of --data-dir (.errand/dev) is asked.`;

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...TARGET_OPTIONS, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new ErrandError('COMMON__INVALID_ARGUMENT', 'expected exactly one request ID', { field: 'id' });
  const target = resolveTarget(v, false);
  try {
    const state = await readRequestState(target, positionals[0]!);
    if (v.json) {
      process.stdout.write(`${JSON.stringify({ ...outcomeJson(state), stages: stagesOf(state) })}\n`);
      return 0;
    }
    for (const stage of stagesOf(state)) process.stdout.write(`  ✓ ${stage.name.padEnd(9)} ${stage.detail}\n`);
    if (state.chain.status === 'pending') {
      process.stdout.write(`request #${state.requestId}: pending${state.ledger ? ` (coordinator: ${state.ledger.status})` : ''}\n`);
      return 0;
    }
    printOutcome(state, { json: false });
    return 0;
  } finally {
    target.close();
  }
}
