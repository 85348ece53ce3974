/** Codes of the WASI executor and the fuel instrumenter. Stable: add new codes, never rename or reuse one. */
export interface ExecutorErrors {
  /** Placeholder until the family's owner adds its codes; remove once real codes exist. */
  EXECUTOR__UNFINISHED: { feature: string };
}

export const executorHttpStatus: { [K in keyof ExecutorErrors]: number } = {
  EXECUTOR__UNFINISHED: 501,
};
