/**
 * `errand request --chain solana --wait`: follows a Solana request until the program settles it
 * (its ExecutionResolved or ExecutionCancelled event, the truth for money and result), showing the
 * coordinator's stages (claimed, compiled, secrets, executed) meanwhile when the coordinator is
 * known. The chain settles first; the worker reports the execution a moment later, so a few more
 * ledger reads (at most `ledgerGraceMs`) let the executed stage be shown too.
 */
import type { PublicKey } from '@solana/web3.js';
import { sleep } from '../../common/abort.ts';
import { waitForSettlement, type RequestSettlement } from '../../contracts/solana/client/index.ts';
import type { SolanaTarget } from '../endpoint/resolveSolanaTarget.ts';
import { readLedger, type LedgerView } from './requestState.ts';
import { ledgerStages, type Stage, type StageName } from './stages.ts';
import { formatSol } from './formatSol.ts';

export interface SolanaFollowed {
  settlement: RequestSettlement;
  ledger: LedgerView;
}

export interface SolanaFollowOptions {
  secretsRef: { owner: string; profile: string } | null;
  /** How long the settlement may take (the request's compile and execution limits, plus slack). */
  timeoutMs: number;
  intervalMs?: number;
  ledgerGraceMs?: number;
  signal?: AbortSignal;
}

export async function followSolanaRequest(
  t: SolanaTarget,
  request: PublicKey,
  requestId: string,
  onStage: (stage: Stage) => void,
  o: SolanaFollowOptions,
): Promise<SolanaFollowed> {
  const seen = new Set<StageName>();
  const report = (stages: Stage[]): void => {
    for (const stage of stages) {
      if (seen.has(stage.name)) continue;
      seen.add(stage.name);
      onStage(stage);
    }
  };
  const ref = { chain: 'solana' as const, contractId: t.programId, requestId };
  let settlement: RequestSettlement | undefined;
  const settling = waitForSettlement(t.client, request, { signal: o.signal, timeoutMs: o.timeoutMs }).then((s) => (settlement = s));
  // A rejection is rethrown by the `await settling` below; this only keeps it from going unhandled meanwhile.
  settling.catch(() => undefined);
  let ledger: LedgerView = { ledger: null, jobs: [], response: null };
  while (!settlement) {
    if (t.coordinator) {
      ledger = await readLedger(t.coordinator, ref, o.signal);
      report(ledgerStages(ledger, o.secretsRef));
    }
    await Promise.race([sleep(o.intervalMs ?? 150, o.signal), settling]);
  }
  const s = await settling;
  const graceEnd = Date.now() + (t.coordinator ? (o.ledgerGraceMs ?? 3_000) : 0);
  while (t.coordinator && !ledger.response && Date.now() < graceEnd) {
    ledger = await readLedger(t.coordinator, ref, o.signal);
    if (!ledger.response) await sleep(o.intervalMs ?? 150, o.signal);
  }
  report(ledgerStages(ledger, o.secretsRef));
  const by = s.worker ? ` by ${s.worker}` : '';
  report([
    { name: 'resolved', detail: `${s.kind}${by}, success=${String(s.success)}, charged ${formatSol(s.charged)}` },
    { name: 'refunded', detail: `${formatSol(s.refund)} and the request's rent ${formatSol(s.rentRefund)}` },
  ]);
  return { settlement: s, ledger };
}
