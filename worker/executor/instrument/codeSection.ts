/** Streams the code section: every function body is metered by the FunctionInstrumenter. */
import { ByteReader } from './ByteReader.ts';
import type { ByteWriter } from './ByteWriter.ts';
import { invalidModule } from './errors.ts';
import { FunctionInstrumenter, type CodeContext } from './FunctionInstrumenter.ts';
import type { DecodedModule } from './moduleDecoder.ts';
import { SEC_CODE } from './sections.ts';

/** Writes the code section's payload (without id and size); returns the number of static charges. */
export function emitCodeSection(m: DecodedModule, ctx: CodeContext, out: ByteWriter): number {
  const s = m.byId[SEC_CODE]!;
  const r = new ByteReader(m.bytes, s.start, s.end);
  const n = r.count(2);
  if (n !== m.functionTypes.length) throw invalidModule(`code section has ${n} bodies for ${m.functionTypes.length} functions`, s.start);
  out.u32(n);
  const instrumenter = new FunctionInstrumenter(ctx);
  const body = new ByteReader(m.bytes);
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    body.pos = r.pos;
    r.skip(size);
    body.end = r.pos;
    const t = m.functionTypes[i]!;
    instrumenter.instrument(body, m.typeParamCounts[t]!, out, m.typeParamBytes[t]!, i);
  }
  r.expectEnd('code section');
  return instrumenter.charges;
}

export function checkCodePresence(m: DecodedModule): void {
  if (!m.byId[SEC_CODE] && m.functionTypes.length > 0) throw invalidModule('functions declared without a code section');
}
