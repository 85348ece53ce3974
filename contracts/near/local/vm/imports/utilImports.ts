/** Host functions for hashing, signatures, return values, logs and panics. */
import { hash } from 'node:crypto';
import { keccak_256, keccak_512 } from '@noble/hashes/sha3.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { GAS } from '../gasCosts.ts';
import { HostError } from '../HostError.ts';
import type { HostState } from '../HostState.ts';

/** max_number_logs and max_total_log_length: the second bounds all logs of one call together. */
const MAX_LOGS = 100;
const MAX_TOTAL_LOG_BYTES = 16 * 1024;

export function utilImports(s: HostState): Record<string, (...args: never[]) => unknown> {
  const hashFn =
    (fn: (b: Uint8Array) => Uint8Array) =>
    (len: bigint, ptr: bigint, reg: bigint): void => {
      s.burn(GAS.base);
      const data = s.readBytes(len, ptr);
      s.burn(GAS.sha256Base + GAS.sha256Byte * BigInt(data.length));
      s.setRegister(reg, fn(data));
    };
  const log = (text: string): void => {
    if (s.logs.length >= MAX_LOGS) throw HostError.execution(`NumberOfLogsExceeded { limit: ${MAX_LOGS} }`);
    const bytes = Buffer.byteLength(text);
    const total = s.logBytes + bytes;
    if (total > MAX_TOTAL_LOG_BYTES) throw HostError.execution(`TotalLogLengthExceeded { length: ${total}, limit: ${MAX_TOTAL_LOG_BYTES} }`);
    s.burn(GAS.logBase + GAS.logByte * BigInt(bytes));
    s.logBytes = total;
    s.logs.push(text);
  };
  return {
    sha256: hashFn((b) => new Uint8Array(hash('sha256', b, 'buffer'))),
    keccak256: hashFn((b) => keccak_256(b)),
    keccak512: hashFn((b) => keccak_512(b)),
    ripemd160: hashFn((b) => ripemd160(b)),
    ed25519_verify: (sigLen: bigint, sigPtr: bigint, msgLen: bigint, msgPtr: bigint, pkLen: bigint, pkPtr: bigint): bigint => {
      s.burn(GAS.base);
      const sig = s.readBytes(sigLen, sigPtr);
      const msg = s.readBytes(msgLen, msgPtr);
      const pk = s.readBytes(pkLen, pkPtr);
      if (sig.length !== 64) throw HostError.execution('Ed25519VerifyInvalidInput { msg: "invalid signature length" }');
      if (pk.length !== 32) throw HostError.execution('Ed25519VerifyInvalidInput { msg: "invalid public key length" }');
      try {
        return ed25519.verify(sig, msg, pk) ? 1n : 0n;
      } catch {
        return 0n;
      }
    },
    value_return: (len: bigint, ptr: bigint): void => {
      s.burn(GAS.base);
      s.returnData = { kind: 'value', value: s.readBytes(len, ptr) };
    },
    panic: (): never => {
      throw HostError.execution('Smart contract panicked: explicit guest panic');
    },
    panic_utf8: (len: bigint, ptr: bigint): never => {
      throw HostError.panic(s.readUtf8(len, ptr, true));
    },
    log_utf8: (len: bigint, ptr: bigint): void => {
      s.burn(GAS.base);
      log(s.readUtf8(len, ptr, true));
    },
    log_utf16: (len: bigint, ptr: bigint): void => {
      s.burn(GAS.base);
      const bytes = s.readBytes(len, ptr);
      log(Buffer.from(bytes).toString('utf16le'));
    },
    abort: (msgPtr: number, filePtr: number, line: number, col: number): never => {
      const readAs = (p: number): string => {
        if (p === 0) return '';
        const lenBytes = s.readMemory(BigInt(p - 4), 4n);
        const len = new DataView(lenBytes.buffer).getUint32(0, true);
        return Buffer.from(s.readMemory(BigInt(p), BigInt(len))).toString('utf16le');
      };
      throw HostError.execution(`${readAs(msgPtr)}, filename: "${readAs(filePtr)}" line: ${line} col: ${col}`);
    },
  };
}
