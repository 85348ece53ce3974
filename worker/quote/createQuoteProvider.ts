/** Selects the worker's quote source from its configuration (ERRAND_WORKER_ATTESTATION); undefined for plain ed25519. */
import type { QuoteProvider } from '../../keystore/client/QuoteProvider.ts';
import type { WorkerConfig } from '../config.ts';
import { ConfigfsTsmQuoteProvider } from './ConfigfsTsmQuoteProvider.ts';
import { DstackQuoteProvider } from './DstackQuoteProvider.ts';

export function createQuoteProvider(
  config: Pick<WorkerConfig, 'ERRAND_WORKER_ATTESTATION' | 'ERRAND_WORKER_TSM_PATH' | 'ERRAND_WORKER_DSTACK_SOCKET'>,
): QuoteProvider | undefined {
  switch (config.ERRAND_WORKER_ATTESTATION) {
    case 'configfs-tsm':
      return new ConfigfsTsmQuoteProvider(config.ERRAND_WORKER_TSM_PATH);
    case 'dstack':
      return new DstackQuoteProvider(config.ERRAND_WORKER_DSTACK_SOCKET);
    case 'ed25519':
      return undefined;
  }
}
