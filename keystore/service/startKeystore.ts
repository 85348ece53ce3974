/**
 * Programmatic start of a keystore: loads the master secret into the keyring, opens the audit log,
 * builds the verifier registry (ed25519; tdx and sev-snp per the TEE settings; none only with the insecure
 * dev flag, announced loudly), and listens on an internal address. `close()` stops the server and
 * the audit log. Registered with the leak tracker while open.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrandError } from '../../common/errors/index.ts';
import { createLogger, type Logger } from '../../common/logger.ts';
import { trackResource } from '../../common/testing/leaks.ts';
import { ChallengeStore } from '../attestation/ChallengeStore.ts';
import { ChallengeGate } from '../attestation/ChallengeGate.ts';
import { DisabledNoneVerifier, InsecureNoneVerifier, type AttestationVerifier } from '../attestation/AttestationVerifier.ts';
import type { AttestationType } from '../attestation/attestationMessage.ts';
import { Ed25519Verifier } from '../attestation/Ed25519Verifier.ts';
import { createTeeVerifiers, type TeeTestHooks } from '../attestation/createTeeVerifiers.ts';
import { FileAuditLog, MemoryAuditLog, type AuditLog } from '../audit/AuditLog.ts';
import type { KeystoreSettings } from '../config.ts';
import { createScopeKeyring } from '../crypto/ScopeKeyring.ts';
import { loadMasterSecret } from '../crypto/masterSecret.ts';
import { createKeystoreApp } from './createKeystoreApp.ts';
import { isInternalAddress } from './internalAddress.ts';
import { SecretsReleaser } from './SecretsReleaser.ts';
import { createTrustedChains, type TrustedContract } from './TrustedChains.ts';

export interface StartKeystoreOptions extends KeystoreSettings {
  contracts: TrustedContract[];
  log?: Logger;
  /** Use this audit log instead of the one named by `auditLog` (it is then not closed by close()). */
  audit?: AuditLog;
  /** Tests only: the synthetic PKI's collateral, root and clock for TDX/SNP verification. */
  teeTestHooks?: TeeTestHooks;
}

export interface RunningKeystore {
  url: string;
  audit: AuditLog;
  close(): Promise<void>;
}

export async function startKeystore(options: StartKeystoreOptions): Promise<RunningKeystore> {
  const log = options.log ?? createLogger({ service: 'keystore' });
  if (!options.allowNonInternalBind && !isInternalAddress(options.host)) {
    throw new ErrandError('COMMON__CONFIG_INVALID', `keystore host ${options.host} is not an internal address`, {
      issues: ['KEYSTORE_HOST: must be loopback or private unless KEYSTORE_ALLOW_NON_INTERNAL_BIND=true'],
    });
  }
  const master = loadMasterSecret(options.masterSecret);
  const keyring = createScopeKeyring(master);
  master.fill(0);

  const chains = createTrustedChains(options.contracts);
  const tee = createTeeVerifiers(chains, options.tee, options.teeTestHooks);
  const verifiers = new Map<AttestationType, AttestationVerifier>([
    ['ed25519', new Ed25519Verifier({ chains, measurementAllowlist: new Set(options.measurementAllowlist.map((m) => m.toLowerCase())) })],
    ['tdx', tee.tdx],
    ['sev-snp', tee.snp],
    ['none', options.insecureDevAttestation ? new InsecureNoneVerifier() : new DisabledNoneVerifier()],
  ]);
  if (options.insecureDevAttestation) {
    log.warn(
      { insecureDevAttestation: true },
      '!!! INSECURE DEV ATTESTATION: attestation type "none" is ACCEPTED — any caller that can reach this keystore can obtain secrets its requests are allowed. NEVER use this in production. !!!',
    );
  }
  if (options.measurementAllowlist.length === 0) log.warn('measurement allowlist is empty: no ed25519 worker will be released secrets');

  let ownAudit: AuditLog | undefined;
  if (!options.audit) {
    if (options.auditLog === 'memory') ownAudit = new MemoryAuditLog();
    else {
      mkdirSync(dirname(options.auditLog), { recursive: true });
      ownAudit = await FileAuditLog.open(options.auditLog);
    }
  }
  const audit = options.audit ?? (ownAudit as AuditLog);
  const challenges = new ChallengeStore({
    ttlMs: options.challengeTtlMs,
    maxOutstanding: options.maxOutstandingChallenges,
    maxPerKey: options.maxChallengesPerKey,
  });
  const gate = new ChallengeGate({ chains, challenges, skipRegistry: options.insecureDevAttestation });
  const coordinatorPublicKey = options.coordinatorPublicKey?.toLowerCase() ?? null;
  if (coordinatorPublicKey === null && !options.insecureDevAttestation) {
    log.warn('no coordinator public key (KEYSTORE_COORDINATOR_PUBLIC_KEY): no claim ticket can verify, every secrets request is refused');
  }
  const releaser = new SecretsReleaser({
    keyring,
    chains,
    challenges,
    verifiers,
    audit,
    log,
    coordinatorPublicKey,
    ticketsOptional: options.insecureDevAttestation,
  });
  const app = createKeystoreApp({ keyring, challenges: gate, releaser, decryptTimeoutMs: options.decryptTimeoutMs, log });

  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(options.port, options.host, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once('error', reject);
    });
  } catch (e) {
    await ownAudit?.close();
    throw new ErrandError('COMMON__UNAVAILABLE', `keystore could not listen on ${options.host}:${options.port}`, {
      service: 'keystore',
      reason: (e as Error).message,
    });
  }
  server.headersTimeout = 10_000;
  server.requestTimeout = options.decryptTimeoutMs + 5_000;
  const untrack = trackResource(`keystore server ${options.host}`);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  log.info({ url, insecureDevAttestation: options.insecureDevAttestation, contracts: options.contracts.length }, 'keystore listening');

  let closed: Promise<void> | undefined;
  return {
    url,
    audit,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await ownAudit?.close();
        untrack();
      })();
      return closed;
    },
  };
}
