/**
 * Append-only audit log of keystore decisions, in memory (tests, dev) or as a JSONL file. Appends
 * are serialized so the chain has one order; a file append is flushed (datasync) before the
 * decision it records takes effect. A file log verifies the existing chain when it opens and
 * refuses to extend a broken one.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { ErrandError } from '../../common/errors/index.ts';
import { trackResource } from '../../common/testing/leaks.ts';
import { chainAuditRecord, GENESIS_HASH, type AuditEntry, type AuditRecord } from './auditRecord.ts';
import { parseAuditJsonl, verifyAuditChain } from './verifyAuditChain.ts';

export interface AuditLog {
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Every record so far (a file log re-reads its file). */
  records(): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

abstract class ChainedLog implements AuditLog {
  #seq: number;
  #prevHash: string;
  #queue: Promise<unknown> = Promise.resolve();

  protected constructor(last: AuditRecord | null) {
    this.#seq = last?.seq ?? 0;
    this.#prevHash = last?.hash ?? GENESIS_HASH;
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    const next = this.#queue.then(async () => {
      const record = chainAuditRecord(entry, this.#seq + 1, this.#prevHash, new Date());
      try {
        await this.write(record);
      } catch (e) {
        throw new ErrandError('KEYSTORE__AUDIT_WRITE_FAILED', 'audit record could not be written', { reason: (e as Error).message }, { cause: e });
      }
      this.#seq = record.seq;
      this.#prevHash = record.hash;
      return record;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  protected abstract write(record: AuditRecord): Promise<void>;
  abstract records(): Promise<AuditRecord[]>;
  abstract close(): Promise<void>;
}

export class MemoryAuditLog extends ChainedLog {
  readonly #records: AuditRecord[] = [];
  constructor() {
    super(null);
  }
  protected write(record: AuditRecord): Promise<void> {
    this.#records.push(record);
    return Promise.resolve();
  }
  records(): Promise<AuditRecord[]> {
    return Promise.resolve(this.#records.map((r) => ({ ...r })));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class FileAuditLog extends ChainedLog {
  readonly #handle: FileHandle;
  readonly #untrack: () => void;
  readonly #path: string;

  private constructor(handle: FileHandle, last: AuditRecord | null, path: string) {
    super(last);
    this.#handle = handle;
    this.#path = path;
    this.#untrack = trackResource(`keystore audit log ${path}`);
  }

  static async open(path: string): Promise<FileAuditLog> {
    const handle = await open(path, 'a+', 0o600);
    try {
      const text = await readFile(path, 'utf8');
      const last = verifyAuditChain(parseAuditJsonl(text));
      return new FileAuditLog(handle, last, path);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  protected async write(record: AuditRecord): Promise<void> {
    await this.#handle.appendFile(`${JSON.stringify(record)}\n`, 'utf8');
    await this.#handle.datasync();
  }

  async records(): Promise<AuditRecord[]> {
    const text = await readFile(this.#path, 'utf8');
    return parseAuditJsonl(text) as AuditRecord[];
  }

  async close(): Promise<void> {
    await this.#handle.close();
    this.#untrack();
  }
}
