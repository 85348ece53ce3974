/**
 * One request: its source and pinned commit, limits, fuel and time used, cost and refund (read
 * from the chain), output as text and hex, its transactions, its HTTP transcript when it has one,
 * and the build log streamed live while it compiles. Follows the request live until it settles.
 */
import { dashboardConfig, describeError, getJson, onEvents } from '../api.ts';
import { dl, h, replace, table } from '../dom.ts';
import { hex, near, outputBytes, sol, when } from '../format.ts';
import type { DashboardConfig, DashboardRequest, JobView, TranscriptView } from '../types.ts';
import { txLink } from '../txLink.ts';

interface Detail {
  request: DashboardRequest;
  jobs: JobView[];
  chain: {
    status?: string;
    charged?: string;
    refunded?: string;
    /** Solana: the rent of the request account, returned when the program closed it. */
    rent_refunded?: string;
    resolved_by?: string | null;
    resources_used?: { instructions: number; time_ms: number; compile_time_ms: number } | null;
  } | null;
  chainError: string | null;
}

function transcriptSection(t: TranscriptView): HTMLElement {
  if (t.kind === 'none') return h('p', { class: 'muted', 'data-testid': 'transcript' }, 'None: no HTTP transcript is kept for this request.');
  if (t.kind === 'unreadable')
    return h('p', { class: 'error', 'data-testid': 'transcript' }, `Stored (${t.bytes} bytes, sha256 ${t.sha256}) but unreadable: ${t.reason}.`);
  const rows = t.exchanges.map((x) => [
    x.method,
    x.url,
    x.status ?? x.error ?? '—',
    `${x.requestBytes} B`,
    x.responseBytes === null ? '—' : `${x.responseBytes} B`,
    x.redirects || '',
  ]);
  return h(
    'div',
    { 'data-testid': 'transcript' },
    h(
      'p',
      { class: 'muted' },
      `${t.total} exchange${t.total === 1 ? '' : 's'}, ${t.bytes} bytes, sha256 ${t.sha256}${t.total > t.exchanges.length ? ` (first ${t.exchanges.length} shown)` : ''}`,
    ),
    table(['Method', 'URL', 'Status', 'Sent', 'Received', 'Redirects'], rows, 'HTTP exchanges in the order the program made them'),
  );
}

function transactions(r: DashboardRequest, d: Detail, config: DashboardConfig | null): HTMLElement {
  const requested = h(
    'span',
    {},
    r.requestTx ? txLink(config, r.chain, r.requestTx) : null,
    `${r.requestTx ? ' · ' : ''}block ${r.blockHeight} (${when(r.createdAt)})`,
  );
  const resolved = r.resolveTx ? txLink(config, r.chain, r.resolveTx) : d.chain?.resolved_by ? `by ${d.chain.resolved_by}` : '—';
  return dl([
    ['Requested', requested],
    ['Resolved', resolved],
    ['Settled on chain', when(r.chainResolvedAt)],
  ]);
}

function outputSection(r: DashboardRequest): HTMLElement {
  const out = r.response?.output;
  if (!r.response) return h('p', { class: 'muted' }, 'No output yet.');
  if (!out)
    return h(
      'p',
      { class: r.response.success ? 'muted' : 'error' },
      r.response.error ? `${r.response.error.message} (${r.response.error.code})` : 'No output.',
    );
  if (out.format === 'stored') return dl([['Stored output', `${out.bytes} bytes, sha256 ${out.sha256}`]]);
  const bytes = outputBytes(out.format, out.value);
  return h(
    'div',
    {},
    h('h4', {}, `Text (${out.format})`),
    h('pre', { 'data-testid': 'output-text' }, out.format === 'bytes' ? new TextDecoder().decode(bytes) : out.value),
    h('h4', {}, `Hex (${bytes.length} bytes)`),
    h('pre', { 'data-testid': 'output-hex' }, hex(bytes)),
  );
}

export function requestPage(main: HTMLElement, id: string): () => void {
  const status = h('p', { 'aria-live': 'polite' });
  const body = h('div');
  const log = h('pre', { 'aria-live': 'off', 'data-testid': 'build-log' });
  const logNote = h('p', { class: 'muted' });
  replace(main, h('p', {}, h('a', { href: '#/requests' }, '← all requests')), h('h2', {}, 'Request'), status, body, h('h3', {}, 'Build log'), logNote, log);
  let logStream: (() => void) | null = null;
  let logJob = '';

  const followLog = (jobs: JobView[]): void => {
    const compile = jobs.find((j) => j.type === 'compile');
    if (!compile) {
      replace(logNote, 'No build: the module was in the cache (or is not built by a worker).');
      return;
    }
    if (compile.id === logJob) return;
    logJob = compile.id;
    replace(log);
    replace(logNote, compile.status === 'running' ? 'Streaming live…' : `Build ${compile.status}.`);
    logStream = onEvents(`/v1/dashboard/jobs/${compile.id}/logs?follow=true`, {
      log: (e) => log.append((e as { chunk: string }).chunk),
      end: (e) => replace(logNote, `Build ${(e as { status: string }).status}.`),
    });
  };

  const load = async (): Promise<void> => {
    try {
      const [d, transcript, config] = await Promise.all([
        getJson<Detail>(`/v1/dashboard/requests/${id}`),
        getJson<TranscriptView>(`/v1/dashboard/requests/${id}/transcript`),
        // Without the settings the page still shows bare hashes.
        dashboardConfig().catch(() => null),
      ]);
      const r = d.request;
      // Amounts in the request's chain's currency: yoctoNEAR or lamports.
      const money = r.chain === 'solana' ? sol : near;
      const used =
        d.chain?.resources_used ??
        (r.response
          ? {
              instructions: r.response.resourcesUsed.instructions,
              time_ms: r.response.resourcesUsed.timeMs,
              compile_time_ms: r.response.resourcesUsed.compileTimeMs,
            }
          : null);
      replace(status, 'Status: ', h('span', { class: `status status-${r.display}`, 'data-status': r.display }, r.display));
      const src = r.source;
      replace(
        body,
        h('h3', {}, `#${r.requestId} on ${r.chain}`),
        dl([
          ['Contract', r.contractId],
          ['Requester', r.senderId],
          ['Payer', r.payerId],
          ['Source', src.kind === 'git' ? `${src.repo} @ ${src.commit}${src.path ? ` (${src.path})` : ''}` : `${src.url} (sha256 ${src.sha256})`],
          ['Pinned commit', r.pinnedCommit ?? '—'],
          ['Worker', r.claimedBy ?? '—'],
          ['Attempts', r.attempts],
        ]),
        h('h3', {}, 'Limits and usage'),
        dl([
          ['Fuel', `${used ? used.instructions.toLocaleString() : '—'} of ${r.limits.maxInstructions.toLocaleString()}`],
          ['Execution time', `${used ? `${used.time_ms} ms` : '—'} of ${r.limits.maxExecutionMs} ms`],
          ['Compile time', `${used ? `${used.compile_time_ms} ms` : '—'} of ${r.limits.maxCompileMs} ms`],
          ['Memory limit', `${r.limits.maxMemoryMb} MiB`],
        ]),
        h('h3', {}, 'Cost'),
        dl([
          ['Deposit', money(r.deposit)],
          ['Charged', money(d.chain?.charged)],
          ['Refunded', money(d.chain?.refunded)],
          ...(r.chain === 'solana' ? [['Rent refunded', sol(d.chain?.rent_refunded)] as [string, string | null]] : []),
          ['On-chain status', d.chain?.status ?? d.chainError ?? '—'],
        ]),
        h('h3', {}, 'Output'),
        outputSection(r),
        r.lastError ? h('p', { class: 'error' }, `Last error: ${r.lastError}${r.rejectCode ? ` (${r.rejectCode})` : ''}`) : null,
        h('h3', {}, 'Transactions'),
        transactions(r, d, config),
        h('h3', {}, 'HTTP transcript'),
        transcriptSection(transcript),
      );
      followLog(d.jobs);
    } catch (e) {
      status.className = 'error';
      status.setAttribute('role', 'alert');
      replace(status, describeError(e));
    }
  };
  void load();
  const stop = onEvents(`/v1/dashboard/requests/${id}/stream`, { changed: () => void load() });
  return () => {
    stop();
    logStream?.();
  };
}
