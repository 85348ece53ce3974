/** The live list of requests, filtered by chain, status and requester; refreshed on every ledger change (SSE). */
import { describeError, getJson, onEvents } from '../api.ts';
import { field, h, replace, select, table } from '../dom.ts';
import { when } from '../format.ts';
import type { DashboardRequest } from '../types.ts';

const STATUSES = ['new', 'claimed', 'compiling', 'executing', 'resolved', 'failed'] as const;

export function requestsPage(main: HTMLElement): () => void {
  const chain = select('chain', [
    ['', 'all chains'],
    ['near', 'NEAR'],
    ['solana', 'Solana'],
  ]);
  const status = select('status', [['', 'any status'], ...STATUSES.map((s) => [s, s] as const)]);
  const requester = h('input', { name: 'requester', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const list = h('div', { 'aria-live': 'polite' });
  const message = h('p', { role: 'alert' });
  const form = h(
    'form',
    { role: 'search', 'aria-label': 'Filter requests' },
    h('div', { class: 'row' }, field('Chain', chain), field('Status', status), field('Requester', requester, 'account id, exact')),
  );
  replace(main, h('h2', {}, 'Requests'), form, message, list);

  let seq = 0;
  const load = async (): Promise<void> => {
    const mine = ++seq;
    try {
      const r = await getJson<{ requests: DashboardRequest[] }>('/v1/dashboard/requests', {
        chain: chain.value,
        status: status.value,
        requester: requester.value.trim(),
      });
      if (mine !== seq) return;
      message.className = '';
      replace(message);
      replace(
        list,
        r.requests.length === 0
          ? h('p', { class: 'muted' }, 'No requests match.')
          : table(
              ['Request', 'Chain', 'Requester', 'Status', 'Source', 'Recorded'],
              r.requests.map((q) => [
                h('a', { href: `#/requests/${q.id}` }, `#${q.requestId}`),
                q.chain,
                q.senderId,
                h('span', { class: `status status-${q.display}`, 'data-status': q.display }, q.display),
                q.source.kind === 'git' ? q.source.repo : q.source.url,
                when(q.createdAt),
              ]),
              `${r.requests.length} request(s), newest first, updated live`,
            ),
      );
      // When the page first showed data: what the dashboard benchmark reads (bench/dashboard.ts).
      if (performance.getEntriesByName('errand:first-data').length === 0) performance.mark('errand:first-data');
    } catch (e) {
      message.className = 'error';
      replace(message, describeError(e));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  for (const c of [chain, status]) c.addEventListener('change', () => void load());
  requester.addEventListener('input', () => void load());
  void load();
  // The stream's first event states where the ledger is now, which the first load already shows.
  let seen = false;
  return onEvents('/v1/dashboard/requests/stream', {
    changed: () => {
      if (seen) void load();
      seen = true;
    },
  });
}
