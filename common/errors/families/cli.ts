/** Codes of the `errand` command line: what a user typed or the machine it runs on. */
export interface CliErrors {
  /** `errand request/status/logs` found no running `errand dev` stack and no network flags. */
  CLI__NO_DEV_STACK: { dataDir: string };
  /** A local path was given as a source for a real network, where no worker can read it. */
  CLI__LOCAL_SOURCE_ON_NETWORK: { source: string };
  /** The request id is not known to the chain or to the coordinator. */
  CLI__REQUEST_NOT_FOUND: { requestId: string };
  /** `errand verify` cannot re-execute the request: not settled by a worker, or a part it needs
   * (the chain's events, the module, the transcript) cannot be had. */
  CLI__NOT_VERIFIABLE: { requestId: string; reason: string };
  /** `errand verify` of a request that used secrets, without `--secrets-env FILE`: the program's
   * environment came from the keystore, which releases it only to the worker holding the lease, so
   * only the secrets' owner can re-execute it, by giving the values. A usage error (exit 2). */
  CLI__VERIFY_NEEDS_SECRETS: { requestId: string; owner: string; profile: string };
}

export const cliHttpStatus: { [K in keyof CliErrors]: number } = {
  CLI__NO_DEV_STACK: 503,
  CLI__LOCAL_SOURCE_ON_NETWORK: 400,
  CLI__REQUEST_NOT_FOUND: 404,
  CLI__NOT_VERIFIABLE: 409,
  CLI__VERIFY_NEEDS_SECRETS: 400,
};
