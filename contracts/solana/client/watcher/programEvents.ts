/**
 * The Anchor events a transaction's logs carry from one program, found by following the log's
 * invoke stack: a `Program data:` line belongs to the program on top of the stack, so another
 * program (called by CPI, or calling Errand) cannot make its own data look like Errand's. Each
 * line is decoded on its own: a line that does not decode is returned as `bad`, never thrown,
 * so one malformed event cannot hide the others or stall a watcher.
 */
import type { Coder } from '@coral-xyz/anchor';

export type ProgramEvent = { ok: true; name: string; data: Record<string, unknown> } | { ok: false; reason: string; raw: Buffer };

const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const DONE = /^Program (\w+) (success|failed)/;
const DATA = 'Program data: ';

export function programEvents(coder: Coder, programId: string, logs: readonly string[]): ProgramEvent[] {
  const stack: string[] = [];
  const out: ProgramEvent[] = [];
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke) {
      stack.push(invoke[1]!);
      continue;
    }
    if (DONE.test(line)) {
      stack.pop();
      continue;
    }
    if (!line.startsWith(DATA) || stack[stack.length - 1] !== programId) continue;
    const b64 = line.slice(DATA.length);
    try {
      const ev = coder.events.decode(b64);
      // Data that is not one of the IDL's events: Errand logs nothing else as data.
      if (ev === null) out.push({ ok: false, reason: 'program data that is no Errand event', raw: Buffer.from(b64, 'base64') });
      else out.push({ ok: true, name: ev.name, data: ev.data as Record<string, unknown> });
    } catch (e) {
      out.push({ ok: false, reason: `undecodable event: ${(e as Error).message}`, raw: Buffer.from(b64, 'base64') });
    }
  }
  return out;
}
