/**
 * A transaction on the page: a link to the chain's explorer when the coordinator names one
 * (DASHBOARD_EXPLORER_NEAR / _SOLANA, a URL with `{hash}`), the bare hash otherwise. The hash is
 * the chain's (base58): it is URL-encoded anyway, since the page does not trust what it shows.
 */
import { h } from './dom.ts';
import type { DashboardConfig } from './types.ts';

export function txLink(config: DashboardConfig | null, chain: string, hash: string): HTMLElement {
  const template = config?.explorers?.[chain as 'near' | 'solana'] ?? null;
  const code = h('code', { 'data-testid': 'tx-hash' }, hash);
  if (!template) return code;
  return h('a', { href: template.replace('{hash}', encodeURIComponent(hash)), rel: 'noreferrer noopener', target: '_blank' }, code);
}
