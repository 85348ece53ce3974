/** Checks InstrumentOptions at the boundary and fills the defaults. */
import { ErrandError } from '../../../common/errors/index.ts';
import { DEFAULT_COST_MODEL, type CostModel } from './costModel.ts';
import type { InstrumentOptions } from './types.ts';

export interface CheckedOptions {
  initialFuel: bigint;
  importFuel: boolean;
  memoryMaxPages: number | undefined;
  deferStart: boolean;
  costModel: CostModel;
}

const MAX_FUEL = (1n << 63n) - 1n;
const MAX_PAGES = 65536;

export function checkOptions(o: InstrumentOptions): CheckedOptions {
  const issues: string[] = [];
  if (typeof o.initialFuel !== 'bigint' || o.initialFuel < 0n || o.initialFuel > MAX_FUEL) {
    issues.push('initialFuel must be a bigint in [0, 2^63-1]');
  }
  if (o.fuelGlobal !== undefined && o.fuelGlobal !== 'export' && o.fuelGlobal !== 'import') {
    issues.push("fuelGlobal must be 'export' or 'import'");
  }
  const cap = o.memoryMaxPages;
  if (cap !== undefined && (!Number.isInteger(cap) || cap < 0 || cap > MAX_PAGES)) {
    issues.push(`memoryMaxPages must be an integer in [0, ${MAX_PAGES}]`);
  }
  const model = o.costModel;
  if (model !== undefined && (model.opcodeFuel.length !== 256 || typeof model.entryFuel !== 'function')) {
    issues.push('costModel needs 256 opcode prices and an entryFuel function');
  }
  if (model?.stack && o.fuelGlobal === 'import') issues.push("a cost model's stack budget needs fuelGlobal 'export'");
  if (issues.length > 0) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `bad instrument options: ${issues.join('; ')}`, { issues });
  }
  return {
    initialFuel: o.initialFuel,
    importFuel: o.fuelGlobal === 'import',
    memoryMaxPages: cap,
    deferStart: o.deferStart === true,
    costModel: model ?? DEFAULT_COST_MODEL,
  };
}
