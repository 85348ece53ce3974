/**
 * The owner string of one holding of a lock: the authenticated worker plus a random token that
 * only the acquirer is told. The worker id keeps one worker from using another's token; the token
 * keeps two lanes of one worker (or a stale holder of an expired lock) from freeing each other's.
 */
import { randomBytes } from 'node:crypto';

export const newLockToken = (): string => randomBytes(16).toString('base64url');

export const lockOwner = (workerId: string, token: string): string => `${workerId}/${token}`;
