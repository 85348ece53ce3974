/** Maps an instrumenter failure to the verdict a run reports (memory_limit or invalid_module). */
import { isErrandError } from '../../../common/errors/index.ts';
import { failed, type Prepared } from './Prepared.ts';

export function instrumentFailure(e: unknown): Prepared {
  if (isErrandError(e, 'EXECUTOR__MEMORY_LIMIT')) return failed('memory_limit', e.code, e.message);
  if (isErrandError(e)) return failed('invalid_module', e.code, e.message);
  throw e;
}
