/** Codes of the coordinator: ledger, jobs, leases, WASM cache, HTTP auth. Stable: add new codes, never rename or reuse one. */
export interface CoordinatorErrors {
  /** Placeholder until the family's owner adds its codes; remove once real codes exist. */
  COORDINATOR__UNFINISHED: { feature: string };
}

export const coordinatorHttpStatus: { [K in keyof CoordinatorErrors]: number } = {
  COORDINATOR__UNFINISHED: 501,
};
