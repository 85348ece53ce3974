/** Requests and modules for coordinator tests. */
import { createHash, randomBytes } from 'node:crypto';
import type { ExecutionRequest, Sha256Hex } from '../../../common/types/index.ts';

/** A valid WebAssembly module: the 8-byte header plus a custom section carrying `tag` (distinct hashes). */
export function wasmModule(tag = '', padTo = 0): Buffer {
  const name = Buffer.from('t');
  const payload = Buffer.concat([Buffer.from([name.length]), name, Buffer.from(tag), Buffer.alloc(Math.max(0, padTo - tag.length - 20))]);
  const size = leb128(payload.length);
  return Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00]), size, payload]);
}

function leb128(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Buffer.from(out);
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export const commitOf = (i: number): string => createHash('sha1').update(`commit-${i}`).digest('hex');

export function sampleRequest(i: number, over: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    chain: 'near',
    contractId: 'errand.test',
    requestId: String(i),
    senderId: 'alice.test',
    payerId: 'alice.test',
    source: { kind: 'git', repo: 'file:///repos/hello', commit: commitOf(i), target: 'wasm32-wasip1' },
    input: `input-${i}`,
    limits: { maxInstructions: 1_000_000, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 60_000 },
    responseFormat: 'text',
    deposit: '1000000000000000000000',
    blockHeight: 100 + i,
    ...over,
  };
}

export function wasmUrlRequest(i: number, moduleSha: string): ExecutionRequest {
  return sampleRequest(i, { source: { kind: 'wasm_url', url: 'https://example.invalid/m.wasm', sha256: moduleSha as Sha256Hex } });
}

export const okResponse = { success: true, output: { format: 'text' as const, value: 'hi' }, resourcesUsed: { instructions: 10, timeMs: 1, compileTimeMs: 0 } };

export const randomPrefix = (): string => `errand-test:${randomBytes(6).toString('hex')}:`;
