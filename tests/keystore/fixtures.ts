/**
 * Shared fixtures for keystore tests: a master secret, a scope, a pending request, a registered
 * worker with a real NEAR ed25519 key, and a secrets entry encrypted client-side.
 */
import { Writable } from 'node:stream';
import { KeyPair } from 'near-api-js';
import pino from 'pino';
import type { ChainRequestView, StoredSecretsEntry } from '../../common/ports/index.ts';
import type { AccessCondition, ChainId, ExecutionRequest } from '../../common/types/index.ts';
import type { SecretsProvider } from '../../common/ports/index.ts';
import { TicketSigner, type ClaimTicket, type ClaimTicketClaims } from '../../common/tickets/index.ts';
import { createScopeKeyring } from '../../keystore/crypto/ScopeKeyring.ts';
import { encryptSecrets } from '../../keystore/envelope/encryptSecrets.ts';
import type { KeystoreScope } from '../../keystore/envelope/scope.ts';
import { NearKeyPairSigner } from '../../keystore/client/WorkerSigner.ts';
import { InMemoryChainReaderForTests } from './InMemoryChainReaderForTests.ts';

export const MASTER_HEX = '5f1c0e7a9b3d2c4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6';
export const CONTRACT = 'errand.test.near';
export const REPO = 'https://github.com/alice/app.git';
export const MEASUREMENT = 'ab'.repeat(32);
export const SECRET_VALUE = 'sk-live-very-secret-value-4242';

export const scope = (over: Partial<KeystoreScope> = {}): KeystoreScope => ({ chain: 'near', owner: 'alice.near', repo: REPO, branch: null, ...over });

export function testKeyring() {
  return createScopeKeyring(Buffer.from(MASTER_HEX, 'hex'));
}

export function pendingRequest(over: Partial<ChainRequestView> = {}): ChainRequestView {
  return {
    chain: 'near',
    contractId: CONTRACT,
    requestId: '7',
    senderId: 'bob.near',
    payerId: 'bob.near',
    source: { kind: 'git', repo: REPO, commit: 'c'.repeat(40), target: 'wasm32-wasip1' },
    input: '',
    secretsRef: { owner: 'alice.near', profile: 'default' },
    limits: { maxInstructions: 1e6, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 1000 },
    responseFormat: 'text',
    deposit: '1',
    blockHeight: 1,
    status: 'pending',
    ...over,
  };
}

export function secretsEntry(condition: AccessCondition, over: Partial<StoredSecretsEntry> = {}, envelopeScope = scope()): StoredSecretsEntry {
  const encrypted = encryptSecrets(testKeyring().publicKey(envelopeScope), envelopeScope, over.profile ?? 'default', { API_KEY: SECRET_VALUE, REGION: 'eu' });
  return { owner: 'alice.near', repo: REPO, branch: null, profile: 'default', encrypted, accessCondition: condition, storageDeposit: '1', ...over };
}

export function workerKey() {
  const keyPair = KeyPair.fromRandom('ed25519');
  return { signer: new NearKeyPairSigner(keyPair.toString()), publicKey: keyPair.getPublicKey().toString() };
}

/** A reader holding one pending request, its secrets entry (AllowAll unless given) and one active worker. */
export function world(condition: AccessCondition = { type: 'AllowAll' }) {
  const reader = new InMemoryChainReaderForTests('near');
  const worker = workerKey();
  reader.putRequest(pendingRequest());
  reader.putSecrets(CONTRACT, secretsEntry(condition));
  reader.workers.set(worker.publicKey, {
    accountId: 'worker1.near',
    publicKey: worker.publicKey,
    measurement: MEASUREMENT,
    attestationKind: 'ed25519',
    stake: '1000',
    status: 'active',
  });
  return { reader, worker };
}

/** A pino logger at level trace writing every line into `lines`. */
export function capturedLogger(lines: string[]) {
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l.length > 0),
      );
      cb();
    },
  });
  return pino({ level: 'trace', base: { service: 'keystore' } }, stream);
}

/** The coordinator's claim-ticket key in keystore tests (the keystore is configured with its public key). */
export const TEST_TICKETS = TicketSigner.fromSeedHex('11'.repeat(32));

/** A claim ticket for `workerPublicKey` holding `request`'s execute lease (as the coordinator would sign). */
export function ticketFor(
  workerPublicKey: string,
  request: { chain: ChainId; contractId: string; requestId: string },
  over: Partial<ClaimTicketClaims> = {},
): ClaimTicket {
  return TEST_TICKETS.sign({
    v: 1,
    workerId: 'w-test',
    workerPublicKey,
    chain: request.chain,
    contractId: request.contractId,
    requestId: request.requestId,
    jobId: '00000000-0000-4000-8000-000000000001',
    expiresAt: Date.now() + 60_000,
    ...over,
  });
}

/** A worker's secrets provider that carries a valid claim ticket for every request it asks about. */
export function ticketed(provider: SecretsProvider, workerPublicKey: string): { fetchSecrets(request: ExecutionRequest): Promise<Record<string, string>> } {
  return { fetchSecrets: (request) => provider.fetchSecrets(request, undefined, ticketFor(workerPublicKey, request)) };
}
