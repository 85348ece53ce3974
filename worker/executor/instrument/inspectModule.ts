/** Lists a module's imports, exports, memories and start function without instrumenting it. */
import { decodeModule } from './moduleDecoder.ts';
import type { ModuleInspection } from './types.ts';

export function inspectModule(bytes: Uint8Array): ModuleInspection {
  const m = decodeModule(bytes, false);
  return {
    imports: m.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind })),
    exports: m.exports.map((e) => ({ name: e.name, kind: e.kind })),
    memories: m.memories.map((mem) => ({ min: mem.min, ...(mem.max === undefined ? {} : { max: mem.max }), imported: mem.imported })),
    hasStart: m.start !== undefined,
  };
}
