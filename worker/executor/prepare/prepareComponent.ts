import { ErrandError } from '../../../common/errors/index.ts';
import type { Prepared } from './Prepared.ts';

export async function prepareComponent(_bytes: Uint8Array, _memoryMb: number, _metered: boolean, _key: string): Promise<Prepared> {
  throw new ErrandError('COMMON__UNFINISHED', 'preview 2 components are not runnable yet', { feature: 'p2' });
}
