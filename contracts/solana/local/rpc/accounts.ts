/** Account reads: getAccountInfo, getMultipleAccounts, getProgramAccounts (dataSize and memcmp
 * filters), getTokenAccountsByOwner (mint or programId filter), in the base64 encoding (what
 * web3.js and Anchor ask for). */
import { utils } from '@coral-xyz/anchor';
import { PublicKey } from '@solana/web3.js';
import type { LocalSvm } from '../chain/LocalSvm.ts';
import { INVALID_PARAMS, RpcError } from './rpcError.ts';

interface AccountLike {
  lamports(): bigint;
  data(): Uint8Array;
  owner(): Uint8Array;
  executable(): boolean;
}

export function parseKey(v: unknown): PublicKey {
  try {
    return new PublicKey(String(v));
  } catch {
    throw new RpcError(INVALID_PARAMS, `Invalid param: Invalid pubkey ${String(v)}`);
  }
}

export function encodeAccount(a: AccountLike): Record<string, unknown> {
  const data = Buffer.from(a.data());
  return {
    data: [data.toString('base64'), 'base64'],
    executable: a.executable(),
    lamports: Number(a.lamports()),
    owner: new PublicKey(a.owner()).toBase58(),
    rentEpoch: 18446744073709551615,
    space: data.length,
  };
}

export function accountInfo(chain: LocalSvm, key: unknown): Record<string, unknown> | null {
  const a = chain.svm.getAccount(parseKey(key).toBytes());
  return a && a.lamports() > 0n ? encodeAccount(a) : null;
}

interface Filter {
  dataSize?: number;
  memcmp?: { offset: number; bytes: string; encoding?: string };
}

function matches(data: Buffer, filters: Filter[]): boolean {
  for (const f of filters) {
    if (f.dataSize !== undefined && data.length !== f.dataSize) return false;
    if (f.memcmp) {
      const want = f.memcmp.encoding === 'base64' ? Buffer.from(f.memcmp.bytes, 'base64') : Buffer.from(utils.bytes.bs58.decode(f.memcmp.bytes));
      if (!data.subarray(f.memcmp.offset, f.memcmp.offset + want.length).equals(want)) return false;
    }
  }
  return true;
}

export function programAccounts(chain: LocalSvm, program: unknown, filters: Filter[] = []): unknown[] {
  return chain.svm
    .getProgramAccounts(parseKey(program).toBytes())
    .filter((x) => matches(Buffer.from(x.account().data()), filters))
    .map((x) => ({ pubkey: new PublicKey(x.address).toBase58(), account: encodeAccount(x.account()) }));
}

const TOKEN_PROGRAMS = ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb'];

/** As a validator answers it: the mint filter picks the token program that owns the mint; token
 * accounts are matched on their mint (offset 0) and owner (offset 32) fields. */
export function tokenAccountsByOwner(chain: LocalSvm, owner: unknown, filter: unknown, encoding: unknown): unknown[] {
  const ownerKey = parseKey(owner);
  if (encoding !== undefined && encoding !== 'base64')
    throw new RpcError(INVALID_PARAMS, `Invalid params: encoding ${String(encoding)} is not served by the local Solana (use base64)`);
  const f = (filter ?? {}) as { mint?: unknown; programId?: unknown };
  let program: string;
  const filters: Filter[] = [{ memcmp: { offset: 32, bytes: ownerKey.toBase58() } }];
  if (f.mint !== undefined) {
    const mint = parseKey(f.mint);
    const a = chain.svm.getAccount(mint.toBytes());
    program = a ? new PublicKey(a.owner()).toBase58() : '';
    if (!TOKEN_PROGRAMS.includes(program)) throw new RpcError(INVALID_PARAMS, 'Invalid param: could not find mint');
    filters.push({ memcmp: { offset: 0, bytes: mint.toBase58() } });
  } else if (f.programId !== undefined) {
    program = parseKey(f.programId).toBase58();
    if (!TOKEN_PROGRAMS.includes(program)) throw new RpcError(INVALID_PARAMS, `Invalid param: unrecognized Token program id`);
  } else {
    throw new RpcError(INVALID_PARAMS, 'Invalid params: give a mint or programId filter');
  }
  return programAccounts(chain, program, filters).filter((x) => {
    const data = Buffer.from((x as { account: { data: [string, string] } }).account.data[0], 'base64');
    return data.length >= 165 && (data.length === 165 || data[165] === 2);
  });
}
