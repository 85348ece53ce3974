/** Streams the code section: every function body is metered by the FunctionInstrumenter. */
import { ByteReader } from './ByteReader.ts';
import type { ByteWriter } from './ByteWriter.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import { invalidModule } from './errors.ts';
import { MODULE_CAPS, pastV8Limit, V8_LIMITS } from './moduleCaps.ts';
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
    const functionIndex = m.importedFunctionCount + i;
    if (size > MODULE_CAPS.maxFunctionBodyBytes) {
      const cap = MODULE_CAPS.maxFunctionBodyBytes;
      throw new ErrandError('EXECUTOR__FUNCTION_TOO_LARGE', `function ${functionIndex} has a ${size}-byte body, above the cap of ${cap}`, {
        functionIndex,
        bytes: size,
        cap,
      });
    }
    body.pos = r.pos;
    r.skip(size);
    body.end = r.pos;
    const before = out.len;
    const t = m.functionTypes[i]!;
    instrumenter.instrument(body, m.typeParamCounts[t]!, out, m.typeParamBytes[t]!, i, functionIndex);
    // The body as written: its (padded, 5-byte) size prefix, then the body V8 measures.
    const metered = out.len - before - 5;
    if (metered > V8_LIMITS.maxFunctionBodyBytes) {
      throw pastV8Limit('the function body size', metered, V8_LIMITS.maxFunctionBodyBytes, functionIndex);
    }
  }
  r.expectEnd('code section');
  return instrumenter.charges;
}

export function checkCodePresence(m: DecodedModule): void {
  if (!m.byId[SEC_CODE] && m.functionTypes.length > 0) throw invalidModule('functions declared without a code section');
}
