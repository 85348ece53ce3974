/**
 * ChainReader for Solana over JSON-RPC (a real cluster or the local Solana alike), for the keystore:
 * requests, secrets entries and workers straight from the Errand program's accounts; SOL balances;
 * SPL token holdings (getTokenAccountsByOwner with a mint filter, raw layouts decoded and checked in
 * splToken.ts); NFT ownership (a token account of the mint with amount 1, the mint with 0 decimals).
 * Every read is at `commitment` (default `confirmed`), bounded by solanaRead's timeout, and a
 * failure is a coded CHAIN__* error (the keystore turns that into a denial).
 *
 * Ids in Solana's terms: `contractId` is the program id (base58), `requestId` the program's global
 * request counter (decimal), accounts are base58 public keys, a worker's `accountId` is its
 * authority and its `publicKey` the registered worker_key as `ed25519:<base58>`. The Request
 * account keeps only hashes of the source and input: the source comes from the creating
 * transaction's ExecutionRequested event and must hash to the account's (requestedEvent.ts).
 * On-chain formats this reader defines: a secrets entry's envelope is the keystore envelope's raw
 * bytes, its access condition UTF-8 JSON.
 */
import { Program, utils, type Idl } from '@coral-xyz/anchor';
import { PublicKey, type Commitment, type Connection, type GetProgramAccountsFilter } from '@solana/web3.js';
import { createHash } from 'node:crypto';
import { ErrandError } from '../../../common/errors/index.ts';
import type { ChainReader, ChainRequestView, SecretsKey, StoredSecretsEntry, WorkerView } from '../../../common/ports/index.ts';
import type { AccessCondition } from '../../../common/types/index.ts';
import { requestFrom, secretsFrom, workerFrom } from './anchorShapes.ts';
import { idlFor } from './idl.ts';
import { requestAddress, secretsAddress, workerAddress } from './pdas.ts';
import { findRequestedEvent } from './requestHistory.ts';
import { solanaRead } from './solanaRead.ts';
import { decodeMint, decodeTokenAccount } from './splToken.ts';
import type { RequestView, WorkerView as SolanaWorkerView } from './types.ts';

const REQUEST_SIZE = 508;
const WORKER_SIZE = 163;
const WORKER_KEY_OFFSET = 64;
const encode58 = (bytes: Uint8Array): string => utils.bytes.bs58.encode(Buffer.from(bytes));
const accountDisc = (name: string): Buffer => createHash('sha256').update(`account:${name}`).digest().subarray(0, 8);

function badData(what: string, detail: string): ErrandError {
  return new ErrandError('CHAIN__BAD_CONTRACT_DATA', `${what}: ${detail}`, { what, detail });
}

/** A base58 key, or null when `text` is not one. */
function key(text: string): PublicKey | null {
  try {
    const k = new PublicKey(text);
    return k.toBase58() === text ? k : null;
  } catch {
    return null;
  }
}

function requireKey(text: string, what: string): PublicKey {
  const k = key(text);
  if (!k) throw new ErrandError('COMMON__INVALID_ARGUMENT', `${what} is not a base58 Solana public key`, { field: what });
  return k;
}

/** A registered measurement: the raw bytes as hex, or the text when 64/96 hex characters were registered. */
function measurementText(m: Buffer): string {
  const text = m.toString('latin1');
  return /^(?:[0-9a-f]{64}|[0-9a-f]{96})$/.test(text) ? text : m.toString('hex');
}

export interface SolanaChainReaderOptions {
  commitment?: Commitment;
  timeoutMs?: number;
}

export class SolanaChainReader implements ChainReader {
  readonly chain = 'solana' as const;
  readonly #commitment: Commitment;
  readonly #timeoutMs: number | undefined;
  readonly #programs = new Map<string, Program>();

  constructor(
    readonly connection: Connection,
    options: SolanaChainReaderOptions = {},
  ) {
    this.#commitment = options.commitment ?? 'confirmed';
    this.#timeoutMs = options.timeoutMs;
  }

  #read<T>(method: string, read: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return solanaRead(this.connection, method, read, signal, this.#timeoutMs);
  }

  #program(programId: PublicKey): Program {
    let p = this.#programs.get(programId.toBase58());
    if (!p) {
      p = new Program(idlFor(programId) as Idl, { connection: this.connection });
      this.#programs.set(programId.toBase58(), p);
    }
    return p;
  }

  async #accounts(programId: PublicKey, filters: GetProgramAccountsFilter[], signal?: AbortSignal) {
    return this.#read('getProgramAccounts', () => this.connection.getProgramAccounts(programId, { commitment: this.#commitment, filters }), signal);
  }

  async getRequest(contractId: string, requestId: string, signal?: AbortSignal): Promise<ChainRequestView | null> {
    const programId = requireKey(contractId, 'contractId');
    if (!/^[0-9]{1,20}$/.test(requestId) || BigInt(requestId) >= 2n ** 64n) return null;
    const id = Buffer.alloc(8);
    id.writeBigUInt64LE(BigInt(requestId));
    const found = await this.#accounts(
      programId,
      [{ dataSize: REQUEST_SIZE }, { memcmp: { offset: 0, bytes: encode58(accountDisc('Request')) } }, { memcmp: { offset: 8, bytes: encode58(id) } }],
      signal,
    );
    const mine = found.filter((a) => a.account.owner.equals(programId));
    if (mine.length === 0) return null;
    if (mine.length > 1) throw badData('request', `${mine.length} accounts hold request id ${requestId}`);
    const { pubkey, account } = mine[0];
    const view: RequestView = requestFrom(pubkey, account.lamports, this.#program(programId).coder.accounts.decode('request', account.data));
    if (view.requestId !== BigInt(requestId) || !requestAddress(programId, view.requester, view.nonce).equals(pubkey)) {
      throw badData('request', `account ${pubkey.toBase58()} is not request ${requestId}'s address`);
    }
    const event = await findRequestedEvent(this.connection, programId, view, (m, r) => this.#read(m, r, signal), this.#commitment);
    const requester = view.requester.toBase58();
    return {
      chain: 'solana',
      contractId,
      requestId,
      callbackHandle: pubkey.toBase58(),
      senderId: requester,
      payerId: requester,
      source: event.source,
      input: event.input?.input ?? '',
      ...(event.input?.inputBase64 !== undefined ? { inputBase64: event.input.inputBase64 } : {}),
      ...(view.secretsRef ? { secretsRef: { owner: view.secretsRef.owner.toBase58(), profile: view.secretsRef.profile } } : {}),
      limits: {
        maxInstructions: Number(view.limits.maxInstructions),
        maxMemoryMb: Number(view.limits.maxMemoryMb),
        maxExecutionMs: Number(view.limits.maxExecutionMs),
        maxCompileMs: Number(view.limits.maxCompileMs),
      },
      ...(event.http ? { http: event.http } : {}),
      responseFormat: view.responseFormat,
      deposit: view.deposit.toString(),
      blockHeight: Number(view.slot),
      // The program closes a request when it is resolved or cancelled: an open one is pending.
      status: 'pending',
    };
  }

  async getSecrets(contractId: string, k: SecretsKey, signal?: AbortSignal): Promise<StoredSecretsEntry | null> {
    const programId = requireKey(contractId, 'contractId');
    const owner = key(k.owner);
    if (!owner) return null;
    const address = secretsAddress(programId, owner, k.repo, k.branch, k.profile);
    const info = await this.#read('getAccountInfo', () => this.connection.getAccountInfo(address, this.#commitment), signal);
    if (!info || !info.owner.equals(programId)) return null;
    const s = secretsFrom(address, info.lamports, this.#program(programId).coder.accounts.decode('secrets', info.data));
    if (!s.owner.equals(owner)) throw badData('secrets', `entry ${address.toBase58()} names another owner`);
    let accessCondition: AccessCondition;
    try {
      accessCondition = JSON.parse(Buffer.from(s.accessCondition).toString('utf8')) as AccessCondition; // validated by the keystore before use
    } catch {
      throw badData('secrets', `entry ${address.toBase58()}: the access condition is not JSON`);
    }
    return {
      owner: s.owner.toBase58(),
      repo: s.repo,
      branch: s.branch,
      profile: s.profile,
      encrypted: Buffer.from(s.envelope).toString('base64'),
      accessCondition,
      storageDeposit: s.lamports.toString(),
    };
  }

  async getWorkerByKey(contractId: string, publicKey: string, signal?: AbortSignal, claimedAccount?: string): Promise<WorkerView | null> {
    const programId = requireKey(contractId, 'contractId');
    const workerKey = key(publicKey.startsWith('ed25519:') ? publicKey.slice('ed25519:'.length) : publicKey);
    if (!workerKey) return null;
    const program = this.#program(programId);
    let found: SolanaWorkerView[];
    if (claimedAccount !== undefined) {
      const authority = key(claimedAccount);
      if (!authority) return null;
      const address = workerAddress(programId, authority);
      const info = await this.#read('getAccountInfo', () => this.connection.getAccountInfo(address, this.#commitment), signal);
      found = info && info.owner.equals(programId) ? [workerFrom(address, program.coder.accounts.decode('worker', info.data))] : [];
    } else {
      const list = await this.#accounts(
        programId,
        [
          { dataSize: WORKER_SIZE },
          { memcmp: { offset: 0, bytes: encode58(accountDisc('Worker')) } },
          { memcmp: { offset: WORKER_KEY_OFFSET, bytes: workerKey.toBase58() } },
        ],
        signal,
      );
      found = list.filter((a) => a.account.owner.equals(programId)).map((a) => workerFrom(a.pubkey, program.coder.accounts.decode('worker', a.account.data)));
      if (found.length > 1) throw badData('worker', `${found.length} workers registered key ${workerKey.toBase58()}; name the account`);
    }
    const w = found.find((x) => x.workerKey.equals(workerKey.toBuffer()) && workerAddress(programId, x.authority).equals(x.address));
    if (!w) return null;
    return {
      accountId: w.authority.toBase58(),
      publicKey: `ed25519:${workerKey.toBase58()}`,
      measurement: measurementText(w.measurement),
      // The program records no attestation kind: a Solana worker attests with its ed25519 key.
      attestationKind: 'ed25519',
      stake: w.stake.toString(),
      status: w.status,
    };
  }

  async getBalance(accountId: string, signal?: AbortSignal): Promise<bigint> {
    const account = requireKey(accountId, 'account');
    return BigInt(await this.#read('getBalance', () => this.connection.getBalance(account, this.#commitment), signal));
  }

  /** Token accounts of `mint` owned by `owner`, each re-checked (program, layout, mint, owner). */
  async #holdings(mint: PublicKey, owner: PublicKey, signal?: AbortSignal) {
    const r = await this.#read('getTokenAccountsByOwner', () => this.connection.getTokenAccountsByOwner(owner, { mint }, this.#commitment), signal);
    return r.value
      .map((a) => decodeTokenAccount(a.account.owner, a.account.data))
      .filter((t): t is NonNullable<typeof t> => t !== null && t.mint.equals(mint) && t.owner.equals(owner));
  }

  async getFtBalance(mintText: string, accountId: string, signal?: AbortSignal): Promise<bigint> {
    const mint = requireKey(mintText, 'mint');
    const owner = requireKey(accountId, 'account');
    return (await this.#holdings(mint, owner, signal)).reduce((sum, t) => sum + t.amount, 0n);
  }

  async ownsNft(mintText: string, accountId: string, tokenId: string | undefined, signal?: AbortSignal): Promise<boolean> {
    if (tokenId !== undefined) throw new ErrandError('COMMON__INVALID_ARGUMENT', 'a Solana NFT is a mint: no token id', { field: 'tokenId' });
    const mintKey = requireKey(mintText, 'mint');
    const owner = requireKey(accountId, 'account');
    const info = await this.#read('getAccountInfo', () => this.connection.getAccountInfo(mintKey, this.#commitment), signal);
    const mint = info ? decodeMint(info.owner, info.data) : null;
    if (!mint || mint.decimals !== 0) return false;
    return (await this.#holdings(mintKey, owner, signal)).some((t) => t.amount === 1n);
  }
}
