/**
 * Where module bytes live, by sha256. FileBlobStore today; an S3-compatible store can implement
 * the same interface later. The store is not the index: the wasm_modules table says what exists.
 */
export interface BlobStore {
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** null when absent. */
  get(sha256: string): Promise<Buffer | null>;
  delete(sha256: string): Promise<void>;
}
