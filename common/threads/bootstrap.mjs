// Bootstrap of every TypeScript worker thread: worker threads do not inherit the parent's tsx
// loader (Node 20 loader hooks are per thread), so register it here, then load the entry module
// whose URL startTsThread passed as the thread's first argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
