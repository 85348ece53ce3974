/**
 * Relays a Solana transaction the user's wallet signed in the dashboard: the page's
 * Content-Security-Policy lets it reach only the coordinator, never an RPC node, so the coordinator
 * sends the signed bytes on. It is not an open relay: it sends only a fully signed legacy
 * transaction whose every instruction is the Errand program's store_secrets or delete_secrets (the
 * page's secrets writes), waits for `confirmed`, and turns a failure into the program's coded error.
 * It cannot change what the wallet signed; it only decides whether to pass it on.
 */
import { SendTransactionError, Transaction } from '@solana/web3.js';
import { sleep, withTimeout, throwIfAborted } from '../../common/abort.ts';
import { ErrandError } from '../../common/errors/index.ts';
import type { ErrandSolanaClient } from '../../contracts/solana/client/ErrandSolanaClient.ts';
import { txFailed } from '../../contracts/solana/client/programError.ts';

const MAX_TRANSACTION_BYTES = 1232;
const CONFIRM_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

function refused(reason: string, message: string): ErrandError {
  return new ErrandError('CHAIN__INVALID_TRANSACTION', message, { reason });
}

/** The wire bytes as a transaction the dashboard may relay (every check before anything is sent). */
export function checkRelayable(client: ErrandSolanaClient, wire: Buffer): Transaction {
  if (wire.length > MAX_TRANSACTION_BYTES)
    throw refused('too_large', `the transaction is ${wire.length} bytes; Solana accepts at most ${MAX_TRANSACTION_BYTES}`);
  let tx: Transaction;
  try {
    tx = Transaction.from(wire);
  } catch (e) {
    throw refused('undecodable', `not a legacy Solana transaction: ${e instanceof Error ? e.message : String(e)}`);
  }
  const allowed = ['store_secrets', 'delete_secrets'].map((name) => Buffer.from(client.idl.instructions.find((i) => i.name === name)!.discriminator));
  if (tx.instructions.length === 0) throw refused('empty', 'the transaction has no instruction');
  for (const ix of tx.instructions) {
    if (!ix.programId.equals(client.programId) || !allowed.some((d) => ix.data.subarray(0, 8).equals(d))) {
      throw refused('not_secrets', `the dashboard relays only the Errand program's secrets instructions (program ${client.programId.toBase58()})`);
    }
  }
  if (!tx.verifySignatures(true)) throw refused('unsigned', 'the transaction is not signed by every signer it names');
  return tx;
}

/** Sends and waits for `confirmed`; returns the signature and its slot. */
export async function relaySolanaTransaction(client: ErrandSolanaClient, wire: Buffer, signal?: AbortSignal): Promise<{ signature: string; slot: number }> {
  checkRelayable(client, wire);
  const cancel = withTimeout(signal, CONFIRM_TIMEOUT_MS);
  const programId = client.programId.toBase58();
  let signature: string;
  try {
    signature = await client.connection.sendRawTransaction(wire, { preflightCommitment: 'confirmed' });
  } catch (e) {
    if (e instanceof SendTransactionError) throw txFailed(client.idl, programId, '', e.logs, e.message);
    throw e;
  }
  for (;;) {
    throwIfAborted(cancel, 'solana transaction confirmation', CONFIRM_TIMEOUT_MS);
    const { value } = await client.connection.getSignatureStatuses([signature]);
    const status = value[0];
    if (status && (status.confirmationStatus === 'confirmed' || status.confirmationStatus === 'finalized')) {
      if (status.err) {
        const landed = await client.connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
        throw txFailed(client.idl, programId, signature, landed?.meta?.logMessages, JSON.stringify(status.err));
      }
      return { signature, slot: status.slot };
    }
    await sleep(POLL_MS, cancel).catch(() => undefined);
  }
}
