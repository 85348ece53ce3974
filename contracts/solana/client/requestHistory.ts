/**
 * Finds the transaction that created a Request account and the ExecutionRequested event it logged.
 * The candidates are the account's signatures landed without error in the slot the account records
 * (`slot`); getSignaturesForAddress lists newest first, so the walk pages back until it passes that
 * slot. Anyone can send lamports to a request address, so the pages are capped (MAX_PAGES x 1000
 * signatures): a request buried deeper cannot be read, which the keystore treats as a denial.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import type { Commitment, Connection, PublicKey } from '@solana/web3.js';
import { errandEventPayloads, requestedSourceAndInput, type RequestedSourceAndInput } from './requestedEvent.ts';
import type { RequestView } from './types.ts';

const MAX_PAGES = 5;
const PAGE = 1000;

type Read = <T>(method: string, read: () => Promise<T>) => Promise<T>;

export async function findRequestedEvent(
  connection: Connection,
  programId: PublicKey,
  request: RequestView,
  read: Read,
  commitment: Commitment,
): Promise<RequestedSourceAndInput> {
  const finality = commitment === 'finalized' ? 'finalized' : 'confirmed';
  const slot = Number(request.slot);
  let before: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const sigs = await read('getSignaturesForAddress', () => connection.getSignaturesForAddress(request.address, { before, limit: PAGE }, finality));
    for (const s of sigs) {
      if (s.slot !== slot || s.err !== null) continue;
      const tx = await read('getTransaction', () => connection.getTransaction(s.signature, { commitment: finality, maxSupportedTransactionVersion: 0 }));
      const logs = tx?.meta?.logMessages;
      if (!logs || tx?.meta?.err) continue;
      const found = requestedSourceAndInput(errandEventPayloads(logs, programId.toBase58()), {
        address: request.address.toBytes(),
        sourceHash: request.sourceHash,
        inputHash: request.inputHash,
        http: request.http,
      });
      if (found) return found;
    }
    const last = sigs[sigs.length - 1];
    if (sigs.length < PAGE || !last || last.slot < slot) break;
    before = last.signature;
  }
  throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', `no ExecutionRequested event found for request ${request.requestId}`, {
    what: 'ExecutionRequested',
    detail: `request ${request.address.toBase58()} at slot ${slot}`,
  });
}
