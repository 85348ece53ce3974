/**
 * Typed client of the Errand Solana program over @solana/web3.js and Anchor: Anchor's `Program`
 * (built from the hand-written IDL) encodes every instruction and decodes every account; each
 * call sends one transaction, waits for `confirmed` and returns its signature, compute units and
 * decoded events. Mirrors the NEAR client where Solana allows (amounts in lamports, slots for
 * block heights, PDAs for records). One Keypair signs as payer; workers and owners pass theirs.
 */
import { randomBytes } from 'node:crypto';
import { AnchorProvider, Program, Wallet, type AccountClient, type Idl } from '@coral-xyz/anchor';
import { ComputeBudgetProgram, SystemProgram, type Connection, type Keypair, type PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { ErrandError } from '../../../common/errors/index.ts';
import {
  bn,
  callbackToAnchor,
  httpToAnchor,
  configArgsToAnchor,
  configFrom,
  inputToAnchor,
  limitsToAnchor,
  requestFrom,
  resultToAnchor,
  secretsFrom,
  sourceToAnchor,
  workerFrom,
} from './anchorShapes.ts';
import { eventParser, type DecodedEvent } from './events.ts';
import { ERRAND_PROGRAM_ID, idlFor } from './idl.ts';
import { callbackAuthorityAddress, configAddress, programDataAddress, requestAddress, secretsAddress, workerAddress } from './pdas.ts';
import { estimateCost } from './pricing.ts';
import { readAccount } from './readAccount.ts';
import { SolanaSender, type RecentBlockhash, type SendHow, type Sent } from './SolanaSender.ts';
import {
  RESPONSE_FORMATS,
  type CallbackSpec,
  type HttpCapability,
  type ConfigArgs,
  type ConfigView,
  type ExecutionResult,
  type Input,
  type Limits,
  type RequestView,
  type ResponseFormat,
  type SecretsEntry,
  type SecretsRef,
  type SecretsView,
  type Source,
  type WorkerView,
} from './types.ts';

export interface RequestExecutionArgs {
  source: Source;
  input: Input;
  limits: Limits;
  responseFormat?: ResponseFormat;
  secretsRef?: SecretsRef | null;
  /** Errand invokes this program by CPI when the request is resolved (README: Callback). */
  callback?: CallbackSpec | null;
  /** The hosts the program may call and its HTTP budget (README: The program); none: no network. */
  http?: HttpCapability | null;
  /** Default: estimateCost(limits, http) from the current config. */
  deposit?: bigint;
  /** Default: random. Two requests of one requester need different nonces. */
  nonce?: bigint;
  /** A recent blockhash the caller holds (one read can serve many sends); default: read one. */
  blockhash?: RecentBlockhash;
}

/** How a transaction is sent: a priority fee (compute-unit price, micro-lamports; 0 or unset:
 * none) and the longest the send-and-confirm may take. */
export interface SendOptions {
  priorityFeeMicroLamports?: number;
  timeoutMs?: number;
}

/** `callback`: the request's callback as the caller already read it (null: none), so the resolve
 * does not read the request again. `blockhash` / `readBack`: see SolanaSender's SendHow. */
export interface ResolveOptions extends SendOptions, SendHow {
  callback?: CallbackSpec | null;
}

function priorityFee(o: SendOptions): TransactionInstruction[] {
  const price = o.priorityFeeMicroLamports ?? 0;
  return price > 0 ? [ComputeBudgetProgram.setComputeUnitPrice({ microLamports: price })] : [];
}

export interface RequestSent extends Sent {
  request: PublicKey;
  requestId: bigint;
  event: DecodedEvent;
}

export class ErrandSolanaClient {
  readonly programId: PublicKey;
  readonly idl: Idl;
  readonly program: Program;
  readonly sender: SolanaSender;
  readonly config: PublicKey;
  private readonly programIdBase58: string;
  /** The payer's Worker PDA, derived once (a PDA search was a visible share of every resolve). */
  private ownWorkerAddress: PublicKey | undefined;

  constructor(
    readonly connection: Connection,
    readonly payer: Keypair,
    programId: PublicKey = ERRAND_PROGRAM_ID,
  ) {
    this.programId = programId;
    this.programIdBase58 = programId.toBase58();
    this.idl = idlFor(programId);
    const provider = new AnchorProvider(connection, new Wallet(payer), { commitment: 'confirmed' });
    this.program = new Program(this.idl, provider);
    this.sender = new SolanaSender(connection, this.idl, eventParser(programId, this.program.coder));
    this.config = configAddress(programId);
  }

  /** The same client signing with another key (a worker, a secrets owner). */
  as(signer: Keypair): ErrandSolanaClient {
    return new ErrandSolanaClient(this.connection, signer, this.programId);
  }

  /** Anchor's client for one account type (`config`, `request`, `worker`, `secrets`): fetch, all(). */
  accountClient(name: 'config' | 'request' | 'worker' | 'secrets'): AccountClient {
    return (this.program.account as unknown as Record<string, AccountClient>)[name];
  }

  // ---- reads -------------------------------------------------------------------------------
  async getConfig(): Promise<ConfigView> {
    return configFrom(await this.accountClient('config').fetch(this.config, 'confirmed'));
  }
  async getRequest(address: PublicKey): Promise<RequestView | null> {
    const info = await readAccount(this.connection, address);
    if (!info || info.owner !== this.programIdBase58) return null;
    return requestFrom(address, info.lamports, this.program.coder.accounts.decode('request', info.data));
  }
  async getWorker(authority: PublicKey): Promise<WorkerView | null> {
    const address = workerAddress(this.programId, authority);
    const a = await this.accountClient('worker').fetchNullable(address, 'confirmed');
    return a ? workerFrom(address, a) : null;
  }
  /** Every worker account of the program (one getProgramAccounts call; the dashboard's list). */
  async listWorkers(): Promise<WorkerView[]> {
    const all = (await this.accountClient('worker').all()) as Array<{ publicKey: PublicKey; account: Parameters<typeof workerFrom>[1] }>;
    return all.map((a) => workerFrom(a.publicKey, a.account));
  }
  async getSecrets(owner: PublicKey, repo: string, branch: string | null, profile: string): Promise<SecretsView | null> {
    const address = secretsAddress(this.programId, owner, repo, branch, profile);
    const info = await this.connection.getAccountInfo(address, 'confirmed');
    if (!info || !info.owner.equals(this.programId)) return null;
    return secretsFrom(address, info.lamports, this.program.coder.accounts.decode('secrets', info.data));
  }
  async estimateCost(limits: Limits, http?: HttpCapability | null): Promise<bigint> {
    return estimateCost((await this.getConfig()).pricing, limits, http);
  }

  // ---- configuration -----------------------------------------------------------------------
  /** Signed by the program's upgrade authority (the payer). */
  async initialize(args: ConfigArgs, signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .initialize(configArgsToAnchor(args))
      .accountsPartial({
        authority: this.payer.publicKey,
        config: this.config,
        programData: programDataAddress(this.programId),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }
  async updateConfig(args: ConfigArgs, signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .updateConfig(configArgsToAnchor(args))
      .accountsPartial({ owner: this.payer.publicKey, config: this.config })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }
  async withdrawFees(amount: bigint, receiver: PublicKey, signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .withdrawFees(bn(amount))
      .accountsPartial({ owner: this.payer.publicKey, config: this.config, receiver })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }

  // ---- requests ----------------------------------------------------------------------------
  async requestExecution(a: RequestExecutionArgs, signal?: AbortSignal): Promise<RequestSent> {
    const nonce = a.nonce ?? randomBytes(8).readBigUInt64LE();
    const deposit = a.deposit ?? (await this.estimateCost(a.limits, a.http));
    const request = requestAddress(this.programId, this.payer.publicKey, nonce);
    const ix = await this.program.methods
      .requestExecution(
        bn(nonce),
        bn(deposit),
        sourceToAnchor(a.source),
        inputToAnchor(a.input),
        limitsToAnchor(a.limits),
        RESPONSE_FORMATS.indexOf(a.responseFormat ?? 'text'),
        a.secretsRef ?? null,
        a.http ? httpToAnchor(a.http) : null,
        a.callback ? callbackToAnchor(a.callback) : null,
      )
      .accountsPartial({ requester: this.payer.publicKey, config: this.config, request, systemProgram: SystemProgram.programId })
      .instruction();
    const sent = await this.sender.send(ix, this.payer, [], signal, undefined, { blockhash: a.blockhash });
    const event = sent.events.find((e) => e.name === 'executionRequested');
    if (!event)
      throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', 'request_execution landed without an ExecutionRequested event', {
        what: 'ExecutionRequested',
        detail: sent.signature,
      });
    return { ...sent, request, requestId: BigInt(String(event.data.requestId)), event };
  }

  /** Signed by the payer as the worker's authority. When the request has a callback, passes its
   * accounts (program, callback authority, recorded accounts). `result.skipCallback`: true never
   * invokes it, false always does (a failing callback then fails the resolve), unset (default)
   * simulates first and skips the callback only when the callback program itself failed. */
  async resolveExecution(request: PublicKey, requester: PublicKey, result: ExecutionResult, signal?: AbortSignal, opts: ResolveOptions = {}): Promise<Sent> {
    const callback = result.skipCallback ? null : opts.callback !== undefined ? opts.callback : ((await this.getRequest(request))?.callback ?? null);
    let ix = await this.resolveIx(request, requester, { ...result, skipCallback: result.skipCallback ?? false }, callback);
    if (callback && result.skipCallback === undefined) {
      const sim = await this.sender.simulate(ix, this.payer);
      const calleeFailed = sim.logs.some((l) => l.startsWith(`Program ${callback.programId.toBase58()} failed`));
      if (sim.err && calleeFailed) ix = await this.resolveIx(request, requester, { ...result, skipCallback: true }, null);
    }
    return this.sender.send([...priorityFee(opts), ix], this.payer, [], signal, opts.timeoutMs, { blockhash: opts.blockhash, readBack: opts.readBack });
  }

  private get ownWorker(): PublicKey {
    return (this.ownWorkerAddress ??= workerAddress(this.programId, this.payer.publicKey));
  }

  private resolveIx(request: PublicKey, requester: PublicKey, result: ExecutionResult, callback: CallbackSpec | null): Promise<TransactionInstruction> {
    const remaining = callback
      ? [
          { pubkey: callback.programId, isSigner: false, isWritable: false },
          { pubkey: callbackAuthorityAddress(this.programId), isSigner: false, isWritable: false },
          ...callback.accounts.map((a) => ({ pubkey: a.pubkey, isSigner: false, isWritable: a.writable })),
        ]
      : [];
    return this.program.methods
      .resolveExecution(...resultToAnchor(result))
      .accountsPartial({
        authority: this.payer.publicKey,
        worker: this.ownWorker,
        config: this.config,
        request,
        requester,
      })
      .remainingAccounts(remaining)
      .instruction();
  }

  async cancelStaleExecution(request: PublicKey, requester: PublicKey, signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .cancelStaleExecution()
      .accountsPartial({ caller: this.payer.publicKey, config: this.config, request, requester })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }

  // ---- workers -----------------------------------------------------------------------------
  async registerWorker(workerKey: Uint8Array, measurement: Uint8Array, stake: bigint, signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .registerWorker([...workerKey], Buffer.from(measurement), bn(stake))
      .accountsPartial({
        authority: this.payer.publicKey,
        config: this.config,
        worker: workerAddress(this.programId, this.payer.publicKey),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }
  async unregisterWorker(signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .unregisterWorker()
      .accountsPartial({
        authority: this.payer.publicKey,
        config: this.config,
        worker: workerAddress(this.programId, this.payer.publicKey),
      })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }
  async withdrawStake(signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .withdrawStake()
      .accountsPartial({
        authority: this.payer.publicKey,
        worker: workerAddress(this.programId, this.payer.publicKey),
      })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }

  // ---- secrets -----------------------------------------------------------------------------
  async storeSecrets(e: SecretsEntry, signal?: AbortSignal): Promise<Sent> {
    return this.sender.send(await this.storeSecretsIx(e), this.payer, [], signal);
  }
  /** The store_secrets instruction, signed by the payer as owner (to check its size before sending). */
  storeSecretsIx(e: SecretsEntry): Promise<TransactionInstruction> {
    return this.program.methods
      .storeSecrets(e.repo, e.branch, e.profile, Buffer.from(e.envelope), Buffer.from(e.accessCondition))
      .accountsPartial({
        owner: this.payer.publicKey,
        secrets: secretsAddress(this.programId, this.payer.publicKey, e.repo, e.branch, e.profile),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }
  async deleteSecrets(repo: string, branch: string | null, profile: string, signal?: AbortSignal): Promise<Sent> {
    const ix = await this.program.methods
      .deleteSecrets()
      .accountsPartial({
        owner: this.payer.publicKey,
        secrets: secretsAddress(this.programId, this.payer.publicKey, repo, branch, profile),
      })
      .instruction();
    return this.sender.send(ix, this.payer, [], signal);
  }
}
