import type { ExecutionResult } from '../../../common/types/execution.ts';
import { ErrandError } from '../../../common/errors/index.ts';
import type { ComponentJob } from './protocol.ts';

export async function runComponentJob(_job: ComponentJob): Promise<ExecutionResult> {
  throw new ErrandError('COMMON__UNFINISHED', 'preview 2 components are not runnable yet', { feature: 'p2' });
}
