/**
 * A wall-clock guard for contract code. The local VM does not meter individual WebAssembly
 * instructions (only host calls burn gas), so a contract that loops without calling the host
 * would otherwise hold the Node thread - and with it the whole local chain and its RPC server -
 * forever. The guarded function runs inside a tiny `node:vm` script with a `timeout`: Node's
 * watchdog terminates V8 execution (WebAssembly loops included, V8 checks for termination at
 * loop back-edges) once the deadline passes, and the isolate stays usable afterwards.
 * Does not promise: determinism (how far a looping call gets before the deadline depends on the
 * machine) - only that it stops. Errors thrown by `fn` (HostError...) propagate unchanged.
 */
import vm from 'node:vm';

const context = vm.createContext({ guarded: null as (() => void) | null });
const script = new vm.Script('guarded()', { filename: 'errand-local-near-contract-call' });

/** Runs `fn` with a deadline of `timeoutMs`; returns 'timeout' if the deadline stopped it. */
export function runWithDeadline(fn: () => void, timeoutMs: number): 'done' | 'timeout' {
  context['guarded'] = fn;
  try {
    script.runInContext(context, { timeout: Math.max(1, Math.floor(timeoutMs)) });
    return 'done';
  } catch (e) {
    // The timeout error is created in the vm context, so `instanceof Error` is false: match on the code.
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw e;
  } finally {
    context['guarded'] = null;
  }
}
