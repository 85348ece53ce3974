/**
 * Where module bytes live, by sha256: PgBlobStore (the default with DATABASE_URL: every
 * coordinator of a deployment sees the same bytes) or FileBlobStore (a local directory: the
 * embedded default, or a directory all coordinators mount). The store is not the index: the
 * wasm_modules table says what exists and drives LRU eviction for every coordinator at once.
 */
export interface BlobStore {
  readonly kind: 'postgres' | 'file';
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The bytes as a stream of chunks, or null when absent. Each store checks that what it read
   * hashes to `sha256` and fails the stream with COORDINATOR__BLOB_CORRUPT at its end otherwise. */
  open(sha256: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer> | null>;
  /** The whole blob (open() collected), null when absent. */
  get(sha256: string, signal?: AbortSignal): Promise<Buffer | null>;
  delete(sha256: string): Promise<void>;
}
