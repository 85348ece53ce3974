import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevStack } from '../../cli/dev/startDevStack.ts';
process.on('warning', (w) => { console.log('WARNING', w.name, w.message, w.stack); });
const s = await startDevStack({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'errand-warn-')), coordinatorPort: 0 });
await new Promise((r) => setTimeout(r, 4000));
await s.close();
console.log('closed');
