/** Checks an uploaded module before it is stored: size, the wasm magic, and that it hashes to its name. */
import { createHash } from 'node:crypto';
import { ErrandError } from '../../common/errors/index.ts';
import { assertSha256Hex } from '../../common/types/index.ts';

const MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function validateUpload(expectedSha256: string, bytes: Uint8Array, maxBytes: number): void {
  assertSha256Hex(expectedSha256);
  if (bytes.length > maxBytes) {
    throw new ErrandError('COORDINATOR__WASM_TOO_LARGE', `module is ${bytes.length} bytes, limit ${maxBytes}`, {
      bytes: bytes.length,
      limitBytes: maxBytes,
    });
  }
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ErrandError('COORDINATOR__WASM_INVALID', 'not a WebAssembly binary (missing \\0asm magic)', { reason: 'bad magic' });
  }
  const actual = sha256Hex(bytes);
  if (actual !== expectedSha256) {
    throw new ErrandError('COORDINATOR__WASM_HASH_MISMATCH', `bytes hash to ${actual}, not ${expectedSha256}`, {
      expected: expectedSha256,
      actual,
    });
  }
}
