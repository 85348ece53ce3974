/**
 * The keystore's check of a coordinator claim ticket (common/tickets), after the attestation
 * verified: signed by the configured coordinator key, for this attested worker key, for the
 * attested request (chain, contract, id), not expired and not longer-lived than
 * MAX_TICKET_LIFETIME_MS. Any failure is KEYSTORE__CLAIM_TICKET_INVALID: the worker does not hold
 * the request's execute lease as far as the keystore can tell. Pure.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { claimTicketSchema, claimTicketSignatureValid, MAX_TICKET_LIFETIME_MS, type ClaimTicket } from '../../common/tickets/index.ts';
import type { Attestation } from './attestationMessage.ts';

function invalid(reason: string): ErrandError {
  return new ErrandError('KEYSTORE__CLAIM_TICKET_INVALID', `claim ticket refused: ${reason}`, { reason });
}

export function checkClaimTicket(raw: unknown, attestation: Attestation, coordinatorPublicKeyHex: string, now = Date.now()): ClaimTicket {
  if (raw === undefined || raw === null) throw invalid("no claim ticket: the worker must hold the request's execute lease");
  const parsed = claimTicketSchema.safeParse(raw);
  if (!parsed.success) throw invalid('malformed');
  const ticket = parsed.data as ClaimTicket;
  if (!claimTicketSignatureValid(ticket, coordinatorPublicKeyHex)) throw invalid('not signed by the coordinator');
  const c = ticket.claims;
  if (c.workerPublicKey !== attestation.workerPublicKey) throw invalid('issued to another worker key');
  const ref = attestation.requestRef;
  if (c.chain !== ref.chain || c.contractId !== ref.contractId || c.requestId !== ref.requestId) throw invalid('issued for another request');
  if (c.expiresAt <= now) throw invalid('expired');
  if (c.expiresAt - now > MAX_TICKET_LIFETIME_MS) throw invalid('lives longer than the keystore accepts');
  return ticket;
}
