/**
 * Requests an execution from the Errand contract and waits for its result, as any NEAR client
 * would: estimate_cost for the deposit, request_execution through ErrandNearClient (the request id
 * comes from the `execution_requested` event), then the transaction's final value, which is the
 * ExecutionResponse the contract's callback returned once a worker resolved (or the yield timed out).
 *
 *   node bin/run-ts.mjs examples/dapp/request.ts --rpc-url URL --contract errand.id --account alice.id \
 *     --key-file F --repo URL --commit REV --input TEXT
 *
 * Exit 0 when the response says success, 1 when it is an error (printed), 2 for bad arguments.
 * It does not promise the settled view on networks where `final` lags: that line is best effort.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isErrandError } from '../../common/errors/index.ts';
import { sleep, withTimeout } from '../../common/abort.ts';
import { ErrandNearClient, nearProvider, TxSender } from '../../contracts/near/client/index.ts';
import { parseRequestOptions, USAGE, type RequestOptions } from './requestOptions.ts';

const YOCTO_PER_NEAR = 10n ** 24n;

function near(yocto: bigint): string {
  const whole = yocto / YOCTO_PER_NEAR;
  const frac = (yocto % YOCTO_PER_NEAR).toString().padStart(24, '0').slice(0, 6);
  return `${whole}.${frac}`;
}

/** The transaction's final value; the node answers TIMEOUT_ERROR after its own wait, so ask again. */
async function waitForResponse(client: ErrandNearClient, txHash: string, accountId: string, signal: AbortSignal): Promise<unknown> {
  for (;;) {
    try {
      return await client.waitForResult(txHash, accountId, signal);
    } catch (e) {
      if (!isErrandError(e, 'COMMON__TIMEOUT') || signal.aborted) throw e;
    }
  }
}

/** How the request settled (charged, refunded); `final` may lag the result by a few blocks. */
async function settledView(client: ErrandNearClient, requestId: string, signal: AbortSignal): Promise<Record<string, unknown> | null> {
  for (let i = 0; i < 20; i++) {
    const view = await client.getRequestRaw(requestId, signal);
    if (view && view['status'] !== 'pending') return view;
    await sleep(500, signal);
  }
  return null;
}

export async function requestAndWait(o: RequestOptions, out: (line: string) => void, parent?: AbortSignal): Promise<number> {
  const signal = withTimeout(parent, o.timeoutMs);
  const provider = nearProvider(o.rpcUrl);
  const client = new ErrandNearClient(o.contractId, provider, new TxSender({ provider, accountId: o.accountId, secretKey: o.secretKey }));
  // The input's size counts: the contract holds it in state (paid by the requester) until settled.
  const deposit = await client.estimateCost(o.limits, signal, { inputBytes: Buffer.byteLength(o.input) });
  out(`estimate: deposit=${deposit} yoctoNEAR (${near(deposit)} NEAR)`);
  const { txHash, requestId } = await client.requestExecution(
    { source: o.source, input: o.input, limits: o.limits, responseFormat: o.responseFormat },
    deposit,
    signal,
  );
  out(`requested: request_id=${requestId} tx=${txHash}`);
  const response = (await waitForResponse(client, txHash, o.accountId, signal)) as { success?: unknown } | undefined;
  out(`result: ${JSON.stringify(response)}`);
  const view = await settledView(client, requestId, signal);
  if (view)
    out(
      `settled: status=${String(view['status'])} charged=${String(view['charged'])} refunded=${String(view['refunded'])} storage_fee=${String(view['storage_fee'])} payer=${String(view['payer_id'])}`,
    );
  return response?.success === true ? 0 : 1;
}

export async function main(argv: string[], signal?: AbortSignal): Promise<number> {
  try {
    const opts = await parseRequestOptions(argv);
    if (!opts) {
      console.log(USAGE);
      return 0;
    }
    return await requestAndWait(opts, (line) => console.log(line), signal);
  } catch (e) {
    if (!isErrandError(e)) throw e;
    console.error(`request: ${e.message} (${e.code})`);
    return e.code === 'COMMON__INVALID_ARGUMENT' ? 2 : 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  process.exitCode = await main(process.argv.slice(2), ac.signal);
}
