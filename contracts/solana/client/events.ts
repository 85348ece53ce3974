/** Anchor events of the Errand program, decoded from transaction logs with Anchor's EventParser. */
import { EventParser, type Coder } from '@coral-xyz/anchor';
import type { PublicKey } from '@solana/web3.js';

export interface DecodedEvent {
  name: string;
  /** Anchor's decoded fields (camelCase; u64 as BN, pubkeys as PublicKey). */
  data: Record<string, unknown>;
}

/** `coder`: a Program's coder (camelCase names, as Anchor's Program decodes them). */
export function eventParser(programId: PublicKey, coder: Coder): EventParser {
  return new EventParser(programId, coder);
}

export function parseEvents(parser: EventParser, logs: string[]): DecodedEvent[] {
  return [...parser.parseLogs(logs)].map((e) => ({ name: e.name, data: e.data as Record<string, unknown> }));
}
