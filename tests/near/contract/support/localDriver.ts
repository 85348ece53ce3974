/**
 * Drives the committed errand.wasm on the in-process local NEAR chain (contracts/near/local)
 * through near-api-js accounts, as a real client would: signed transactions over JSON-RPC,
 * receipts in later blocks, balances in yoctoNEAR. Gas price is 0 so every balance change is the
 * contract's own money flow and can be asserted exactly.
 */
import { readFileSync } from 'node:fs';
import { KeyPair, KeyPairSigner } from 'near-api-js';
import { actionCreators } from '@near-js/transactions';
import type { KeyPairString } from '@near-js/crypto';
import { LocalNear, type LocalNearOptions } from '../../../../contracts/near/local/index.ts';
import { WASM_PATH } from './miniHost.ts';

export const CONTRACT = 'errand.test';
export const OWNER = 'owner.test';
export const ALICE = 'alice.test';
export const PAYER = 'payer.test';
export const WORKER = 'worker.test';
export const STRANGER = 'stranger.test';

export interface CallOutcome {
  ok: boolean;
  value: unknown;
  /** The contract's panic message ("ERR_...: ...") or another failure, as text. */
  error: string | null;
  logs: string[];
}

const TGAS = 10n ** 12n;

interface RawOutcome {
  status: { SuccessValue?: string; Failure?: unknown } | string;
  transaction_outcome: { outcome: { logs: string[] } };
  receipts_outcome: { outcome: { logs: string[]; status: unknown } }[];
}

function toOutcome(raw: RawOutcome): CallOutcome {
  const logs = [...raw.transaction_outcome.outcome.logs, ...raw.receipts_outcome.flatMap((r) => r.outcome.logs)];
  const status = typeof raw.status === 'object' ? raw.status : {};
  if (status.Failure !== undefined) {
    const text = JSON.stringify(status.Failure);
    const m = /(ERR_[A-Z_]+: [^"\\]*)/.exec(text);
    return { ok: false, value: undefined, error: m ? m[1]! : text, logs };
  }
  const b64 = status.SuccessValue ?? '';
  const txt = Buffer.from(b64, 'base64').toString('utf8');
  return { ok: true, value: txt === '' ? undefined : JSON.parse(txt), error: null, logs };
}

export class ContractDriver {
  private constructor(readonly near: LocalNear) {}

  static async start(config: Record<string, unknown> = {}, opts: LocalNearOptions = {}): Promise<ContractDriver> {
    const near = await LocalNear.start({ gasPrice: 0n, blockIntervalMs: 5, ...opts });
    const driver = new ContractDriver(near);
    const NEAR = 10n ** 24n;
    near.createAccount(CONTRACT, 100n * NEAR);
    for (const a of [OWNER, ALICE, PAYER, WORKER, STRANGER]) near.createAccount(a, 1000n * NEAR);
    near.deployContract(CONTRACT, readFileSync(WASM_PATH));
    const init = await driver.call(CONTRACT, 'new', { owner_id: OWNER, ...config });
    if (!init.ok) throw new Error(`new failed: ${init.error}`);
    return driver;
  }

  /** Sends a call and waits until all its receipts ran (including a yield's callback). */
  async call(from: string, method: string, args: unknown, deposit = 0n, gas = 300n * TGAS): Promise<CallOutcome> {
    const raw = await this.near.account(from).signAndSendTransaction({
      receiverId: CONTRACT,
      actions: [actionCreators.functionCall(method, new TextEncoder().encode(JSON.stringify(args)), gas, deposit)],
      waitUntil: 'EXECUTED_OPTIMISTIC',
      throwOnFailure: false,
    });
    return toOutcome(raw as unknown as RawOutcome);
  }

  /**
   * Signs several calls from one account with consecutive nonces and submits them together, so
   * they land in the same block (near-api-js would give concurrent calls the same nonce).
   */
  async callTogether(from: string, calls: { method: string; args: unknown; deposit?: bigint }[]): Promise<CallOutcome[]> {
    const account = this.near.account(from);
    const signer = new KeyPairSigner(KeyPair.fromString(this.near.secretKeyOf(from) as KeyPairString));
    const publicKey = await signer.getPublicKey();
    const signed = [];
    for (const [i, c] of calls.entries()) {
      const action = actionCreators.functionCall(c.method, new TextEncoder().encode(JSON.stringify(c.args)), 300n * TGAS, c.deposit ?? 0n);
      const tx = await account.createTransaction(CONTRACT, [action], publicKey);
      tx.nonce += BigInt(i);
      signed.push((await signer.signTransaction(tx))[1]);
    }
    const raws = await Promise.all(signed.map((t) => this.near.provider.sendTransactionUntil(t, 'EXECUTED_OPTIMISTIC')));
    return raws.map((r) => toOutcome(r as unknown as RawOutcome));
  }

  view(method: string, args: unknown = {}): unknown {
    return this.near.view(CONTRACT, method, args);
  }

  balance(account: string): bigint {
    return this.near.viewAccount(account)!.amount;
  }

  storageUsage(account = CONTRACT): bigint {
    return this.near.viewAccount(account)!.storageUsage;
  }

  publicKeyOf(account: string): string {
    return KeyPair.fromString(this.near.secretKeyOf(account) as KeyPairString)
      .getPublicKey()
      .toString();
  }

  /** Resolves once `predicate` holds, checking after each new block (bounded). */
  async until(predicate: () => boolean, maxBlocks = 400): Promise<void> {
    const start = this.near.height;
    while (!predicate()) {
      if (this.near.height - start > maxBlocks) throw new Error(`condition not reached within ${maxBlocks} blocks`);
      this.near.produceBlock();
      await new Promise((r) => setImmediate(r));
    }
  }

  async close(): Promise<void> {
    await this.near.close();
  }
}

/** Runs `body` on a fresh chain with the contract initialised, closing the chain afterwards. */
export async function withChain(config: Record<string, unknown>, body: (d: ContractDriver) => Promise<void>, opts: LocalNearOptions = {}): Promise<void> {
  const d = await ContractDriver.start(config, opts);
  try {
    await body(d);
  } finally {
    await d.close();
  }
}
