/** One request of the e2e bench: request_execution, waited on until the worker's result is in. */
import { parseErrandEvent } from '../../contracts/near/client/events.ts';
import type { ErrandNearClient } from '../../contracts/near/client/index.ts';

/** Gas attached to each request_execution (the contract refunds what is not used). */
const REQUEST_GAS = 150n * 10n ** 12n;

/** Sends one request; resolves with its request id once the chain has its result. */
export async function requestOnce(client: ErrandNearClient, args: Record<string, unknown>, deposit: bigint): Promise<string> {
  // request_execution yields until the worker resolves: EXECUTED_OPTIMISTIC returns with the result.
  const out = await client.call('request_execution', args, deposit, REQUEST_GAS);
  const ev = out.receipts_outcome
    .flatMap((r) => r.outcome.logs)
    .map(parseErrandEvent)
    .find((e) => e?.event === 'execution_requested');
  return String(ev?.data['request_id'] ?? '');
}
