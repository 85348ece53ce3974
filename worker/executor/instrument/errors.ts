/** Constructors of the instrumenter's coded errors, so every decoder path throws the same shapes. */
import { ErrandError } from '../../../common/errors/index.ts';

export function invalidModule(reason: string, offset?: number): ErrandError<'EXECUTOR__INVALID_MODULE'> {
  const where = offset === undefined ? '' : ` at byte ${offset}`;
  return new ErrandError('EXECUTOR__INVALID_MODULE', `invalid WebAssembly module: ${reason}${where}`, {
    reason,
    ...(offset === undefined ? {} : { offset }),
  });
}

export function unsupportedFeature(feature: string, opcode?: string, offset?: number): ErrandError<'EXECUTOR__UNSUPPORTED_FEATURE'> {
  const op = opcode === undefined ? '' : ` (opcode ${opcode})`;
  const where = offset === undefined ? '' : ` at byte ${offset}`;
  return new ErrandError('EXECUTOR__UNSUPPORTED_FEATURE', `WebAssembly feature not supported by the metering instrumenter: ${feature}${op}${where}`, {
    feature,
    ...(opcode === undefined ? {} : { opcode }),
    ...(offset === undefined ? {} : { offset }),
  });
}

export function hex(n: number): string {
  return `0x${n.toString(16).padStart(2, '0')}`;
}
