/** Registered workers: stake and attestation kind (from the chain), last heartbeat, jobs in flight, recent results; and the worker accounts of the Solana program when the coordinator reads Solana. */
import { dashboardConfig, describeError, getJson } from '../api.ts';
import { h, replace, table } from '../dom.ts';
import { near, sol, when } from '../format.ts';

interface WorkerRow {
  id: string;
  lastHeartbeatAt: string | null;
  jobsInFlight: number;
  recent: Array<{ requestId: string; chainRequestId: string; type: string; status: string }>;
  chain: { stake: string; attestationKind: string; status: string } | null;
}

interface SolanaWorkerRow {
  authority: string;
  stakeLamports: string;
  status: string;
  registeredSlot: string;
  coordinatorWorker: string | null;
}

/** The Solana program's worker accounts, or nothing when this coordinator does not read Solana. */
async function solanaWorkers(): Promise<HTMLElement | null> {
  const config = await dashboardConfig();
  if (!config.chains.some((c) => c.chain === 'solana' && c.ready)) return null;
  const { programId, workers } = await getJson<{ programId: string; workers: SolanaWorkerRow[] }>('/v1/dashboard/solana/workers');
  return h(
    'section',
    { 'aria-label': 'Solana workers' },
    h('h3', {}, 'Solana program workers'),
    workers.length === 0
      ? h('p', { class: 'muted' }, `No worker accounts on ${programId}.`)
      : table(
          ['Authority', 'Stake', 'Status', 'Registered (slot)', 'Coordinator worker'],
          workers.map((w) => [w.authority, sol(w.stakeLamports), w.status, w.registeredSlot, w.coordinatorWorker ?? '—']),
          `${workers.length} worker account(s) of program ${programId}`,
        ),
  );
}

export function workersPage(main: HTMLElement): () => void {
  const out = h('div', { 'aria-live': 'polite' }, 'Loading…');
  replace(main, h('h2', {}, 'Workers'), out);
  const load = async (): Promise<void> => {
    try {
      const [{ workers }, solana] = await Promise.all([getJson<{ workers: WorkerRow[] }>('/v1/dashboard/workers'), solanaWorkers()]);
      replace(
        out,
        workers.length === 0
          ? h('p', { class: 'muted' }, 'No registered workers.')
          : table(
              ['Worker', 'Stake', 'Attestation', 'On-chain status', 'Last heartbeat', 'Jobs in flight', 'Recent results'],
              workers.map((w) => [
                w.id,
                near(w.chain?.stake),
                w.chain?.attestationKind ?? '—',
                w.chain?.status ?? 'not on chain',
                when(w.lastHeartbeatAt),
                w.jobsInFlight,
                w.recent.length === 0
                  ? '—'
                  : h(
                      'ul',
                      {},
                      ...w.recent.map((j) => h('li', {}, h('a', { href: `#/requests/${j.requestId}` }, `#${j.chainRequestId}`), ` ${j.type} ${j.status}`)),
                    ),
              ]),
              `${workers.length} worker(s), refreshed every 5 s`,
            ),
        solana,
      );
    } catch (e) {
      replace(out, h('p', { class: 'error', role: 'alert' }, describeError(e)));
    }
  };
  void load();
  const timer = setInterval(() => void load(), 5_000);
  return () => clearInterval(timer);
}
