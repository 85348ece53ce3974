/** Codes of the keystore: envelopes, access conditions, attestation, audit. Stable: add new codes, never rename or reuse one. */
export interface KeystoreErrors {
  /** Placeholder until the family's owner adds its codes; remove once real codes exist. */
  KEYSTORE__UNFINISHED: { feature: string };
}

export const keystoreHttpStatus: { [K in keyof KeystoreErrors]: number } = {
  KEYSTORE__UNFINISHED: 501,
};
