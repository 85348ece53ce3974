/** Codes of the worker: sources, sandboxes, compile targets and the job loop. Stable: add new codes, never rename or reuse one. */
export interface WorkerErrors {
  /** Placeholder until the family's owner adds its codes; remove once real codes exist. */
  WORKER__UNFINISHED: { feature: string };
}

export const workerHttpStatus: { [K in keyof WorkerErrors]: number } = {
  WORKER__UNFINISHED: 501,
};
