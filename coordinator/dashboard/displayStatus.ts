/**
 * The status a person reads on the dashboard, derived from the ledger's status and the request's
 * running job: new (recorded, waiting), claimed (a worker holds it, nothing running yet),
 * compiling, executing, resolved (the chain has the answer) and failed. Pure: the page and the
 * list filter use the same mapping.
 */
import type { RequestStatus } from '../api/index.ts';

export const DISPLAY_STATUSES = ['new', 'claimed', 'compiling', 'executing', 'resolved', 'failed'] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

export function displayStatus(status: RequestStatus, runningJob: 'compile' | 'execute' | null, failed: boolean): DisplayStatus {
  switch (status) {
    case 'queued':
      return 'new';
    case 'claimed':
      return runningJob === 'compile' ? 'compiling' : runningJob === 'execute' ? 'executing' : 'claimed';
    case 'done':
    case 'resolved':
      return failed ? 'failed' : 'resolved';
    case 'failed':
      return 'failed';
  }
}

/** The ledger statuses a display status can come from (the SQL pre-filter of a list). */
export function ledgerStatusesOf(s: DisplayStatus): RequestStatus[] {
  switch (s) {
    case 'new':
      return ['queued'];
    case 'claimed':
    case 'compiling':
    case 'executing':
      return ['claimed'];
    case 'resolved':
      return ['done', 'resolved'];
    case 'failed':
      return ['failed', 'done', 'resolved'];
  }
}
