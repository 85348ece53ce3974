export { ConfigfsTsmQuoteProvider, DEFAULT_TSM_ROOT, type TsmFs } from './ConfigfsTsmQuoteProvider.ts';
export { DstackQuoteProvider, DEFAULT_DSTACK_SOCKET } from './DstackQuoteProvider.ts';
export { createQuoteProvider } from './createQuoteProvider.ts';
export { vcekFromCertTable } from './snpCertTable.ts';
export { attestationKindOf, registeredAttestationKind } from './registeredAttestationKind.ts';
