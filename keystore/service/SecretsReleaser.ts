/**
 * The decrypt flow: attestation -> the coordinator's claim ticket for this worker key and request
 * (attestation/checkClaimTicket.ts) -> request from the chain (must exist and be pending) -> the secrets
 * entry it names -> access condition for the request's *sender* (the account that called
 * request_execution; not the payer, who may be a relayer paying on its behalf) -> open the entry
 * with the scope key -> seal to the worker's one-time key. Every outcome is appended to the audit
 * log before it takes effect; a grant whose audit record cannot be written releases nothing.
 */
import { ErrandError, isErrandError, toErrandError } from '../../common/errors/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { ChainRequestView } from '../../common/ports/index.ts';
import type { RequestRef } from '../../common/types/index.ts';
import { verifyAttestation, type AttestationCheck } from '../attestation/verifyAttestation.ts';
import { checkClaimTicket } from '../attestation/checkClaimTicket.ts';
import type { AttestationVerifier } from '../attestation/AttestationVerifier.ts';
import type { AttestationType } from '../attestation/attestationMessage.ts';
import type { ChallengeStore } from '../attestation/ChallengeStore.ts';
import type { AuditEntry, AuditLog } from '../audit/index.ts';
import { requireAccess } from '../conditions/evaluateAccessCondition.ts';
import type { ScopeKeyring } from '../crypto/ScopeKeyring.ts';
import { tryHexToBytes } from '../envelope/bytes.ts';
import { parseEnvelope } from '../envelope/envelope.ts';
import { sealSecretsForWorker, type SealedSecrets } from '../envelope/sealedSecrets.ts';
import { findSecretsEntry } from './findSecretsEntry.ts';
import type { TrustedChains } from './TrustedChains.ts';

export interface SecretsReleaserDeps {
  keyring: ScopeKeyring;
  chains: TrustedChains;
  challenges: ChallengeStore;
  verifiers: ReadonlyMap<AttestationType, AttestationVerifier>;
  audit: AuditLog;
  log: Logger;
  /** Hex ed25519 key the coordinator signs claim tickets with; null: no ticket can be valid (or,
   * with `ticketsOptional`, none is asked for — the insecure dev mode only). */
  coordinatorPublicKey: string | null;
  ticketsOptional?: boolean;
}

export interface ReleasedSecrets {
  sealed: SealedSecrets;
  requestRef: RequestRef;
}

async function readRequest(deps: SecretsReleaserDeps, ref: RequestRef, signal?: AbortSignal): Promise<ChainRequestView> {
  const reader = deps.chains.readerFor(ref.chain, ref.contractId);
  let request: ChainRequestView | null;
  try {
    request = await reader.getRequest(ref.contractId, ref.requestId, signal);
  } catch (e) {
    throw new ErrandError(
      'KEYSTORE__CHAIN_READ_FAILED',
      `request read failed (${isErrandError(e) ? e.code : 'error'})`,
      {
        operation: 'getRequest',
      },
      { cause: e },
    );
  }
  if (!request || request.requestId !== ref.requestId || request.contractId !== ref.contractId) {
    throw new ErrandError('KEYSTORE__REQUEST_NOT_FOUND', 'request not found on the contract', { ...ref });
  }
  if (request.status !== 'pending') {
    throw new ErrandError('KEYSTORE__REQUEST_NOT_PENDING', `request is ${request.status}, not pending`, { status: request.status });
  }
  return request;
}

export class SecretsReleaser {
  readonly #deps: SecretsReleaserDeps;

  constructor(deps: SecretsReleaserDeps) {
    this.#deps = deps;
  }

  async release(rawAttestation: unknown, signal?: AbortSignal, rawTicket?: unknown): Promise<ReleasedSecrets> {
    const deps = this.#deps;
    const entry: AuditEntry = { decision: 'deny', reason: '' };
    try {
      const check: AttestationCheck = await verifyAttestation(rawAttestation, deps.challenges, deps.verifiers, signal);
      const { attestation, worker } = check;
      entry.requestRef = { ...attestation.requestRef };
      entry.worker = { ...worker };
      if (deps.coordinatorPublicKey !== null) checkClaimTicket(rawTicket, attestation, deps.coordinatorPublicKey);
      else if (!deps.ticketsOptional)
        throw new ErrandError('KEYSTORE__CLAIM_TICKET_INVALID', 'claim ticket refused: no coordinator key is configured', { reason: 'no coordinator key' });
      const request = await readRequest(deps, attestation.requestRef, signal);
      entry.requester = request.senderId;
      const stored = await findSecretsEntry(deps.chains.readerFor(request.chain, request.contractId), request, signal);
      entry.secrets = { owner: stored.owner, repo: stored.repo, branch: stored.branch, profile: stored.profile };
      await requireAccess(stored.accessCondition, request.senderId, {
        reader: deps.chains.readerFor(request.chain, request.contractId),
        signal,
      });
      const scope = { chain: request.chain, owner: stored.owner, repo: stored.repo, branch: stored.branch };
      const secrets = deps.keyring.openSecrets(parseEnvelope(stored.encrypted), scope, stored.profile);
      const oneTimeKey = tryHexToBytes(attestation.oneTimePublicKey, 32) as Uint8Array; // shape checked by parseAttestation
      const sealed = sealSecretsForWorker(oneTimeKey, attestation.requestRef, attestation.nonce, secrets);
      const keys = Object.keys(secrets).length;
      await deps.audit.append({ ...entry, decision: 'grant', reason: 'released', secrets: { ...entry.secrets, keys } });
      deps.log.info({ requestRef: attestation.requestRef, worker: worker.accountId, keys }, 'secrets released');
      return { sealed, requestRef: attestation.requestRef };
    } catch (e) {
      const err = toErrandError(e);
      if (err.code === 'KEYSTORE__AUDIT_WRITE_FAILED') throw err;
      entry.code = err.code;
      entry.reason = err.message;
      try {
        await deps.audit.append(entry);
      } catch (auditError) {
        deps.log.error({ code: toErrandError(auditError).code }, 'denial could not be audited');
      }
      deps.log.warn({ code: err.code, requestRef: entry.requestRef, worker: entry.worker?.accountId }, 'secrets denied');
      throw err;
    }
  }
}
