/**
 * Turns a failed Solana transaction into a coded ErrandError. A program error is found the way
 * Anchor finds it (the `custom program error: 0x<hex>` log line, mapped through the IDL's errors):
 * CHAIN__TX_FAILED with `kind` = the IDL error name (e.g. `DepositTooSmall`) and the numeric code
 * in the message. A transaction refused before execution is CHAIN__INVALID_TRANSACTION.
 */
import type { Idl } from '@coral-xyz/anchor';
import { ErrandError } from '../../../common/errors/index.ts';

export interface ProgramFailure {
  code: number;
  name: string;
}

export function programFailure(idl: Idl, logs: string[] | undefined | null, programId: string): ProgramFailure | undefined {
  for (const line of logs ?? []) {
    const m = new RegExp(`^Program ${programId} failed: custom program error: 0x([0-9a-f]+)$`).exec(line);
    if (!m) continue;
    const code = parseInt(m[1], 16);
    return { code, name: idl.errors?.find((e) => e.code === code)?.name ?? `Custom${code}` };
  }
  return undefined;
}

export function txFailed(idl: Idl, programId: string, signature: string, logs: string[] | undefined | null, detail: string): ErrandError {
  const f = programFailure(idl, logs, programId);
  if (f) return new ErrandError('CHAIN__TX_FAILED', `Errand program error ${f.code} ${f.name}`, { txHash: signature, kind: f.name, message: `${f.code}` });
  return new ErrandError('CHAIN__INVALID_TRANSACTION', `Solana transaction failed: ${detail}`, { reason: detail, detail: (logs ?? []).join('\n') });
}
