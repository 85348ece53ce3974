export {
  claimTicketSchema,
  claimTicketSigningBytes,
  claimTicketSignatureValid,
  isTicketPublicKeyHex,
  MAX_TICKET_LIFETIME_MS,
  type ClaimTicket,
  type ClaimTicketClaims,
} from './claimTicket.ts';
export { TicketSigner } from './TicketSigner.ts';
