/**
 * Thrown by proc_exit (P1) and wasi:cli/exit (P2) to unwind the guest. Not an error: the runner
 * turns it into status ok (code 0) or exit_nonzero.
 */
export class ProcExit {
  constructor(readonly code: number) {}
}
