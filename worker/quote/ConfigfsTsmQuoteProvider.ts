/**
 * Quotes through Linux configfs-tsm (Documentation/ABI/testing/configfs-tsm): create a report
 * directory under the tsm root, write report_data to `inblob`, read `outblob` (and `auxblob` on
 * SEV-SNP for the VCEK), check that `generation` advanced by exactly one (no other writer raced
 * us), remove the directory. The file operations go through a small interface so tests can
 * supply configfs's write-triggered semantics over a plain directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrandError } from '../../common/errors/index.ts';
import type { QuoteProvider, TeeEvidence } from '../../keystore/client/QuoteProvider.ts';
import { vcekFromCertTable } from './snpCertTable.ts';

export interface TsmFs {
  mkdir(dir: string): Promise<unknown>;
  rmdir(dir: string): Promise<void>;
  readFile(file: string): Promise<Buffer>;
  writeFile(file: string, data: Uint8Array): Promise<void>;
}

const nodeFs: TsmFs = { mkdir: (d) => mkdir(d), rmdir: (d) => rmdir(d), readFile: (f) => readFile(f), writeFile: (f, d) => writeFile(f, d) };

export const DEFAULT_TSM_ROOT = '/sys/kernel/config/tsm/report';

export class ConfigfsTsmQuoteProvider implements QuoteProvider {
  readonly source = 'configfs-tsm';
  constructor(
    readonly root: string = DEFAULT_TSM_ROOT,
    readonly fs: TsmFs = nodeFs,
  ) {}

  #fail(reason: string, cause?: unknown): ErrandError {
    return new ErrandError('WORKER__QUOTE_UNAVAILABLE', `configfs-tsm quote failed: ${reason}`, { source: this.source, reason }, { cause });
  }

  async quote(reportData: Uint8Array): Promise<TeeEvidence> {
    if (reportData.length !== 64) throw this.#fail('report_data must be 64 bytes');
    const dir = path.join(this.root, `errand-${randomBytes(8).toString('hex')}`);
    try {
      await this.fs.mkdir(dir);
    } catch (e) {
      throw this.#fail(`cannot create ${dir} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, e);
    }
    try {
      const read = async (name: string) => this.fs.readFile(path.join(dir, name));
      const provider = (await read('provider')).toString('utf8').trim();
      const kind = provider === 'tdx_guest' ? 'tdx' : provider === 'sev_guest' ? 'sev-snp' : null;
      if (!kind) throw this.#fail(`unknown TSM provider ${provider}`);
      const before = Number((await read('generation')).toString('utf8').trim());
      await this.fs.writeFile(path.join(dir, 'inblob'), reportData);
      const quote = await read('outblob');
      const vcek = kind === 'sev-snp' ? vcekFromCertTable(await read('auxblob')) : undefined;
      const after = Number((await read('generation')).toString('utf8').trim());
      if (after !== before + 1) throw this.#fail('another writer used the report directory');
      if (quote.length === 0) throw this.#fail('empty outblob');
      return { kind, quote, ...(vcek && { vcek }) };
    } catch (e) {
      if (e instanceof ErrandError) throw e;
      throw this.#fail((e as Error).message, e);
    } finally {
      await this.fs.rmdir(dir).catch(() => undefined);
    }
  }
}
