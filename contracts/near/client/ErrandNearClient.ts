/**
 * Typed client of the Errand NEAR contract (contracts/near/API.md) over any NEAR RPC URL: views
 * through `query call_function`, calls through a TxSender (when given a key). Converts between the
 * contract's snake_case JSON and common/types. Contract failures surface as CHAIN__TX_FAILED with
 * the contract's ERR_* code in `context.kind`; view failures as CHAIN__VIEW_FAILED.
 */
import type { JsonRpcProvider } from '@near-js/providers';
import { actionCreators } from '@near-js/transactions';
import { ErrandError, isErrandError } from '../../../common/errors/index.ts';
import { sleep } from '../../../common/abort.ts';
import type { ChainRequestView, SecretsKey, StoredSecretsEntry, WorkerAttestationKind, WorkerView } from '../../../common/ports/index.ts';
import type {
  AccessCondition,
  ExecutionResponse,
  ExecutionSource,
  HttpCapability,
  ResourceLimits,
  ResponseFormat,
  SecretsRef,
} from '../../../common/types/index.ts';
import { parseErrandEvent } from './events.ts';
import { NEAR_CLIENT_GAS, submitOutputGas } from './gas.ts';
import { returnValue, type FinalOutcome } from './outcomes.ts';
import { nearProvider } from './provider.ts';
import { rpcCall } from './rpcCall.ts';
import { TxSender } from './TxSender.ts';
import { accessConditionToWire } from './accessConditionWire.ts';
import {
  amountFromWire,
  httpToWire,
  inputToWire,
  limitsToWire,
  requestViewFromWire,
  responseToWire,
  secretsFromWire,
  sourceToWire,
  viewRecord,
  workerFromWire,
} from './wire.ts';

const TGAS = 10n ** 12n;

export interface RequestExecutionArgs {
  source: ExecutionSource;
  /** stdin: text, or any bytes (sent as input_base64 unless they are UTF-8). */
  input: string | Uint8Array;
  limits: ResourceLimits;
  secretsRef?: SecretsRef;
  responseFormat?: ResponseFormat;
  payerId?: string;
  /** The hosts the program may call and its HTTP budget (priced by estimate_cost). */
  http?: HttpCapability;
}

export class ErrandNearClient {
  readonly provider: JsonRpcProvider;

  constructor(
    readonly contractId: string,
    providerOrUrl: JsonRpcProvider | string,
    private readonly sender?: TxSender,
  ) {
    this.provider = typeof providerOrUrl === 'string' ? nearProvider(providerOrUrl) : providerOrUrl;
  }

  /** Calls a view method with JSON args; returns its JSON result (undefined when it returned nothing). */
  async view<T = unknown>(method: string, args: Record<string, unknown> = {}, signal?: AbortSignal, contractId = this.contractId): Promise<T> {
    let res: { result: number[] };
    try {
      res = await rpcCall(
        this.provider,
        'query',
        {
          request_type: 'call_function',
          finality: 'final',
          account_id: contractId,
          method_name: method,
          args_base64: Buffer.from(JSON.stringify(args)).toString('base64'),
        },
        signal,
      );
    } catch (e) {
      if (isErrandError(e, 'CHAIN__RPC_ERROR'))
        throw new ErrandError(
          'CHAIN__VIEW_FAILED',
          `${contractId}.${method} failed: ${e.context.message}`,
          { contractId, method, message: e.context.message },
          { cause: e },
        );
      throw e;
    }
    const text = Buffer.from(res.result).toString('utf8');
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /**
   * The deposit `request_execution` accepts for these limits: the fee estimate plus an upper bound
   * of the request's storage. Pass `inputBytes` (the UTF-8 length of the input) when the input is
   * known: the contract reserves storage for it while the request is pending.
   */
  async estimateCost(limits: ResourceLimits, signal?: AbortSignal, opts: { inputBytes?: number; http?: HttpCapability } = {}): Promise<bigint> {
    const args: Record<string, unknown> = { resource_limits: limitsToWire(limits) };
    if (opts.inputBytes !== undefined) args['input_bytes'] = opts.inputBytes;
    if (opts.http) args['http'] = httpToWire(opts.http);
    return amountFromWire(await this.view('estimate_cost', args, signal), 'estimate_cost');
  }

  async getRequest(requestId: string, signal?: AbortSignal): Promise<ChainRequestView | null> {
    const raw = viewRecord(await this.view('get_request', { request_id: Number(requestId) }, signal), 'get_request');
    return raw ? requestViewFromWire(this.contractId, raw) : null;
  }

  /** The raw `get_request` view (resolved_by, charged, refunded... as API.md lists). */
  async getRequestRaw(requestId: string, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
    return viewRecord(await this.view('get_request', { request_id: Number(requestId) }, signal), 'get_request');
  }

  async getSecrets(key: SecretsKey, signal?: AbortSignal): Promise<StoredSecretsEntry | null> {
    const raw = viewRecord(
      await this.view('get_secrets', { owner: key.owner, repo: key.repo, branch: key.branch, profile: key.profile }, signal),
      'get_secrets',
    );
    return raw ? secretsFromWire(raw) : null;
  }

  async getWorker(accountId: string, signal?: AbortSignal): Promise<WorkerView | null> {
    const raw = viewRecord(await this.view('get_worker', { account_id: accountId }, signal), 'get_worker');
    return raw ? workerFromWire(raw) : null;
  }

  async getWorkerByKey(publicKey: string, signal?: AbortSignal): Promise<WorkerView | null> {
    const raw = viewRecord(await this.view('get_worker_by_key', { public_key: publicKey }, signal), 'get_worker_by_key');
    return raw ? workerFromWire(raw) : null;
  }

  private tx(): TxSender {
    if (!this.sender)
      throw new ErrandError('COMMON__INVALID_ARGUMENT', 'this ErrandNearClient has no signing key: pass a TxSender to make calls', { field: 'sender' });
    return this.sender;
  }

  /** Sends a change call; returns the final outcome (throws CHAIN__TX_FAILED on a contract error). */
  call(method: string, args: Record<string, unknown>, deposit = 0n, gas = 100n * TGAS, signal?: AbortSignal): Promise<FinalOutcome & { txHash: string }> {
    return this.tx().send(this.contractId, [actionCreators.functionCall(method, Buffer.from(JSON.stringify(args)), gas, deposit)], signal);
  }

  /**
   * request_execution: waits until the request is recorded (not for its result) and returns its id,
   * read from the `execution_requested` event. Use waitForResult(txHash) for the response.
   */
  async requestExecution(
    a: RequestExecutionArgs,
    deposit: bigint,
    signal?: AbortSignal,
    gas = NEAR_CLIENT_GAS.request_execution,
  ): Promise<{ txHash: string; requestId: string }> {
    const args = {
      source: sourceToWire(a.source),
      ...inputToWire(a.input),
      resource_limits: limitsToWire(a.limits),
      ...(a.secretsRef ? { secrets_ref: a.secretsRef } : {}),
      ...(a.responseFormat ? { response_format: a.responseFormat } : {}),
      ...(a.payerId ? { payer_account_id: a.payerId } : {}),
      ...(a.http ? { http: httpToWire(a.http) } : {}),
    };
    const sent = await this.tx().send(
      this.contractId,
      [actionCreators.functionCall('request_execution', Buffer.from(JSON.stringify(args)), gas, deposit)],
      signal,
      'INCLUDED_FINAL',
    );
    for (let i = 0; i < 600; i++) {
      const proof = await this.outcomeOf('transaction', sent.txHash, signal);
      const receiptId = proof?.receipt_ids[0];
      const receipt = receiptId ? await this.outcomeOf('receipt', receiptId, signal) : null;
      if (receipt) {
        const failure = JSON.stringify(receipt.status).match(/Smart contract panicked: (ERR_[A-Z_]+)[^"\\]*/);
        if (failure) throw new ErrandError('CHAIN__TX_FAILED', failure[0], { txHash: sent.txHash, kind: failure[1] ?? 'panic', message: failure[0] });
        const ev = receipt.logs.map(parseErrandEvent).find((e) => e?.event === 'execution_requested');
        if (!ev)
          throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', 'request_execution logged no execution_requested event', {
            what: 'event',
            detail: receipt.logs.join('\n').slice(0, 200),
          });
        return { txHash: sent.txHash, requestId: String(ev.data['request_id']) };
      }
      await sleep(100, signal);
    }
    throw new ErrandError('COMMON__TIMEOUT', 'request_execution was not executed in time', { operation: 'request_execution', timeoutMs: 60_000 });
  }

  /**
   * Waits for a request_execution transaction's final value: the ExecutionResponse JSON the callback
   * returned. A node answers `tx` with a timeout after its own wait (10 s on nearcore) while the
   * request is still yielded (a compile can take longer), so that answer means "ask again", until
   * `timeoutMs` in all.
   */
  async waitForResult(txHash: string, senderId: string, signal?: AbortSignal, timeoutMs = 180_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      try {
        const out = await rpcCall<FinalOutcome>(
          this.provider,
          'tx',
          { tx_hash: txHash, sender_account_id: senderId, wait_until: 'EXECUTED_OPTIMISTIC' },
          signal,
          Math.max(1, left),
        );
        return returnValue(out);
      } catch (e) {
        // mapNearError marks the node's own timeout with timeoutMs 0; ours (the deadline) ends the wait.
        const nodeWaitEnded = isErrandError(e, 'COMMON__TIMEOUT') && e.context.timeoutMs === 0;
        if (!nodeWaitEnded || Date.now() >= deadline) throw e;
      }
    }
  }

  private async outcomeOf(
    type: 'transaction' | 'receipt',
    id: string,
    signal?: AbortSignal,
  ): Promise<{ logs: string[]; receipt_ids: string[]; status: unknown } | null> {
    const head = await rpcCall<{ header: { hash: string } }>(this.provider, 'block', { finality: 'final' }, signal);
    const params =
      type === 'transaction'
        ? { type, transaction_hash: id, sender_id: this.tx().accountId, light_client_head: head.header.hash }
        : { type, receipt_id: id, receiver_id: this.contractId, light_client_head: head.header.hash };
    try {
      const r = await rpcCall<{ outcome_proof: { outcome: { logs: string[]; receipt_ids: string[]; status: unknown } } }>(
        this.provider,
        'EXPERIMENTAL_light_client_proof',
        params,
        signal,
      );
      return r.outcome_proof.outcome;
    } catch (e) {
      if (isErrandError(e, 'CHAIN__RPC_ERROR') || isErrandError(e, 'CHAIN__UNKNOWN_TRANSACTION')) return null;
      throw e;
    }
  }

  resolveExecution(requestId: string, response: ExecutionResponse, signal?: AbortSignal): Promise<FinalOutcome & { txHash: string }> {
    return this.call('resolve_execution', { request_id: Number(requestId), response: responseToWire(response) }, 0n, NEAR_CLIENT_GAS.resolve_execution, signal);
  }

  submitExecutionOutput(
    requestId: string,
    output: { format: ResponseFormat; value: string },
    deposit: bigint,
    signal?: AbortSignal,
  ): Promise<FinalOutcome & { txHash: string }> {
    return this.call('submit_execution_output', { request_id: Number(requestId), output }, deposit, submitOutputGas(Buffer.byteLength(output.value)), signal);
  }

  async storeSecrets(
    e: { repo: string; branch: string | null; profile: string; encrypted: string; accessCondition: AccessCondition },
    deposit: bigint,
    signal?: AbortSignal,
  ): Promise<{ storageDeposit: string; refunded: string }> {
    const out = await this.call(
      'store_secrets',
      { repo: e.repo, branch: e.branch, profile: e.profile, encrypted: e.encrypted, access_condition: accessConditionToWire(e.accessCondition) },
      deposit,
      NEAR_CLIENT_GAS.store_secrets,
      signal,
    );
    const v = returnValue(out) as { storage_deposit: string; refunded: string };
    return { storageDeposit: v.storage_deposit, refunded: v.refunded };
  }

  async deleteSecrets(k: { repo: string; branch: string | null; profile: string }, signal?: AbortSignal): Promise<{ refunded: string }> {
    return returnValue(
      await this.call('delete_secrets', { repo: k.repo, branch: k.branch, profile: k.profile }, 0n, NEAR_CLIENT_GAS.delete_secrets, signal),
    ) as { refunded: string };
  }

  /** register_worker; `attestationKind` is how the worker will attest to the keystore (the contract's default is ed25519). */
  registerWorker(
    publicKey: string,
    measurement: string,
    stake: bigint,
    attestationKind: WorkerAttestationKind = 'ed25519',
    signal?: AbortSignal,
  ): Promise<FinalOutcome & { txHash: string }> {
    return this.call(
      'register_worker',
      { public_key: publicKey, measurement, attestation_kind: attestationKind },
      stake,
      NEAR_CLIENT_GAS.register_worker,
      signal,
    );
  }
}
