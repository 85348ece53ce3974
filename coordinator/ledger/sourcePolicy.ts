/**
 * Which sources this coordinator hands to workers. `file://` (a git repository or a module on the
 * worker host's own disk) is for development only: on a shared service it would let any requester
 * make workers read repositories on their own machines. The contract accepts such sources (it
 * cannot know where workers run); the coordinator refuses them here and the worker refuses them
 * again (worker/loop/JobRunner.ts).
 */
import { ErrandError } from '../../common/errors/index.ts';
import { isFileSource, type ExecutionSource } from '../../common/types/index.ts';

/** A coded refusal, or null when the source may run here. */
export function sourceRefusal(source: ExecutionSource, allowFileSources: boolean): ErrandError | null {
  if (allowFileSources || !isFileSource(source)) return null;
  return new ErrandError('COORDINATOR__SOURCE_NOT_ALLOWED', 'file:// sources are accepted only in development mode', { scheme: 'file' });
}
