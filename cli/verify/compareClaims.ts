/**
 * Compares what a worker claimed on-chain (`execution_completed`: output, error, fuel, transcript
 * hash) with a re-execution. The output is compared by hash, taken over the bytes the chain hashed
 * to name it: an inline value and NEAR's stored output by the value's UTF-8 text (for a bytes
 * request, its base64), a Solana stored output by the bytes the value stands for (`hashed: 'raw'`:
 * a bytes value's decoded base64, a text or json value's UTF-8). An unsuccessful run compares by its
 * error code.
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

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** What a stored output's sha256 was taken over: `text`, the value's UTF-8 (NEAR's contract);
 * `raw`, the bytes the value stands for (Solana's program: the submitter resolves a bytes value
 * decoded). */
export type StoredHashed = 'text' | 'raw';
const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The chain's claim as one string: `sha256:<hex>` of the output, or `error:<code>`. */
function claimedOutput(completed: Record<string, unknown>): string {
  if (completed['success'] !== true) return `error:${String(rec(completed['error'])['code'] ?? '(none)')}`;
  const out = rec(completed['output']);
  if (out['format'] === 'stored') return `sha256:${String(out['sha256'])}`;
  return typeof out['value'] === 'string' ? `sha256:${sha256(Buffer.from(out['value'], 'utf8'))}` : 'sha256:(no output)';
}

/** `hashed`: what the claim's stored output was hashed over (inline claims hash the text). */
function recomputedOutput(r: ExecutionResponse, hashed: StoredHashed): string {
  if (!r.success) return `error:${r.error?.code ?? '(none)'}`;
  if (!r.output || !('value' in r.output)) return 'sha256:(no output)';
  const { format, value } = r.output;
  return `sha256:${sha256(hashed === 'raw' && format === 'bytes' ? Buffer.from(value, 'base64') : Buffer.from(value, 'utf8'))}`;
}

function storedHashed(completed: Record<string, unknown>): StoredHashed {
  const out = rec(completed['output']);
  return out['format'] === 'stored' && out['hashed'] === 'raw' ? 'raw' : 'text';
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
    { name: 'output', claimed: claimedOutput(completed), recomputed: recomputedOutput(rerun, storedHashed(completed)) },
    { name: 'fuel', claimed: claimedFuel, recomputed: fuel },
  ].map((c) => ({ ...c, name: c.name as Check['name'], match: c.claimed === c.recomputed }));
  const claimedTranscript = typeof completed['transcript_sha256'] === 'string' ? completed['transcript_sha256'] : '(none)';
  if (claimedTranscript !== '(none)' || transcriptSha256 !== undefined) {
    const recomputed = transcriptSha256 ?? '(none)';
    checks.push({ name: 'transcript', claimed: claimedTranscript, recomputed, match: claimedTranscript === recomputed });
  }
  return checks;
}
