/**
 * Compares what a worker claimed on-chain (`execution_completed`: output, error, fuel, transcript
 * hash) with a re-execution. The output is compared by hash: sha256 of the output value's UTF-8
 * bytes, which is also how the contract names a stored (large) output, so inline and stored
 * outputs compare alike; an unsuccessful run compares by its error code.
 */
import { createHash } from 'node:crypto';
import type { ExecutionResponse } from '../../common/types/index.ts';

export interface Check {
  /** `module`: after a rebuild, the rebuilt module's sha256 against the one the worker ran. */
  name: 'output' | 'fuel' | 'transcript' | 'module';
  match: boolean;
  claimed: string;
  recomputed: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The chain's claim as one string: `sha256:<hex>` of the output, or `error:<code>`. */
function claimedOutput(completed: Record<string, unknown>): string {
  if (completed['success'] !== true) return `error:${String(rec(completed['error'])['code'] ?? '(none)')}`;
  const out = rec(completed['output']);
  if (out['format'] === 'stored') return `sha256:${String(out['sha256'])}`;
  return typeof out['value'] === 'string' ? `sha256:${sha256(out['value'])}` : 'sha256:(no output)';
}

function recomputedOutput(r: ExecutionResponse): string {
  if (!r.success) return `error:${r.error?.code ?? '(none)'}`;
  return r.output && 'value' in r.output ? `sha256:${sha256(r.output.value)}` : 'sha256:(no output)';
}

/**
 * `transcriptSha256`: the hash of the transcript that was replayed (the coordinator's bytes), or
 * undefined when the request has none.
 */
export function compareClaims(
  completed: Record<string, unknown>,
  rerun: ExecutionResponse,
  maxInstructions: number,
  transcriptSha256: string | undefined,
): Check[] {
  const claimedFuel = String(rec(completed['resources_used'])['instructions'] ?? '(none)');
  // The chain records fuel capped at the limit paid for.
  const fuel = String(Math.min(rerun.resourcesUsed.instructions, maxInstructions));
  const checks: Check[] = [
    { name: 'output', claimed: claimedOutput(completed), recomputed: recomputedOutput(rerun) },
    { name: 'fuel', claimed: claimedFuel, recomputed: fuel },
  ].map((c) => ({ ...c, name: c.name as Check['name'], match: c.claimed === c.recomputed }));
  const claimedTranscript = typeof completed['transcript_sha256'] === 'string' ? completed['transcript_sha256'] : '(none)';
  if (claimedTranscript !== '(none)' || transcriptSha256 !== undefined) {
    const recomputed = transcriptSha256 ?? '(none)';
    checks.push({ name: 'transcript', claimed: claimedTranscript, recomputed, match: claimedTranscript === recomputed });
  }
  return checks;
}
