// Bootstrap of an executor pool thread: worker threads do not get the TypeScript loader from the
// parent's --import=tsx (Node 20 loader hooks are per thread), so register tsx here, then load the
// TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./threadMain.ts');
