/**
 * The stages a user watches a request go through, derived from one RequestState: requested,
 * claimed, compiled, secrets, executed, resolved, refunded. A stage is reported once it is known
 * to have happened; without a coordinator only the chain's stages are known.
 */
import type { LedgerView, RequestState } from './requestState.ts';

export const STAGES = ['requested', 'claimed', 'compiled', 'secrets', 'executed', 'resolved', 'refunded'] as const;
export type StageName = (typeof STAGES)[number];

export interface Stage {
  name: StageName;
  detail: string;
}

const YOCTO_PER_NEAR = 10n ** 24n;

/** yoctoNEAR as NEAR with 6 decimals, exact (no floating point). */
export function formatNear(yocto: string | null): string {
  if (yocto === null) return '-';
  const v = BigInt(yocto);
  return `${v / YOCTO_PER_NEAR}.${(v % YOCTO_PER_NEAR).toString().padStart(24, '0').slice(0, 6)} NEAR`;
}

function claimed(s: LedgerView): Stage | null {
  const holder = s.jobs.find((j) => j.lockedBy)?.lockedBy ?? s.ledger?.claimedBy;
  if (holder) return { name: 'claimed', detail: `by ${holder}` };
  if (s.ledger && s.ledger.status !== 'queued') return { name: 'claimed', detail: `ledger status ${s.ledger.status}` };
  return null;
}

function compiled(s: LedgerView): Stage | null {
  const compile = s.jobs.find((j) => j.type === 'compile');
  const execute = s.jobs.find((j) => j.type === 'execute');
  if (compile?.status === 'done') return { name: 'compiled', detail: `built${s.ledger?.pinnedCommit ? ` at ${s.ledger.pinnedCommit.slice(0, 12)}` : ''}` };
  if (compile?.status === 'failed') return { name: 'compiled', detail: `build failed: ${compile.lastError ?? 'unknown error'}` };
  if (!compile && execute && execute.status !== 'queued') return { name: 'compiled', detail: 'module already cached, no build' };
  return null;
}

function executed(s: LedgerView): Stage | null {
  const r = s.response;
  if (!r) return null;
  const used = `${r.resourcesUsed.instructions.toLocaleString('en-US')} fuel, ${r.resourcesUsed.timeMs} ms`;
  return { name: 'executed', detail: r.success ? used : `${r.error?.code ?? 'failed'}: ${r.error?.message ?? ''} (${used})` };
}

function secrets(s: LedgerView, ref: RequestState['chain']['secretsRef']): Stage | null {
  if (!ref || !s.response) return null;
  const code = s.response.error?.code ?? '';
  return { name: 'secrets', detail: code.startsWith('KEYSTORE__') ? `refused: ${code}` : `granted (${ref.owner}/${ref.profile})` };
}

/** The stages only the coordinator's ledger knows (claimed, compiled, secrets, executed), on either chain. */
export function ledgerStages(s: LedgerView, secretsRef: RequestState['chain']['secretsRef']): Stage[] {
  return [claimed(s), compiled(s), secrets(s, secretsRef), executed(s)].filter((x): x is Stage => x !== null);
}

export function stagesOf(s: RequestState): Stage[] {
  const out: Stage[] = [{ name: 'requested', detail: `request #${s.requestId}, deposit ${formatNear(s.chain.deposit)}` }];
  out.push(...ledgerStages(s, s.chain.secretsRef));
  if (s.chain.status !== 'pending') {
    out.push({
      name: 'resolved',
      detail: `${s.chain.status}${s.chain.resolvedBy ? ` by ${s.chain.resolvedBy}` : ''}, success=${String(s.chain.success)}, charged ${formatNear(s.chain.charged)}`,
    });
    if (s.chain.refunded !== null) out.push({ name: 'refunded', detail: `${formatNear(s.chain.refunded)} of ${formatNear(s.chain.deposit)}` });
  }
  return out;
}
