/** Path parameters checked before they reach SQL (a non-uuid job id is simply not found). */
import type { Request } from 'express';
import { ErrandError } from '../../common/errors/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function jobIdParam(req: Request): string {
  const id = String(req.params.jobId ?? '');
  if (!UUID.test(id)) throw new ErrandError('COORDINATOR__JOB_NOT_FOUND', `no job ${id.slice(0, 80)}`, { jobId: id.slice(0, 80) });
  return id.toLowerCase();
}

export function requestIdParam(req: Request): string {
  const id = String(req.params.id ?? '');
  if (!UUID.test(id)) throw new ErrandError('COORDINATOR__REQUEST_NOT_FOUND', `no request ${id.slice(0, 80)}`, { id: id.slice(0, 80) });
  return id.toLowerCase();
}
