/** getTransaction's result for a landed transaction, in the `json` and `base64` encodings (base64
 * is the wire as sent: nothing is parsed or base58-encoded for it). */
import { utils } from '@coral-xyz/anchor';
import { VersionedTransaction } from '@solana/web3.js';
import type { TxRecord } from '../chain/TxRecord.ts';

const bs58 = utils.bytes.bs58;

export function encodeMeta(r: TxRecord): Record<string, unknown> {
  return {
    err: r.err,
    status: r.err === null ? { Ok: null } : { Err: r.err },
    fee: r.fee,
    preBalances: r.preBalances,
    postBalances: r.postBalances,
    innerInstructions: [],
    logMessages: r.logs,
    preTokenBalances: [],
    postTokenBalances: [],
    rewards: [],
    loadedAddresses: { writable: [], readonly: [] },
    computeUnitsConsumed: r.computeUnits,
  };
}

export function encodeTransaction(r: TxRecord, encoding: string, withVersion: boolean): Record<string, unknown> {
  return {
    slot: r.slot,
    blockTime: r.blockTime,
    meta: encodeMeta(r),
    transaction: encoding === 'base64' ? [r.wire.toString('base64'), 'base64'] : jsonTransaction(r),
    ...(withVersion ? { version: r.version } : {}),
  };
}

function jsonTransaction(r: TxRecord): Record<string, unknown> {
  const tx = VersionedTransaction.deserialize(r.wire);
  const m = tx.message;
  return {
    signatures: tx.signatures.map((s) => bs58.encode(s)),
    message: {
      header: m.header,
      accountKeys: r.accountKeys,
      recentBlockhash: m.recentBlockhash,
      instructions: m.compiledInstructions.map((ix) => ({
        programIdIndex: ix.programIdIndex,
        accounts: ix.accountKeyIndexes,
        data: bs58.encode(ix.data),
        stackHeight: null,
      })),
      ...(tx.version === 'legacy' ? {} : { addressTableLookups: m.addressTableLookups }),
    },
  };
}
