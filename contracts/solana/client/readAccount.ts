/**
 * One account as getAccountInfo (base64) answers it, over rpcCall: the hot path's read of a request
 * (every resolve reads its request first) without web3.js's reply validation. Only the fields a
 * decoder needs are kept and checked; the data stays hostile bytes for the caller's decoder.
 */
import type { Connection, PublicKey } from '@solana/web3.js';
import { ErrandError } from '../../../common/errors/index.ts';
import { rpcCall } from './rpcCall.ts';

export interface RawAccount {
  lamports: number;
  /** The owner program, base58. */
  owner: string;
  data: Buffer;
}

export async function readAccount(connection: Connection, address: PublicKey, commitment = 'confirmed', signal?: AbortSignal): Promise<RawAccount | null> {
  const reply = (await rpcCall(connection, 'getAccountInfo', [address.toBase58(), { commitment, encoding: 'base64' }], signal)) as {
    value?: { lamports?: unknown; owner?: unknown; data?: unknown } | null;
  } | null;
  const v = reply?.value;
  if (v === null) return null;
  const data = v?.data;
  if (!v || typeof v.lamports !== 'number' || typeof v.owner !== 'string' || !Array.isArray(data) || typeof data[0] !== 'string' || data[1] !== 'base64')
    throw new ErrandError('CHAIN__BAD_RESPONSE', `getAccountInfo ${address.toBase58()}: not an account in base64`, {
      method: 'getAccountInfo',
      detail: 'shape',
    });
  return { lamports: v.lamports, owner: v.owner, data: Buffer.from(data[0], 'base64') };
}
