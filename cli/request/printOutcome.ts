/**
 * Prints what a settled (or followed) request came to: its output, fuel, cost and refund, as text
 * or as one JSON object. Returns the exit code: 0 when the request succeeded, 1 otherwise.
 */
import type { RequestState } from './requestState.ts';
import { formatNear } from './stages.ts';

export function outcomeJson(s: RequestState, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requestId: s.requestId,
    ...extra,
    status: s.chain.status,
    success: s.chain.success,
    resolvedBy: s.chain.resolvedBy,
    output: s.response?.output ?? null,
    error: s.response?.error ?? null,
    fuel: s.chain.resourcesUsed?.instructions ?? s.response?.resourcesUsed.instructions ?? null,
    timeMs: s.chain.resourcesUsed?.time_ms ?? s.response?.resourcesUsed.timeMs ?? null,
    transcriptSha256: s.chain.transcriptSha256,
    deposit: s.chain.deposit,
    charged: s.chain.charged,
    refunded: s.chain.refunded,
    storageFee: s.chain.storageFee,
    ledgerStatus: s.ledger?.status ?? null,
    jobs: s.jobs.map((j) => ({ id: j.id, type: j.type, status: j.status, worker: j.lockedBy, attempts: j.attempts })),
  };
}

export function printOutcome(s: RequestState, o: { json: boolean; txHash?: string }): number {
  const ok = s.chain.success === true;
  if (o.json) {
    process.stdout.write(`${JSON.stringify(outcomeJson(s, o.txHash ? { txHash: o.txHash } : {}))}\n`);
    return ok ? 0 : 1;
  }
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`request #${s.requestId}: ${s.chain.status}${s.chain.success === null ? '' : ok ? ' (success)' : ' (failed)'}`);
  const output = s.response?.output;
  if (output && 'value' in output) {
    out(`output (${output.format}):`);
    out(output.value.replace(/\n$/, ''));
    if (output.format === 'text' && /[^\x20-\x7e\n\t]/.test(output.value)) out(`output (hex): ${Buffer.from(output.value, 'utf8').toString('hex')}`);
  } else if (output) {
    out(`output: stored on-chain, sha256 ${output.sha256}, ${output.bytes} bytes`);
  }
  if (s.response?.error) out(`error: ${s.response.error.code}: ${s.response.error.message}`);
  const used = s.chain.resourcesUsed;
  if (used) out(`fuel: ${used.instructions.toLocaleString('en-US')}  time: ${used.time_ms} ms  compile: ${used.compile_time_ms} ms`);
  if (s.chain.transcriptSha256) {
    out(
      `http: ${used?.http_requests ?? 0} requests, ${used?.http_response_bytes ?? 0} response bytes; transcript sha256 ${s.chain.transcriptSha256} (check: npx errand verify ${s.requestId})`,
    );
  }
  out(
    `cost: ${formatNear(s.chain.charged)} charged, ${formatNear(s.chain.refunded)} refunded of ${formatNear(s.chain.deposit)} deposit (storage fee ${formatNear(s.chain.storageFee)})`,
  );
  return ok ? 0 : 1;
}
