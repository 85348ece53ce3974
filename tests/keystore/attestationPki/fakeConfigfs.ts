/**
 * Tests only: configfs-tsm's semantics over a plain temporary directory. Creating a report
 * directory populates `provider` and `generation`; writing `inblob` makes the "TEE" (a
 * SyntheticQuoter) write `outblob` for that report_data and bumps `generation` — what the kernel
 * does on read. `spec` chooses the TD's measurements and attributes per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TsmFs } from '../../../worker/quote/ConfigfsTsmQuoteProvider.ts';
import type { SyntheticQuoter, TdSpec } from './syntheticQuote.ts';

export class FakeConfigfs implements TsmFs {
  readonly root = mkdtempSync(path.join(tmpdir(), 'errand-tsm-'));
  spec: TdSpec = {};
  quotes = 0;
  constructor(readonly quoter: SyntheticQuoter) {}

  async mkdir(dir: string): Promise<void> {
    await mkdir(dir);
    await writeFile(path.join(dir, 'provider'), 'tdx_guest\n');
    await writeFile(path.join(dir, 'generation'), '0\n');
  }

  async rmdir(dir: string): Promise<void> {
    await rm(dir, { recursive: true });
  }

  readFile(file: string): Promise<Buffer> {
    return readFile(file);
  }

  async writeFile(file: string, data: Uint8Array): Promise<void> {
    await writeFile(file, data);
    if (path.basename(file) !== 'inblob') return;
    const dir = path.dirname(file);
    const generation = Number((await readFile(path.join(dir, 'generation'), 'utf8')).trim());
    await writeFile(path.join(dir, 'outblob'), this.quoter.quote({ ...this.spec, reportData: data }));
    await writeFile(path.join(dir, 'generation'), `${generation + 1}\n`);
    this.quotes++;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
