/** Codes of the NEAR and Solana contracts, the local chain and the chain clients. Stable: add new codes, never rename or reuse one. */
export interface ChainErrors {
  /** Placeholder until the family's owner adds its codes; remove once real codes exist. */
  CHAIN__UNFINISHED: { feature: string };
}

export const chainHttpStatus: { [K in keyof ChainErrors]: number } = {
  CHAIN__UNFINISHED: 501,
};
