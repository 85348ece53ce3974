// Bootstrap of the local chain's worker thread: worker threads do not inherit the parent's tsx
// loader (Node 20 loader hooks are per thread), so register it here, then load the entry.
import { register } from 'tsx/esm/api';

register();
await import('./chainThreadMain.ts');
