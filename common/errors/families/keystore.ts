/** Codes of the keystore: envelopes, access conditions, attestation, audit. Stable: add new codes, never rename or reuse one. */
export interface KeystoreErrors {
  /** The access condition (or a check before it) refused this execution. `reason` is machine-readable. */
  KEYSTORE__ACCESS_DENIED: { reason: string; account?: string };
  /** The worker's attestation did not verify (bad shape, bad signature, wrong account). */
  KEYSTORE__ATTESTATION_INVALID: { reason: string };
  /** An attestation type this keystore has no verifier for. */
  KEYSTORE__UNSUPPORTED_ATTESTATION: { type: string };
  /** Type `none` was presented to a keystore not started with the insecure dev flag. */
  KEYSTORE__INSECURE_ATTESTATION_DISABLED: { type: string };
  /** The challenge nonce was already used once. */
  KEYSTORE__NONCE_REPLAYED: Record<string, never>;
  /** The nonce was never issued by this keystore, or it expired. */
  KEYSTORE__NONCE_UNKNOWN: { expired: boolean };
  /** Too many outstanding challenges: try again shortly. */
  KEYSTORE__CHALLENGE_LIMIT: { outstanding: number };
  /** The worker key is not registered on the contract. */
  KEYSTORE__WORKER_NOT_REGISTERED: { publicKey: string };
  /** The worker is registered but not active or has no stake. */
  KEYSTORE__WORKER_INACTIVE: { status: string; stake: string };
  /** The attested measurement is not on the keystore's allowlist or differs from the registered one. */
  KEYSTORE__MEASUREMENT_NOT_ALLOWED: { measurement: string };
  /** The envelope bytes are malformed (length, version, encoding) — checked before any decryption. */
  KEYSTORE__ENVELOPE_INVALID: { reason: string };
  /** Authenticated decryption failed: tampered ciphertext, or an envelope made for another scope/profile. */
  KEYSTORE__DECRYPT_FAILED: { reason: string };
  /** The decrypted (or to-be-encrypted) secrets are not a JSON object of env-var-safe KEY -> string. */
  KEYSTORE__SECRETS_INVALID: { reason: string; key?: string };
  /** An access condition refused at store time (or found invalid on-chain at decrypt time). */
  KEYSTORE__CONDITION_INVALID: { issues: string[] };
  /** A scope (chain, owner, repo, branch) or profile value is malformed. */
  KEYSTORE__SCOPE_INVALID: { field: string; reason: string };
  /** The master secret is missing, too short or unreadable. Its value is never included. */
  KEYSTORE__MASTER_SECRET_INVALID: { reason: string };
  /** The request does not exist on the configured contract. */
  KEYSTORE__REQUEST_NOT_FOUND: { chain: string; contractId: string; requestId: string };
  /** The request exists but is no longer pending. */
  KEYSTORE__REQUEST_NOT_PENDING: { status: string };
  /** The request names no secrets, or names an entry the keystore did not find. */
  KEYSTORE__SECRETS_NOT_FOUND: { owner?: string; repo?: string; profile?: string };
  /** The request's contract is not one this keystore trusts (config `contracts`). */
  KEYSTORE__CONTRACT_NOT_TRUSTED: { chain: string; contractId: string };
  /** A chain read needed before deciding failed: the keystore denies. */
  KEYSTORE__CHAIN_READ_FAILED: { operation: string };
  /** The audit log's hash chain does not verify at `line`. */
  KEYSTORE__AUDIT_CHAIN_BROKEN: { line: number; reason: string };
  /** The audit record could not be written; nothing was released. */
  KEYSTORE__AUDIT_WRITE_FAILED: { reason: string };
  /** A TDX/SGX quote or SEV-SNP report was refused; `reason` is one of keystore/attestation/refusal.ts's REFUSAL_REASONS. */
  KEYSTORE__QUOTE_REFUSED: { kind: string; reason: string };
  /** Attestation collateral (TCB info, QE identity, CRLs) could not be obtained fresh: the keystore refuses rather than use stale data. */
  KEYSTORE__COLLATERAL_UNAVAILABLE: { fmspc: string; reason: string };
  /** No valid coordinator claim ticket for this worker and request (missing, forged, expired, another worker's or request's). */
  KEYSTORE__CLAIM_TICKET_INVALID: { reason: string };
  /** The attestation's type is not the kind the worker registered with on the chain (e.g. registered `tdx`, presented `ed25519`). */
  KEYSTORE__ATTESTATION_KIND_MISMATCH: { registered: string; presented: string };
  /** The keystore answered with something its client could not understand (keystore/api schemas). */
  KEYSTORE__BAD_RESPONSE: { status: number; reason: string };
}

export const keystoreHttpStatus: { [K in keyof KeystoreErrors]: number } = {
  KEYSTORE__ACCESS_DENIED: 403,
  KEYSTORE__BAD_RESPONSE: 502,
  KEYSTORE__ATTESTATION_INVALID: 401,
  KEYSTORE__UNSUPPORTED_ATTESTATION: 501,
  KEYSTORE__INSECURE_ATTESTATION_DISABLED: 403,
  KEYSTORE__NONCE_REPLAYED: 401,
  KEYSTORE__NONCE_UNKNOWN: 401,
  KEYSTORE__CHALLENGE_LIMIT: 503,
  KEYSTORE__WORKER_NOT_REGISTERED: 403,
  KEYSTORE__WORKER_INACTIVE: 403,
  KEYSTORE__MEASUREMENT_NOT_ALLOWED: 403,
  KEYSTORE__ATTESTATION_KIND_MISMATCH: 403,
  KEYSTORE__ENVELOPE_INVALID: 400,
  KEYSTORE__DECRYPT_FAILED: 422,
  KEYSTORE__SECRETS_INVALID: 400,
  KEYSTORE__CONDITION_INVALID: 400,
  KEYSTORE__SCOPE_INVALID: 400,
  KEYSTORE__MASTER_SECRET_INVALID: 500,
  KEYSTORE__REQUEST_NOT_FOUND: 404,
  KEYSTORE__REQUEST_NOT_PENDING: 409,
  KEYSTORE__SECRETS_NOT_FOUND: 404,
  KEYSTORE__CONTRACT_NOT_TRUSTED: 403,
  KEYSTORE__CHAIN_READ_FAILED: 503,
  KEYSTORE__AUDIT_CHAIN_BROKEN: 500,
  KEYSTORE__AUDIT_WRITE_FAILED: 500,
  KEYSTORE__QUOTE_REFUSED: 403,
  KEYSTORE__COLLATERAL_UNAVAILABLE: 503,
  KEYSTORE__CLAIM_TICKET_INVALID: 403,
};
