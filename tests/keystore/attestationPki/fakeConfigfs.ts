/**
 * Tests only: configfs-tsm's semantics over a plain temporary directory. Creating a report
 * directory populates `provider` and `generation`; writing `inblob` makes the "TEE" (a
 * SyntheticQuoter) write `outblob` for that report_data and bumps `generation` — what the kernel
 * does on read. `spec` chooses the guest's measurements and attributes per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TsmFs } from '../../../worker/quote/ConfigfsTsmQuoteProvider.ts';
import type { TdSpec } from './syntheticQuote.ts';

/** The "TEE" behind the fake: makes an outblob for given report_data (and spec). */
export interface FakeTee<S> {
  readonly provider: 'tdx_guest' | 'sev_guest';
  quote(spec: S & { reportData: Uint8Array }): Uint8Array;
  /** SEV-SNP: the certificate table read from `auxblob`. */
  auxblob?(): Uint8Array;
}

export class FakeConfigfs<S extends object = TdSpec> implements TsmFs {
  readonly root = mkdtempSync(path.join(tmpdir(), 'errand-tsm-'));
  spec = {} as S;
  quotes = 0;
  readonly #tee: FakeTee<S>;
  constructor(tee: FakeTee<S> | { quote(spec: TdSpec): Uint8Array }) {
    this.#tee = 'provider' in tee ? tee : ({ provider: 'tdx_guest', quote: (s: S & { reportData: Uint8Array }) => tee.quote(s) } as FakeTee<S>);
  }

  async mkdir(dir: string): Promise<void> {
    await mkdir(dir);
    await writeFile(path.join(dir, 'provider'), `${this.#tee.provider}\n`);
    if (this.#tee.auxblob) await writeFile(path.join(dir, 'auxblob'), this.#tee.auxblob());
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
    await writeFile(path.join(dir, 'outblob'), this.#tee.quote({ ...this.spec, reportData: data }));
    await writeFile(path.join(dir, 'generation'), `${generation + 1}\n`);
    this.quotes++;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
