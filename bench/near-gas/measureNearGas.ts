/**
 * Gas the Errand contract burns per method on the local NEAR chain, with nearcore's metering
 * (every instruction at wasm_regular_op_cost, host and action fees of the configured protocol).
 * Each method runs with small, typical and worst-case arguments; the worst output of each allowed
 * size is the longest value of each kind: ASCII JSON, all quotes (two bytes each in the call's
 * JSON) and all control characters (six bytes each). The figure is the gas burnt by the receipt
 * that ran the method (for request_execution, also the gas its yield reserves for the callback).
 */
import { readFileSync } from 'node:fs';
import { actionCreators } from '@near-js/transactions';
import type { KeyPairString } from '@near-js/crypto';
import { KeyPair } from 'near-api-js';
import { LocalNear } from '../../contracts/near/local/index.ts';
import { viewFunction } from '../../contracts/near/local/chain/viewFunction.ts';
import { NEAR_CLIENT_GAS, submitOutputGas, type NearGasMethod } from '../../contracts/near/client/gas.ts';

const NEAR = 10n ** 24n;
const CONTRACT = 'errand.test';
const WASM = new URL('../../contracts/near/errand.wasm', import.meta.url);
/** The contract's default max_output_bytes and max_input_bytes. */
export const MAX_OUTPUT_BYTES = 262_144;
const MAX_INPUT_BYTES = 65_536;
const CALLBACK_GAS = 30n * 10n ** 12n;
/** Control characters an inline output can hold: six bytes each once re-encoded, within the 1024-byte payload. */
const INLINE_CONTROL_CHARS = 140;

export interface GasRow {
  method: NearGasMethod;
  case: string;
  gas: bigint;
  /** What the client attaches for this case (for submit_execution_output: by the value's size). */
  attached: bigint;
  ok: boolean;
  error: string | null;
}

interface Raw {
  status: { Failure?: unknown } | string;
  receipts_outcome: { outcome: { executor_id: string; gas_burnt: number } }[];
}

/** The three worst outputs of `bytes` bytes, as submit_execution_output `output` arguments. */
export function worstOutputs(bytes: number): { name: string; output: { format: string; value: string } }[] {
  return [
    { name: 'ascii-json', output: { format: 'json', value: `"${'a'.repeat(bytes - 2)}"` } },
    { name: 'all-quotes', output: { format: 'text', value: '"'.repeat(bytes) } },
    { name: 'all-control', output: { format: 'text', value: '\u0001'.repeat(bytes) } },
  ];
}

export class GasProbe {
  private nextWorker = 0;
  private constructor(readonly near: LocalNear) {}

  static async start(protocolVersion?: number): Promise<GasProbe> {
    const near = await LocalNear.start({ gasPrice: 0n, blockIntervalMs: 5, ...(protocolVersion ? { protocolVersion } : {}) });
    const p = new GasProbe(near);
    near.createAccount(CONTRACT, 1000n * NEAR);
    for (const a of ['owner.test', 'alice.test']) near.createAccount(a, 10_000n * NEAR);
    near.deployContract(CONTRACT, readFileSync(WASM));
    const init = await p.call(CONTRACT, 'new', { owner_id: 'owner.test', min_stake: '1' }, 0n);
    if (!init.ok) throw new Error(`new: ${init.error}`);
    return p;
  }

  /** Gas burnt by the contract's first receipt of the call (its method), and whether it succeeded. */
  async call(
    from: string,
    method: string,
    args: unknown,
    deposit: bigint,
    gas = NEAR_CLIENT_GAS.limit,
  ): Promise<{ gas: bigint; ok: boolean; error: string | null; raw: Raw }> {
    const raw = (await this.near.account(from).signAndSendTransaction({
      receiverId: CONTRACT,
      actions: [actionCreators.functionCall(method, new TextEncoder().encode(JSON.stringify(args)), gas, deposit)],
      waitUntil: 'EXECUTED_OPTIMISTIC',
      throwOnFailure: false,
    })) as unknown as Raw;
    const first = raw.receipts_outcome.find((r) => r.outcome.executor_id === CONTRACT);
    const failure = typeof raw.status === 'object' && raw.status.Failure !== undefined ? JSON.stringify(raw.status.Failure) : null;
    return { gas: BigInt(first?.outcome.gas_burnt ?? 0), ok: failure === null, error: failure?.slice(0, 300) ?? null, raw };
  }

  /** Gas a view burns (the chain's view path, with max_gas_burnt_view). */
  view(method: string, args: unknown): { gas: bigint; ok: boolean; error: string | null } {
    try {
      const out = viewFunction(this.near.chain.state, CONTRACT, method, new TextEncoder().encode(JSON.stringify(args)));
      return { gas: out.burntGas, ok: true, error: null };
    } catch (e) {
      return { gas: 0n, ok: false, error: e instanceof Error ? e.message.slice(0, 300) : String(e) };
    }
  }

  /** Registers a fresh worker account (its own key signs); returns it and the registration's gas. */
  async worker(): Promise<{ id: string; gas: bigint; ok: boolean; error: string | null }> {
    const id = `w${this.nextWorker++}.test`;
    this.near.createAccount(id, 1000n * NEAR);
    const pk = KeyPair.fromString(this.near.secretKeyOf(id) as KeyPairString)
      .getPublicKey()
      .toString();
    const r = await this.call(id, 'register_worker', { public_key: pk, measurement: 'ab'.repeat(32) }, NEAR, NEAR_CLIENT_GAS.register_worker);
    if (!r.ok) throw new Error(`register_worker: ${r.error}`);
    return { id, ...r };
  }

  /**
   * Starts a request (its yield stays open); returns its id once it is stored, and the whole
   * transaction's outcome, which completes when the yield's callback has run.
   */
  async request(input: string, format = 'text'): Promise<{ id: number; done: Promise<{ gas: bigint; ok: boolean; error: string | null; raw: Raw }> }> {
    const id = (this.near.view(CONTRACT, 'get_config', {}) as { next_request_id: number }).next_request_id;
    const done = this.call('alice.test', 'request_execution', requestArgs(input, format), 10n * NEAR, NEAR_CLIENT_GAS.request_execution);
    for (let i = 0; i < 200 && this.near.view(CONTRACT, 'get_request', { request_id: id }) === null; i++) {
      this.near.produceBlock();
      await new Promise((r) => setImmediate(r));
    }
    return { id, done };
  }

  async close(): Promise<void> {
    await this.near.close();
  }
}

/** The yield callback's receipt: the contract's second receipt of a request_execution transaction. */
function callbackOf(r: { ok: boolean; error: string | null; raw: Raw }): { gas: bigint; ok: boolean; error: string | null } {
  const mine = r.raw.receipts_outcome.filter((o) => o.outcome.executor_id === CONTRACT);
  const cb = mine[1];
  return { gas: BigInt(cb?.outcome.gas_burnt ?? 0), ok: r.ok && cb !== undefined, error: cb ? r.error : 'no callback receipt' };
}

/** `input` is text, or `{ base64 }` for the input_base64 argument (bytes that are not UTF-8). */
function requestArgs(input: string | { base64: string }, format: string): Record<string, unknown> {
  return {
    source: { kind: 'git', repo: 'https://example.com/app.git', commit: 'a'.repeat(40), target: 'wasm32-wasip1' },
    ...(typeof input === 'string' ? { input } : { input_base64: input.base64 }),
    resource_limits: { max_instructions: 1_000_000, max_memory_mb: 64, max_execution_ms: 1000, max_compile_ms: 1000 },
    response_format: format,
  };
}

/** Every method and case, measured on a fresh chain of `protocolVersion`. */
export async function measureNearGas(protocolVersion?: number): Promise<GasRow[]> {
  const p = await GasProbe.start(protocolVersion);
  const rows: GasRow[] = [];
  const add = (
    method: NearGasMethod,
    c: string,
    r: { gas: bigint; ok: boolean; error: string | null },
    extra = 0n,
    attached = NEAR_CLIENT_GAS[method],
  ): void => {
    rows.push({ method, case: c, gas: r.gas + extra, attached, ok: r.ok, error: r.error });
  };
  try {
    // register_worker: the 1st, 31st and 101st worker (per-worker records: the cost must not grow).
    for (let i = 1; i <= 101; i++) {
      const { gas, ok, error } = await p.worker();
      if (i === 1 || i === 31 || i === 101) add('register_worker', i === 1 ? 'small' : i === 31 ? 'typical' : 'worst', { gas, ok, error });
    }
    // request_execution: small, typical (1 KiB input), worst (the largest input, ASCII, all control
    // characters, and binary bytes sent as input_base64, which the contract decodes).
    const inputs = [
      ['small', 'x'],
      ['typical', 'x'.repeat(1024)],
      ['worst-ascii', 'x'.repeat(MAX_INPUT_BYTES)],
      ['worst-all-control', '\u0001'.repeat(MAX_INPUT_BYTES)],
      ['worst-base64', { base64: Buffer.alloc(MAX_INPUT_BYTES, 0xff).toString('base64') }],
    ] as const;
    for (const [c, input] of inputs) {
      const r = await p.call('alice.test', 'request_execution', requestArgs(input, 'text'), 10n * NEAR, NEAR_CLIENT_GAS.request_execution);
      add('request_execution', c, r, CALLBACK_GAS);
    }
    const worker = (await p.worker()).id;
    // submit_execution_output and resolve_execution.
    const outputs: [string, { format: string; value: string }][] = [
      ['small', { format: 'text', value: 'ok' }],
      ['typical', { format: 'json', value: JSON.stringify({ result: 'x'.repeat(4000) }) }],
      // The worst output of each kind at a few sizes: the client's gas follows the value's size.
      ...[1024, 65_536].flatMap((bytes) =>
        worstOutputs(bytes).map((o) => [`worst-${o.name}-${bytes}`, o.output] as [string, { format: string; value: string }]),
      ),
      ...worstOutputs(MAX_OUTPUT_BYTES).map((o) => [`worst-${o.name}`, o.output] as [string, { format: string; value: string }]),
    ];
    for (const [c, output] of outputs) {
      const { id, done } = await p.request('in', output.format);
      const attached = submitOutputGas(Buffer.byteLength(output.value));
      const sub = await p.call(worker, 'submit_execution_output', { request_id: id, output }, 10n * NEAR, attached);
      add('submit_execution_output', c, sub, 0n, attached);
      const stored = p.near.view(CONTRACT, 'get_execution_output', { request_id: id }) as { sha256: string; bytes: number } | null;
      const response = stored
        ? {
            success: true,
            output: { format: 'stored', sha256: stored.sha256, bytes: stored.bytes },
            resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 1 },
          }
        : { success: false, error: 'x', resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 1 } };
      add('resolve_execution', c, await p.call(worker, 'resolve_execution', { request_id: id, response }, 0n, NEAR_CLIENT_GAS.resolve_execution));
      add('yield_callback', c, callbackOf(await done));
      add('get_execution_output', c, p.view('get_execution_output', { request_id: id }));
    }
    // Inline outputs in resolve_execution (at most what fits the 1024-byte yield payload).
    const inline = await p.request('in');
    add(
      'resolve_execution',
      'inline-output',
      await p.call(
        worker,
        'resolve_execution',
        {
          request_id: inline.id,
          response: {
            success: true,
            output: { format: 'text', value: '\u0001'.repeat(INLINE_CONTROL_CHARS) },
            resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 1 },
          },
        },
        0n,
        NEAR_CLIENT_GAS.resolve_execution,
      ),
    );
    add('yield_callback', 'inline-output', callbackOf(await inline.done));
    // store_secrets / delete_secrets: the worst is the largest ciphertext with the largest whitelist.
    const whitelist = (n: number): unknown => ({
      type: 'Whitelist',
      accounts: Array.from({ length: n }, (_, i) => `${'a'.repeat(56)}${String(i).padStart(8, '0')}`),
    });
    const secrets: [string, number, unknown][] = [
      ['small', 16, { type: 'AllowAll' }],
      ['typical', 2048, whitelist(3)],
      ['worst', 16_384, whitelist(100)],
    ];
    for (const [c, size, condition] of secrets) {
      const args = { repo: `github.com/a/r${c}`, branch: 'main', profile: 'default', encrypted: 'A'.repeat(size), access_condition: condition };
      add('store_secrets', c, await p.call('alice.test', 'store_secrets', args, 10n * NEAR, NEAR_CLIENT_GAS.store_secrets));
      add(
        'delete_secrets',
        c,
        await p.call('alice.test', 'delete_secrets', { repo: args.repo, branch: 'main', profile: 'default' }, 0n, NEAR_CLIENT_GAS.delete_secrets),
      );
    }
  } finally {
    await p.close();
  }
  return rows;
}
