/**
 * Maps an instrumenter failure to the verdict a run reports: memory_limit for caps on memory and
 * V8-heap resources, invalid_module for everything else (malformed, unsupported, too large).
 */
import { isErrandError } from '../../../common/errors/index.ts';
import { failed, type Prepared } from './Prepared.ts';

export function instrumentFailure(e: unknown): Prepared {
  if (isErrandError(e, 'EXECUTOR__MEMORY_LIMIT') || isErrandError(e, 'EXECUTOR__RESOURCE_LIMIT')) return failed('memory_limit', e.code, e.message);
  if (isErrandError(e)) return failed('invalid_module', e.code, e.message);
  throw e;
}
